"""``coordinator serve --workers N``: N gevent processes on consecutive ports, kept running.

The quick local try of the several-process set-up (docs/deployment.md): the workers
share PostgreSQL and Redis, a command on one reaches a screen on another, a worker
that dies is started again on its port, and stopping the parent stops them all.
"""

from __future__ import annotations

import signal
import socket
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psutil
import pytest
import requests

from tests.support.redis_server import RedisServer
from tests.support.screens import Screen
from tests.support.server import (
    ROOT,
    ApiClient,
    coordinator_command,
    free_port,
    server_environment,
)
from tests.support.waiting import wait_until

pytestmark = pytest.mark.postgres

LATER = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=25)


def free_port_pair() -> int:
    """A port whose next one is free too, as ``--workers 2`` needs."""
    for _ in range(50):
        port = free_port()
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port + 1))
            except OSError:
                continue
        return port
    raise RuntimeError("no two consecutive free ports")


def answers(url: str) -> bool:
    try:
        return requests.get(f"{url}/healthz", timeout=2).status_code == 200
    except requests.RequestException:
        return False


def test_workers_share_the_boards_restart_a_dead_worker_and_stop_together(
        postgres_url: str, redis_server: RedisServer, tmp_path: Path) -> None:
    port = free_port_pair()
    urls = [f"http://127.0.0.1:{port}", f"http://127.0.0.1:{port + 1}"]
    log = tmp_path / "workers.log"
    env = server_environment(postgres_url, {"COORDINATOR_MESSAGE_QUEUE": redis_server.url})
    with open(log, "ab") as out:
        parent = subprocess.Popen(
            [*coordinator_command(), "serve", "--workers", "2", "--host", "127.0.0.1",
             "--port", str(port)], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    screen: Screen | None = None
    try:
        wait_until(lambda: all(answers(url) for url in urls), timeout=40)
        assert log.read_text().count("(gevent mode)") == 2
        workers = psutil.Process(parent.pid).children()
        assert len(workers) == 2

        first = ApiClient(urls[0])
        room = first.admin("POST", "/rooms", {"name": "Room 1", "capacity": 20})["id"]
        slot = first.admin("POST", "/open-space/slots", {
            "room_id": room, "starts_at": LATER.isoformat(),
            "ends_at": (LATER + timedelta(hours=1)).isoformat()})["id"]
        _, token = first.register("Ana")
        screen = Screen(urls[1], ["open-space"], transports=["websocket"])
        screen.snapshot_of("open-space")
        claimed = first.ok("POST", f"/open-space/slots/{slot}/claim", token, {"topic": "Ports"})
        assert screen.patch_of("open-space", claimed["position"])["slot"]["id"] == slot

        workers[0].send_signal(signal.SIGKILL)
        workers[0].wait(timeout=10)
        wait_until(lambda: len(psutil.Process(parent.pid).children()) == 2
                   and all(answers(url) for url in urls), timeout=40)
        assert "restarting" in log.read_text()
        # The restarted worker folds what was stored before it started.
        restarted = first.ok("GET", f"/boards/rooms/{room}")
        assert restarted["position"] >= claimed["position"]
        assert restarted["data"]["slots"][0]["session"]["topic"] == "Ports"

        survivors = psutil.Process(parent.pid).children()
        parent.send_signal(signal.SIGTERM)
        assert parent.wait(timeout=20) == 0
        _, alive = psutil.wait_procs(survivors, timeout=10)
        assert not alive, f"workers left running: {alive}"
        assert not any(answers(url) for url in urls)
    finally:
        if screen is not None:
            screen.close()
        if parent.poll() is None:
            for child in psutil.Process(parent.pid).children():
                child.kill()
            parent.kill()
            parent.wait(timeout=10)
