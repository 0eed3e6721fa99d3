"""Several server processes on one PostgreSQL and one Redis (docs/deployment.md).

Every process follows the log for its own screens, woken by PostgreSQL's NOTIFY; a
command on any process must reach every screen on every process exactly once, in
position order, and survive a process killed mid-run and the database or Redis
going away for a while.
"""

from __future__ import annotations

import itertools
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests

from tests.support.postgres import EmbeddedPostgres
from tests.support.redis_server import RedisServer
from tests.support.screens import Screen
from tests.support.server import ApiClient, Person, ServerProcess
from tests.support.waiting import wait_until

pytestmark = pytest.mark.postgres

LATER = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=20)
BOARD = "open-space"


def start_servers(count: int, database_url: str, redis_url: str,
                  folder: Path) -> list[ServerProcess]:
    env = {"COORDINATOR_MESSAGE_QUEUE": redis_url}
    return [ServerProcess(database_url, folder / f"server-{i}.log", env=env).start()
            for i in range(count)]


def open_grid(api: ApiClient, slots: int) -> list[str]:
    room = api.admin("POST", "/rooms", {"name": "Room 1", "capacity": 50})["id"]
    return [api.admin("POST", "/open-space/slots", {
        "room_id": room, "starts_at": (LATER + timedelta(hours=i)).isoformat(),
        "ends_at": (LATER + timedelta(hours=i + 1)).isoformat()})["id"]
        for i in range(slots)]


def check_stream(screen: Screen, must_include: set[int]) -> list[int]:
    """The screen's patches after its last snapshot: in order, once each, a gapless chain."""
    messages = screen.received(BOARD)
    snapshots = [i for i, (kind, _) in enumerate(messages) if kind == "board_snapshot"]
    assert snapshots, "the screen never got a snapshot"
    last = snapshots[-1]
    position = messages[last][1]["position"]
    seen = []
    for kind, data in messages[last + 1:]:
        assert kind == "board_patch"
        if data["position"] <= position:
            continue  # published between the join and the snapshot: already in it
        assert data["previous"] <= position, f"a patch was missed before {data['position']}"
        position = data["position"]
        seen.append(position)
    assert seen == sorted(set(seen)), "patches out of order or doubled"
    missing = {p for p in must_include if p > messages[last][1]["position"]} - set(seen)
    assert not missing, f"patches never arrived: {sorted(missing)}"
    return seen


def test_every_screen_on_every_process_gets_every_patch_once_in_order(
        postgres_url: str, redis_server: RedisServer, tmp_path: Path) -> None:
    servers = start_servers(3, postgres_url, redis_server.url, tmp_path)
    screens: list[Screen] = []
    try:
        apis = [ApiClient(s.url) for s in servers]
        slots = open_grid(apis[0], 24)
        people = [apis[i % 3].register(f"Person {i}") for i in range(24)]
        screens = [Screen(s.url, [BOARD]) for s in servers]
        for screen in screens:
            screen.snapshot_of(BOARD)

        def claim(i: int) -> int:
            body = apis[i % 3].ok("POST", f"/open-space/slots/{slots[i]}/claim",
                                  people[i].token, {"topic": f"Topic {i}"})
            position: int = body["position"]
            return position

        with ThreadPoolExecutor(max_workers=6) as pool:
            positions = set(pool.map(claim, range(24)))
        for screen in screens:
            wait_until(lambda s=screen: max((d["position"] for k, d in s.received(BOARD)
                                             if k == "board_patch"), default=0)
                       >= max(positions))
        time.sleep(0.3)  # a doubled patch would arrive by now
        streams = [check_stream(screen, positions) for screen in screens]
        assert streams[0] == streams[1] == streams[2]
    finally:
        for screen in screens:
            screen.close()
        for server in servers:
            server.stop()


