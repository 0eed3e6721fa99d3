"""A phone's claims stay prompt while hundreds of clients hold connections open.

One run, one server (each async mode, the default limits): a phone makes CLAIMS sequential
open-space claims, each on a new connection, first on a quiet server, then while
SLOWLORIS half-sent requests trickle a header line now and then and IDLE_SOCKETS
WebSockets sit connected to /boards saying nothing. The medians are compared in the
run (the numbers are in docs/deployment.md, "Limits").
"""

from __future__ import annotations

import statistics
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests

from tests.support.raw_clients import idle_websocket, start_slowloris, trickle
from tests.support.server import ApiClient, Person, ServerProcess

CLAIMS = 30
SLOWLORIS = 300
IDLE_SOCKETS = 200
FACTOR = 5  # generous: the attack shares the test machine's two cores with the phone
TRICKLE_SECONDS = 2.0
LATER = datetime.now(UTC).replace(microsecond=0) + timedelta(days=30)


@pytest.fixture(params=["gevent", "threading"])
def server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ServerProcess]:
    with ServerProcess(f"sqlite:///{tmp_path}/store.db", tmp_path / "server.log",
                       args=["--async-mode", request.param]) as process:
        yield process


def open_slots(api: ApiClient, count: int) -> list[str]:
    room = api.admin("POST", "/rooms", {"name": "Hall", "capacity": 300})["id"]
    slots = []
    for hour in range(count):
        starts = LATER + timedelta(hours=hour)
        slots.append(api.admin("POST", "/open-space/slots", {
            "room_id": room, "starts_at": starts.isoformat(),
            "ends_at": (starts + timedelta(minutes=50)).isoformat()})["id"])
    return slots


def claim_times(url: str, phone: Person, slots: list[str]) -> list[float]:
    """Seconds per claim, each on a new connection as a phone on flaky Wi-Fi makes it."""
    times = []
    for slot in slots:
        began = time.monotonic()
        answer = requests.post(f"{url}/api/v1/open-space/slots/{slot}/claim",
                               json={"topic": "Packaging"}, timeout=60,
                               headers={"Authorization": f"Bearer {phone.token}"})
        times.append(time.monotonic() - began)
        assert answer.status_code == 201, answer.text
    return times


class Attack:
    """Half-sent requests kept trickling (reopened when the server cuts them) and idle
    WebSockets, until stopped."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.stopping = threading.Event()
        self.slow = [start_slowloris(url) for _ in range(SLOWLORIS)]
        self.idle = [idle_websocket(url) for _ in range(IDLE_SOCKETS)]
        self.reopened = 0
        self.thread = threading.Thread(target=self._trickle, daemon=True)
        self.thread.start()

    def _trickle(self) -> None:
        line = 0
        while not self.stopping.wait(TRICKLE_SECONDS):
            line += 1
            for index, sock in enumerate(self.slow):
                if not trickle(sock, line):
                    sock.close()
                    self.slow[index] = start_slowloris(self.url)
                    self.reopened += 1

    def stop(self) -> None:
        self.stopping.set()
        self.thread.join(timeout=30)
        for sock in self.slow + self.idle:
            sock.close()


def test_claims_stay_prompt_under_slowloris_and_idle_websockets(server: ServerProcess) -> None:
    api = ApiClient(server.url)
    slots = open_slots(api, 2 * CLAIMS + 5)
    claim_times(server.url, api.register("Warm Up"), slots[-5:])
    quiet = claim_times(server.url, api.register("Quiet Phone"), slots[:CLAIMS])

    attack = Attack(server.url)
    try:
        attacked = claim_times(server.url, api.register("Busy Phone"), slots[CLAIMS:2 * CLAIMS])
        alive = requests.get(f"{server.url}/healthz", timeout=60).status_code
    finally:
        attack.stop()

    quiet_ms = statistics.median(quiet) * 1000
    attacked_ms = statistics.median(attacked) * 1000
    print(f"\n{server.args[-1]}: claim latency, median of {CLAIMS}: quiet {quiet_ms:.1f} ms, "
          f"under attack {attacked_ms:.1f} ms ({SLOWLORIS} slowloris, {IDLE_SOCKETS} idle "
          f"WebSockets); "
          f"max {max(quiet) * 1000:.1f} / {max(attacked) * 1000:.1f} ms")
    assert alive == 200
    assert attacked_ms <= FACTOR * quiet_ms, (quiet_ms, attacked_ms)
