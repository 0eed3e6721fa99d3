"""A full disk under a real server: SQLite on a small tmpfs (docs/deployment.md, "A full
disk"). Every claim that cannot be stored answers a clear 503, never 201 nor 500; every
acknowledged one survives SIGKILL, on the full disk and after; the file stays sound and
``coordinator verify`` agrees; the boards stay live, though the board checkpoint due in
the rush cannot be written; and claims work again as soon as there is room, without a
restart."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import timedelta
from pathlib import Path
from uuid import UUID

import pytest

from coordinator.application import Coordinator
from projections.engine.runner import CHECKPOINT_EVERY
from tests.support.claim_rush import (
    LATER,
    description,
    refuse_then_recover,
    run_verify,
    verify_store,
)
from tests.support.server import ApiClient, ServerProcess
from tests.support.small_disk import small_disk

pytestmark = pytest.mark.slow

SLOTS = 48
LEFT_FREE = 96 * 1024  # room for a few claims, not for all
# Sessions from before, whose descriptions make a board checkpoint bigger than LEFT_FREE.
EARLIER_SESSIONS = 60
# Events stored before the server starts; the grid and a top-up bring the log to one
# short of the first checkpoint, so that it falls due in the rush.
EARLIER_EVENTS = CHECKPOINT_EVERY - 200


def test_sqlite_on_a_full_disk_refuses_clearly_keeps_what_it_said_and_recovers(
        tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk", megabytes=8) as disk:
        database_url = f"sqlite:///{disk.path}/coordinator.db"
        earlier_days(database_url)
        server = ServerProcess(database_url, tmp_path / "server.log")

        def refuse() -> None:
            register_until(ApiClient(server.url), CHECKPOINT_EVERY - 1)
            # SQLite writes the WAL file over again from its start after each of its own
            # checkpoints, in space it has: emptied, every write needs new room.
            with closing(sqlite3.connect(disk.path / "coordinator.db", timeout=30)) as db:
                assert db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0] == 0
            disk.fill(leave=LEFT_FREE)

        try:
            server.start()
            rush = refuse_then_recover(server, SLOTS, refuse=refuse, lift=disk.empty,
                                       while_down=lambda: check_while_down(database_url))
            assert rush.stored, "nothing fitted in the room left"
            # The first claim stored in the rush made the checkpoint due, and the screen
            # went on getting patches after it (refuse_then_recover waited for them).
            log = (tmp_path / "server.log").read_text()
            assert f"checkpoint at {CHECKPOINT_EVERY} not saved: database or disk is full" in log
            server.stop()
            check_integrity(disk.path / "coordinator.db")
            verify_store(database_url)
        finally:
            server.stop()


def earlier_days(database_url: str) -> None:
    """A store with a past: EARLIER_SESSIONS sessions, then people up to EARLIER_EVENTS."""
    app = Coordinator(database_url)
    try:
        room = UUID(app.add_room("Earlier room", 30).result["id"])
        start = LATER + timedelta(days=10)
        for i in range(EARLIER_SESSIONS):
            slot = UUID(app.open_slot(room, (start + timedelta(hours=i)).isoformat(),
                                      (start + timedelta(hours=i, minutes=50)).isoformat()
                                      ).result["id"])
            host = UUID(app.register_person(f"Host {i}").result["id"])
            app.claim_slot(slot, host, f"Earlier {i}", description(-1 - i))
        while (app.recorder.max_notification_id() or 0) < EARLIER_EVENTS:
            app.register_person("Earlier arrival")
    finally:
        app.close()


def register_until(api: ApiClient, position: int) -> None:
    """Register walk-ins until the log's last position is ``position``."""
    while True:
        answer = api.call("POST", "/people", body={"name": "Walk-in"})
        assert answer.status == 201 and answer.body["position"] <= position, answer
        if answer.body["position"] == position:
            return


def check_while_down(database_url: str) -> None:
    """On the full disk: the file is sound, and ``coordinator verify`` either checks it
    or says the store refused, without a traceback."""
    check_integrity(Path(database_url.removeprefix("sqlite:///")))
    done = run_verify(database_url)  # the history index it checks may need writing
    refused = "coordinator verify: the event store refused: database or disk is full"
    assert (done.returncode, "no differences" in done.stdout) == (0, True) or (
        done.returncode == 2 and refused in done.stderr), (done.stdout, done.stderr)


def check_integrity(path: Path) -> None:
    with closing(sqlite3.connect(path)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
