"""Live boards over Socket.IO with real python-socketio clients and a real server process."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
import socketio

from coordinator.application import Coordinator
from tests.support.screens import WAIT, Screen
from tests.support.server import ApiClient, ServerProcess

LATER = datetime.now(UTC).replace(microsecond=0) + timedelta(days=30)


@pytest.fixture
def server(database_url: str, tmp_path: Path) -> Iterator[ServerProcess]:
    with ServerProcess(database_url, tmp_path / "server.log") as process:
        yield process


@pytest.fixture
def screens() -> Iterator[list[Screen]]:
    opened: list[Screen] = []
    yield opened
    for screen in opened:
        screen.close()


def add_room(api: ApiClient) -> dict[str, Any]:
    return api.admin("POST", "/rooms", {"name": "Room 1", "capacity": 30})


def open_slot(api: ApiClient, room: str) -> str:
    """An open-space slot in ``room``, a month ahead."""
    slot_id: str = api.admin("POST", "/open-space/slots", {
        "room_id": room, "starts_at": LATER.isoformat(),
        "ends_at": (LATER + timedelta(hours=1)).isoformat()})["id"]
    return slot_id


def schedule_shift(api: ApiClient) -> dict[str, Any]:
    """A shift for two, a month ahead."""
    return api.admin("POST", "/shifts", {
        "role": "runner", "location": "Hall", "starts_at": LATER.isoformat(),
        "ends_at": (LATER + timedelta(hours=2)).isoformat(), "capacity": 2})


def test_every_board_gets_a_patch_after_its_command(server: ServerProcess,
                                                    screens: list[Screen]) -> None:
    api = ApiClient(server.url)
    room = add_room(api)["id"]
    slot = open_slot(api, room)
    shift = schedule_shift(api)["id"]
    booth = api.admin("POST", "/booths", {"name": "PSF", "location": "Expo"})["id"]
    _, token = api.register("Ana")

    boards = ["open-space", "shifts", "booths", f"rooms/{room}"]
    screen = Screen(server.url, boards)
    screens.append(screen)
    for board in boards:
        assert screen.snapshot_of(board)["position"] >= 5

    claimed = api.ok("POST", f"/open-space/slots/{slot}/claim", token, {"topic": "Typing"})
    patch = screen.patch_of("open-space", claimed["position"])
    assert set(patch) == {"board", "position", "previous", "slot"}
    assert patch["slot"]["id"] == slot and patch["slot"]["session"]["topic"] == "Typing"
    room_patch = screen.patch_of(f"rooms/{room}", claimed["position"])
    assert room_patch["data"]["slots"][0]["session"]["topic"] == "Typing"

    signed = api.ok("POST", f"/shifts/{shift}/signups", token)
    shift_patch = screen.patch_of("shifts", signed["position"])
    assert shift_patch["shift"]["id"] == shift and shift_patch["shift"]["taken"] == 1

    staffed = api.ok("POST", f"/booths/{booth}/staff", token)
    booth_patch = screen.patch_of("booths", staffed["position"])
    assert booth_patch["booth"]["holder"]["name"] == "Ana"


def test_patches_go_only_to_screens_of_the_changed_board(server: ServerProcess,
                                                         screens: list[Screen]) -> None:
    api = ApiClient(server.url)
    shifts_screen = Screen(server.url, ["shifts"], transports=["websocket"])
    grid_screen = Screen(server.url, ["open-space"])
    screens.extend([shifts_screen, grid_screen])
    shifts_screen.snapshot_of("shifts")
    grid_screen.snapshot_of("open-space")

    room = add_room(api)
    grid_screen.patch_of("open-space", room["position"])
    shift = schedule_shift(api)
    shifts_screen.patch_of("shifts", shift["position"])
    # Patches reach a screen in position order: once the grid has the patch of a later
    # open-space change, a stray patch of the shift would have come before it.
    open_slot(api, room["id"])
    grid_screen.patch_of("open-space", shift["position"] + 1)
    assert all(d["board"] == "shifts" for _, d in shifts_screen.messages)
    assert all(d["board"] == "open-space" for _, d in grid_screen.messages)


def test_unknown_board_is_refused(server: ServerProcess) -> None:
    errors: list[dict[str, Any]] = []
    client = socketio.Client()
    client.on("board_error", errors.append, namespace="/boards")
    client.connect(server.url, namespaces=["/boards"], wait_timeout=10)
    try:
        client.emit("subscribe", {"board": "nonsense"}, namespace="/boards")
        deadline = time.monotonic() + WAIT
        while not errors and time.monotonic() < deadline:
            time.sleep(0.05)
        assert errors and errors[0]["code"] == "not_found"
    finally:
        client.disconnect()


def test_screen_resyncs_after_a_server_restart(server: ServerProcess, database_url: str,
                                               screens: list[Screen]) -> None:
    api = ApiClient(server.url)
    slot = open_slot(api, add_room(api)["id"])
    host, _ = api.register("Ana")
    screen = Screen(server.url, ["open-space"])
    screens.append(screen)
    first = screen.snapshot_of("open-space")
    assert first["data"]["slots"][0]["session"] is None

    server.kill()
    # While the server is down, another process stores a claim.
    with Coordinator(database_url) as other:
        claimed = other.claim_slot(UUID(slot), UUID(host), "Claimed while you were away")
    server.start()

    fresh = screen.snapshot_of("open-space", at_least=claimed.position)
    assert fresh["data"]["slots"][0]["session"]["topic"] == "Claimed while you were away"
