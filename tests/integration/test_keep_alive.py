"""A request on a kept-alive connection is answered as fast as on a new connection.

Every browser and phone keeps its connections alive. The servers wrote a response's
head and body in two ``send()`` calls, and with Nagle's algorithm on, the body waited
for the client's delayed acknowledgement of the head: about 44 ms per request on a
kept-alive connection, against 1 to 2 ms on a new one (docs/performance.md,
"Kept-alive connections"). The two kinds of request alternate here, on one real
server, so a busier moment of the machine falls on both alike; no absolute times.
"""

from __future__ import annotations

import http.client
import statistics
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.support.server import ApiClient, Person, ServerProcess

REQUESTS = 120  # of each kind, per endpoint
SHIFTS = 12  # back to back, so that one person can take every one of them
PEOPLE = 2 * REQUESTS // SHIFTS  # each signs up for every shift: a sign-up apiece
# The stall made the kept-alive median 10 to 40 times the other; this leaves room for
# a shared machine's noise and still catches it.
SLACK = 1.5
LATER = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=30)


def timed(conn: http.client.HTTPConnection, method: str, path: str,
          headers: dict[str, str]) -> tuple[float, http.client.HTTPResponse]:
    """Seconds from sending the request to the last byte of the answer (the connect
    too, for a connection not open yet)."""
    began = time.perf_counter()
    conn.request(method, path, body=b"" if method == "POST" else None,
                 headers={**headers, "Content-Length": "0"} if method == "POST" else headers)
    answer = conn.getresponse()
    answer.read()
    return time.perf_counter() - began, answer


def compare(port: int, requests: list[tuple[str, str, dict[str, str]]],
            expected: int) -> tuple[list[float], list[float], int]:
    """Send ``requests`` alternately on one kept-alive connection and on a new
    connection each; the seconds of each kind, and how often the kept one was closed."""
    kept = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    kept.connect()
    on_kept: list[float] = []
    on_new: list[float] = []
    closed = 0
    try:
        for i, (method, path, headers) in enumerate(requests):
            if i % 2 == 0:
                seconds, answer = timed(kept, method, path, headers)
                on_kept.append(seconds)
                closed += answer.will_close
            else:
                fresh = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                try:
                    seconds, answer = timed(fresh, method, path, headers)
                finally:
                    fresh.close()
                on_new.append(seconds)
            assert answer.status == expected, (path, answer.status)
    finally:
        kept.close()
    return on_kept, on_new, closed


def sign_ups(api: ApiClient) -> list[tuple[str, str, dict[str, str]]]:
    """``2 * REQUESTS`` sign-ups that all succeed: every person on every shift."""
    shifts = [api.admin("POST", "/shifts", {
        "role": "Registration desk", "location": "Foyer", "capacity": PEOPLE,
        "starts_at": (LATER + timedelta(hours=h)).isoformat(),
        "ends_at": (LATER + timedelta(hours=h + 1)).isoformat()})["id"]
        for h in range(SHIFTS)]
    people: list[Person] = [api.register(f"Volunteer {n}") for n in range(PEOPLE)]
    return [("POST", f"/api/v1/shifts/{shift}/signups",
             {"Authorization": f"Bearer {person.token}"})
            for shift in shifts for person in people]


@pytest.mark.parametrize("mode", ["gevent", "threading"])
def test_a_kept_alive_connection_is_no_slower_than_new_ones(mode: str, tmp_path: Path) -> None:
    args = [] if mode == "gevent" else ["--async-mode", mode]
    with ServerProcess(f"sqlite:///{tmp_path}/store.db", tmp_path / "server.log",
                       args=args) as server:
        api = ApiClient(server.url)
        found = {"healthz": compare(server.port, [("GET", "/healthz", {})] * (2 * REQUESTS),
                                    200),
                 "sign-up": compare(server.port, sign_ups(api), 201)}
        shifts = api.ok("GET", "/shifts")["shifts"]
    medians = {what: (statistics.median(kept) * 1000, statistics.median(new) * 1000)
               for what, (kept, new, _) in found.items()}
    for what, (kept_ms, new_ms) in medians.items():
        assert kept_ms <= new_ms * SLACK, (what, medians)
    # Both servers keep connections alive, so the kept-alive numbers above really are
    # of one connection.
    assert [closed for _, _, closed in found.values()] == [0, 0]
    assert [s["taken"] for s in shifts] == [PEOPLE] * SHIFTS
