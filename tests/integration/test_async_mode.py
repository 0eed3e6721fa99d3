"""``coordinator serve`` runs gevent by default; threading stays a working fallback.

Every other server test (live boards, scale-out, outages, browsers) runs the default
mode; these check the choice itself, the fallback, and gevent's one new hazard: code
that never yields holds every screen of the process.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from coordinator.config import Settings
from tests.support.screens import Screen
from tests.support.server import ROOT, ApiClient, ServerProcess
from web.modes import async_mode

LATER = datetime.now(UTC).replace(microsecond=0) + timedelta(days=30)


@pytest.mark.parametrize(("argv", "mode"), [
    (["serve"], "gevent"),
    (["serve", "--demo", "--port", "5001"], "gevent"),
    (["serve", "--async-mode", "threading"], "threading"),
    (["serve", "--async-mode=threading", "--demo"], "threading"),
    (["serve", "--async-mode", "gevent"], "gevent"),
    (["load", "conference.yaml"], None),
    (["bench", "--quick"], None),
    ([], None),
])
def test_only_serve_asks_for_gevent_and_the_flag_decides(argv: list[str],
                                                         mode: str | None) -> None:
    assert async_mode(argv) == mode


def test_gevent_mode_refuses_an_unpatched_process(tmp_path: Path) -> None:
    """Half-patched gevent deadlocks in odd places; refuse before opening the store."""
    from web.app import create_app

    settings = Settings(database_url=f"sqlite:///{tmp_path}/store.db")
    with pytest.raises(RuntimeError, match="monkey"):
        create_app(settings, async_mode="gevent")
    assert not (tmp_path / "store.db").exists()


def test_an_unknown_mode_is_refused_by_the_command_line(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "web.main", "serve", "--async-mode", "eventlet"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
        env={"COORDINATOR_DATABASE_URL": f"sqlite:///{tmp_path}/store.db", "PATH": ""})
    assert done.returncode == 2
    assert "invalid choice: 'eventlet'" in done.stderr


@pytest.mark.parametrize("mode", ["gevent", "threading"])
def test_each_mode_serves_claims_and_live_patches(mode: str, database_url: str,
                                                  tmp_path: Path) -> None:
    args = [] if mode == "gevent" else ["--async-mode", mode]
    with ServerProcess(database_url, tmp_path / "server.log", args=args) as server:
        assert f"({mode} mode)" in server.log.read_text()
        api = ApiClient(server.url)
        room = api.admin("POST", "/rooms", {"name": "Room 1", "capacity": 30})["id"]
        slot = api.admin("POST", "/open-space/slots", {
            "room_id": room, "starts_at": LATER.isoformat(),
            "ends_at": (LATER + timedelta(hours=1)).isoformat()})["id"]
        _, token = api.register("Ana")
        screen = Screen(server.url, ["open-space"], transports=["websocket"])
        try:
            screen.snapshot_of("open-space")
            claimed = api.ok("POST", f"/open-space/slots/{slot}/claim", token,
                             {"topic": "Greenlets"})
            patch = screen.patch_of("open-space", claimed["position"])
            assert patch["slot"]["session"]["topic"] == "Greenlets"
        finally:
            screen.close()


CATCH_UP = """
from gevent import monkey

monkey.patch_all()

import sys
import time

import gevent

import projections.engine.runner as runner
from coordinator.application import Coordinator

runner.PAGE = 20
with Coordinator(sys.argv[1]) as app:
    for number in range(200):
        app.add_room(f"Room {number}", 10)
    boards = runner.ProjectionRunner(app, publish=lambda *_: None)
    ticks = []

    def tick():
        while True:
            ticks.append(time.monotonic())
            gevent.sleep(0)

    ticker = gevent.spawn(tick)
    gevent.sleep(0)
    ticks.clear()
    position = boards.catch_up()
    print(position, len(ticks))
    ticker.kill()
"""


def test_a_long_catch_up_lets_other_greenlets_run(database_url: str, tmp_path: Path) -> None:
    """A restart or an outage means thousands of events to fold: screens and requests
    of the same process must get turns between pages, not wait for the end."""
    script = tmp_path / "catch_up.py"
    script.write_text(CATCH_UP)
    done = subprocess.run([sys.executable, str(script), database_url], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    position, ticks = map(int, done.stdout.split())
    assert position >= 200
    pages = position // 20
    assert ticks >= pages, f"{ticks} turns for other greenlets over {pages} pages"
