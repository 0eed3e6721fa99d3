"""While a write waits for the store, the server answers everyone else.

Under gevent a commit's wait for the disk used to be a C call on the hub's own
thread, so the whole server stood still for each stored claim (web/store_writes.py).
Here the wait is made as long as the test likes: the test holds SQLite's write lock
on the store's file, so a sign-up's commit queues behind it. Reads must still be
answered meanwhile, and the sign-up must be stored once the lock is let go.
"""

from __future__ import annotations

import sqlite3
import threading
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.support.server import Answer, ApiClient, ServerProcess

LATER = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=30)
READS = 5
# Far longer than a read takes; a server that stood still would never answer while
# the lock is held, so the reads would run into this.
READ_TIMEOUT = 10.0


@pytest.mark.parametrize("mode", ["gevent", "threading"])
def test_reads_are_answered_while_a_write_waits_for_the_store(mode: str,
                                                              tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    args = [] if mode == "gevent" else ["--async-mode", mode]
    with ServerProcess(f"sqlite:///{path}", tmp_path / "server.log", args=args) as server:
        api = ApiClient(server.url)
        shift = api.admin("POST", "/shifts", {
            "role": "Info desk", "location": "Foyer", "capacity": 2,
            "starts_at": LATER.isoformat(), "ends_at": (LATER + timedelta(hours=2)).isoformat(),
        })["id"]
        person = api.register("Ada")
        answers: list[Answer] = []
        with closing(sqlite3.connect(path, isolation_level=None)) as holder:
            holder.execute("BEGIN IMMEDIATE")  # SQLite's one write lock, held by the test
            signing_up = threading.Thread(target=lambda: answers.append(
                api.call("POST", f"/shifts/{shift}/signups", person.token)))
            signing_up.start()
            reads = []
            for _ in range(READS):
                signing_up.join(0.2)  # time for the sign-up to reach the store
                reads.append(requests.get(f"{server.url}/api/v1/shifts",
                                          timeout=READ_TIMEOUT))
            # The sign-up was waiting all along: the reads were answered meanwhile.
            assert signing_up.is_alive() and not answers
            holder.execute("ROLLBACK")
        signing_up.join(30)
        assert [r.status_code for r in reads] == [200] * READS
        assert [taken(r.json(), shift) for r in reads] == [0] * READS
        assert [a.status for a in answers] == [201]
        assert taken(api.ok("GET", "/shifts"), shift) == 1


def taken(listing: dict[str, Any], shift: str) -> int:
    found: int = next(s["taken"] for s in listing["shifts"] if s["id"] == shift)
    return found
