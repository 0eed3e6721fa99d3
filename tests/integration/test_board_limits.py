"""What one Socket.IO connection may ask of /boards, against a real server with real
python-socketio clients: unknown boards refused, a bounded number of subscriptions, and
a client that floods events dropped while another screen keeps getting its patches."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import socketio

from tests.support.raw_clients import connect, idle_websocket, masked_frame, read_response_head
from tests.support.screens import Screen
from tests.support.server import ROOT, ApiClient, Person, ServerProcess
from web.board_limits import SUBSCRIPTIONS
from web.server_limits import MESSAGE_LIMIT

LATER = datetime.now(UTC).replace(microsecond=0) + timedelta(days=30)
PATCHES = 15
FLOODERS = 3
FACTOR = 5  # generous: the flooders share the test machine's cores with the screen


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    folder = tmp_path_factory.mktemp("boards")
    with ServerProcess(f"sqlite:///{folder}/store.db", folder / "server.log") as process:
        yield process


class Client:
    """A bare /boards client that records what it is told."""

    def __init__(self, url: str) -> None:
        self.events: list[tuple[str, Any]] = []
        self.client = socketio.Client(reconnection=False)
        for name in ("board_snapshot", "board_error"):
            self.client.on(name, lambda data, name=name: self.events.append((name, data)),
                           namespace="/boards")
        self.client.on("disconnect", lambda *_: self.events.append(("disconnect", None)),
                       namespace="/boards")
        self.client.connect(url, namespaces=["/boards"], transports=["websocket"],
                            wait_timeout=10)

    def send(self, event: str, board: str) -> None:
        self.client.emit(event, {"board": board}, namespace="/boards")

    def wait_for(self, count: int, timeout: float = 15) -> list[tuple[str, Any]]:
        deadline = time.monotonic() + timeout
        while len(self.events) < count:
            assert time.monotonic() < deadline, self.events
            time.sleep(0.02)
        return self.events

    def close(self) -> None:
        self.client.disconnect()


def test_unknown_boards_are_refused_and_take_no_place(server: ServerProcess) -> None:
    client = Client(server.url)
    try:
        for index in range(SUBSCRIPTIONS):
            client.send("subscribe", f"rooms/no-such-room-{index}")
        client.send("subscribe", "open-space")
        events = client.wait_for(SUBSCRIPTIONS + 1)
        refusals = [data for name, data in events if name == "board_error"]
        assert len(refusals) == SUBSCRIPTIONS
        assert {data["code"] for data in refusals} == {"not_found"}
        # Had the unknown boards been joined, this one would be over the allowance.
        assert events[-1][0] == "board_snapshot" and events[-1][1]["board"] == "open-space"
    finally:
        client.close()


def test_a_connection_follows_a_bounded_number_of_boards(server: ServerProcess) -> None:
    api = ApiClient(server.url)
    rooms = [api.admin("POST", "/rooms", {"name": f"Room {i}", "capacity": 20})["id"]
             for i in range(SUBSCRIPTIONS)]
    boards = [f"rooms/{room}" for room in rooms]
    client = Client(server.url)
    try:
        for board in boards[:SUBSCRIPTIONS]:
            client.send("subscribe", board)
        client.send("subscribe", "open-space")
        client.send("subscribe", boards[0])  # again (a kiosk after a gap): still allowed
        events = client.wait_for(SUBSCRIPTIONS + 2)
        refused = [data for name, data in events if name == "board_error"]
        assert [(d["board"], d["code"]) for d in refused] == [("open-space", "too_many_boards")]
        assert sum(name == "board_snapshot" for name, _ in events) == SUBSCRIPTIONS + 1
        client.send("unsubscribe", boards[1])
        client.send("subscribe", "open-space")
        assert client.wait_for(SUBSCRIPTIONS + 3)[-1][1]["board"] == "open-space"
    finally:
        client.close()


def test_a_message_over_the_limit_closes_the_websocket(server: ServerProcess) -> None:
    """simple-websocket would read a message of any size whole; the server refuses one
    over MESSAGE_LIMIT from its header, and keeps serving everyone else."""
    sock = idle_websocket(server.url)
    try:
        sock.sendall(masked_frame(b"42/boards," + b"x" * (MESSAGE_LIMIT + 1))[:200])
        sock.settimeout(10)  # the rest of the message never comes: only the server ends it
        while sock.recv(65536):
            pass
    finally:
        sock.close()
    with connect(server.url) as other:
        other.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        assert read_response_head(other)[0] == 200


class Flooders:
    """FLOODERS clients in a process of their own (tests/support/flood.py), so that
    they compete with the screen for the machine's cores, not for this process's GIL."""

    def __init__(self, url: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.support.flood", url, str(FLOODERS)],
            cwd=ROOT, stdout=subprocess.PIPE, stdin=subprocess.PIPE, text=True)
        assert self.process.stdout is not None
        assert self.process.stdout.readline().strip() == "flooding"

    def stop(self) -> list[dict[str, Any]]:
        """What each flooder saw: how often it was dropped, the refusal codes."""
        out, _ = self.process.communicate("stop\n", timeout=60)
        return [json.loads(line) for line in out.splitlines() if line.strip()]


def patch_latencies(url: str, screen: Screen, phone: Person, slots: list[str]) -> list[float]:
    """Seconds from sending each claim to the screen holding its patch."""
    api = ApiClient(url)
    times = []
    for slot in slots:
        began = time.monotonic()
        claimed = api.ok("POST", f"/open-space/slots/{slot}/claim", phone.token,
                         {"topic": "Flood defence"})
        screen.patch_of("open-space", claimed["position"])
        times.append(time.monotonic() - began)
    return times


def test_a_flooding_client_is_dropped_and_other_screens_keep_their_patches(
        server: ServerProcess) -> None:
    api = ApiClient(server.url)
    room = api.admin("POST", "/rooms", {"name": "Flood Hall", "capacity": 20})["id"]
    slots = []
    for hour in range(2 * PATCHES):
        starts = LATER + timedelta(days=1, hours=hour)
        slots.append(api.admin("POST", "/open-space/slots", {
            "room_id": room, "starts_at": starts.isoformat(),
            "ends_at": (starts + timedelta(minutes=50)).isoformat()})["id"])
    screen = Screen(server.url, ["open-space"], transports=["websocket"])
    try:
        screen.snapshot_of("open-space")
        quiet = patch_latencies(server.url, screen, api.register("Quiet"), slots[:PATCHES])
        flood = Flooders(server.url)
        try:
            time.sleep(0.5)  # every flooder connected and sending
            flooded = patch_latencies(server.url, screen, api.register("Flooded"),
                                      slots[PATCHES:])
        finally:
            flooders = flood.stop()
        patches = [d for k, d in screen.received("open-space") if k == "board_patch"]
    finally:
        screen.close()

    quiet_ms = statistics.median(quiet) * 1000
    flooded_ms = statistics.median(flooded) * 1000
    print(f"\npatch latency, median of {PATCHES}: quiet {quiet_ms:.1f} ms, with {FLOODERS} "
          f"flooding clients {flooded_ms:.1f} ms; flooders dropped "
          f"{sum(f['dropped'] for f in flooders)} times")
    assert len(flooders) == FLOODERS
    for flooder in flooders:
        assert flooder["dropped"] >= 1 and "rate_limited" in flooder["refusals"]
    assert len({d["slot"]["id"] for d in patches}) == 2 * PATCHES  # every claim's patch
    assert flooded_ms <= FACTOR * quiet_ms, (quiet_ms, flooded_ms)