def test_a_killed_process_loses_nothing_acknowledged(
        postgres_url: str, redis_server: RedisServer, tmp_path: Path) -> None:
    servers = start_servers(3, postgres_url, redis_server.url, tmp_path)
    urls = [s.url for s in servers]
    screens: list[Screen] = []
    try:
        api = ApiClient(urls[0])
        slots = open_grid(api, 40)
        people: list[Person] = [api.register(f"Person {i}") for i in range(40)]
        # Each screen prefers its own process and fails over to the others.
        screens = [Screen(urls[i:] + urls[:i], [BOARD]) for i in range(3)]
        for screen in screens:
            screen.snapshot_of(BOARD)

        acknowledged: dict[str, int] = {}
        lock = threading.Lock()
        turn = itertools.count()

        def claim(i: int) -> None:
            key = f"claim-{i}"
            for _ in range(20):  # a phone retrying elsewhere, with the same key
                target = urls[next(turn) % 3]
                try:
                    answer = ApiClient(target, timeout=5).call(
                        "POST", f"/open-space/slots/{slots[i]}/claim", people[i].token,
                        {"topic": f"Topic {i}"}, key=key, unavailable_ok=True)
                except requests.RequestException:
                    continue
                if answer.status == 201:
                    with lock:
                        acknowledged[slots[i]] = answer.body["position"]
                    return
                assert answer.status == 503, answer
            raise AssertionError(f"claim {i} never went through")

        with ThreadPoolExecutor(max_workers=4) as pool:
            futures = [pool.submit(claim, i) for i in range(40)]
            wait_until(lambda: len(acknowledged) >= 8)
            servers[2].kill()  # mid-run, the hard way
            for future in futures:
                future.result()

        board = ApiClient(urls[0]).ok("GET", f"/boards/{BOARD}")
        taken = {s["id"] for s in board["data"]["slots"] if s["session"]}
        assert set(acknowledged) <= taken, "an acknowledged claim was lost"
        assert len(acknowledged) == 40

        moved = screens[2]
        wait_until(lambda: len(moved.connected_to) > 1)
        assert moved.connected_to[-1] != urls[2], "the killed process's screen failed over"
        last = max(acknowledged.values())
        for screen in screens:
            try:
                wait_until(lambda s=screen: max(
                    (d["position"] for _, d in s.received(BOARD)), default=0) >= last)
            except AssertionError:
                raise AssertionError((screens.index(screen), last, screen.connected_to, urls,
                                      [(k, d["position"]) for k, d in screen.received(BOARD)][-8:],
                                      screen.client.connected)) from None
        for screen in screens[:2]:  # the survivors' screens missed nothing
            check_stream(screen, set(acknowledged.values()))
            assert len(screen.connected_to) == 1
        check_stream(moved, set())  # resynced from a fresh snapshot, consistent after it
    finally:
        for screen in screens:
            screen.close()
        for server in servers:
            server.stop()


def test_a_database_outage_answers_503_and_recovers(tmp_path: Path) -> None:
    database = EmbeddedPostgres()
    admin_url = database.start()
    server = None
    screen = None
    try:
        url = admin_url  # the server's own database, stopped and started below
        server = ServerProcess(url, tmp_path / "server.log").start()
        api = ApiClient(server.url, timeout=30)
        slots = open_grid(api, 3)
        ana = api.register("Ana")
        api.ok("POST", f"/open-space/slots/{slots[0]}/claim", ana.token, {"topic": "Before"})
        screen = Screen(server.url, [BOARD])
        before = screen.snapshot_of(BOARD)

        database.pause()
        started = time.monotonic()
        answer = api.call("POST", f"/open-space/slots/{slots[1]}/claim", ana.token,
                          {"topic": "During"}, unavailable_ok=True)
        assert answer.status == 503 and answer.code == "unavailable"
        assert time.monotonic() - started < 20
        # A screen keeps what it has; one that subscribes now gets the last state.
        late = Screen(server.url, [BOARD])
        assert late.snapshot_of(BOARD)["data"] == before["data"]
        late.close()
        time.sleep(8)
        database.resume()

        deadline = time.monotonic() + 30
        while True:  # a phone retrying as told by Retry-After, with the same key
            again = api.call("POST", f"/open-space/slots/{slots[2]}/claim", ana.token,
                             {"topic": "After"}, key="after-outage", unavailable_ok=True)
            if again.status == 201:
                break
            assert again.status == 503 and time.monotonic() < deadline, again
            time.sleep(int(again.body and 1) + 1)
        board = api.ok("GET", f"/boards/{BOARD}")
        topics = {s["session"]["topic"] for s in board["data"]["slots"] if s["session"]}
        assert topics == {"Before", "After"}, "nothing half-stored from the outage"
        screen.wait_for(lambda k, d: k == "board_patch" and d.get("slot", {}).get(
            "session") is not None and d["slot"]["session"]["topic"] == "After")
    finally:
        if screen is not None:
            screen.close()
        if server is not None:
            server.stop()
        database.stop()


def test_a_redis_outage_does_not_stop_commands_or_patches(
        postgres_url: str, redis_server: RedisServer, tmp_path: Path) -> None:
    servers = start_servers(2, postgres_url, redis_server.url, tmp_path)
    screens: list[Screen] = []
    try:
        apis = [ApiClient(s.url) for s in servers]
        slots = open_grid(apis[0], 4)
        ana = apis[0].register("Ana")
        screens = [Screen(s.url, [BOARD]) for s in servers]
        for screen in screens:
            screen.snapshot_of(BOARD)

        redis_server.stop()
        claimed = apis[1].ok("POST", f"/open-space/slots/{slots[0]}/claim", ana.token,
                             {"topic": "Redis is away"})
        for screen in screens:
            screen.patch_of(BOARD, claimed["position"])

        redis_server.start()  # the same port: everything picks it up again
        again = apis[0].ok("POST", f"/open-space/slots/{slots[1]}/claim", ana.token,
                           {"topic": "Redis is back"})
        for screen in screens:
            screen.patch_of(BOARD, again["position"])
            check_stream(screen, {claimed["position"], again["position"]})
    finally:
        for screen in screens:
            screen.close()
        for server in servers:
            server.stop()
