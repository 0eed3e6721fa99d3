"""Races over real HTTP: a real ``coordinator serve`` process and real threads.

One server per store (SQLite and PostgreSQL) serves every test in this module; each
test makes its own people, shifts and slots on it.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import pytest
import requests

ADMIN_TOKEN = "integration-admin-token"
TIMEOUT = 60
T = TypeVar("T")


@dataclass(frozen=True)
class Answer:
    status: int
    body: dict[str, Any]
    raw: bytes

    @property
    def code(self) -> str | None:
        error = self.body.get("error")
        return error.get("code") if isinstance(error, dict) else None


@dataclass(frozen=True)
class Person:
    id: str
    token: str


@dataclass
class Server:
    base: str  # http://127.0.0.1:PORT
    process: subprocess.Popen[bytes]

    def call(self, method: str, path: str, token: str | None = None,
             body: dict[str, Any] | None = None, key: str | None = None) -> Answer:
        headers = {}
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        if key is not None:
            headers["Idempotency-Key"] = key
        response = requests.request(method, f"{self.base}/api/v1{path}", json=body,
                                    headers=headers, timeout=TIMEOUT)
        payload = response.json()
        assert response.status_code != 500, payload
        return Answer(response.status_code, payload, response.content)

    def register(self, name: str) -> Person:
        answer = self.call("POST", "/people", body={"name": name})
        assert answer.status == 201, answer.body
        return Person(answer.body["id"], answer.body["token"])

    def register_many(self, count: int, prefix: str) -> list[Person]:
        with ThreadPoolExecutor(max_workers=10) as pool:
            return list(pool.map(lambda i: self.register(f"{prefix} {i}"), range(count)))

    def schedule(self, starts_at: datetime, capacity: int, hours: float = 2) -> str:
        answer = self.call("POST", "/shifts", ADMIN_TOKEN, {
            "role": "Runner", "location": "Hall", "starts_at": starts_at.isoformat(),
            "ends_at": (starts_at + timedelta(hours=hours)).isoformat(), "capacity": capacity,
        })
        assert answer.status == 201, answer.body
        shift_id: str = answer.body["id"]
        return shift_id

    def shift(self, shift_id: str) -> dict[str, Any]:
        answer = self.call("GET", "/shifts")
        assert answer.status == 200
        found: dict[str, Any] = {s["id"]: s for s in answer.body["shifts"]}[shift_id]
        return found

    def my_shift_ids(self, who: Person) -> list[str]:
        answer = self.call("GET", "/people/me/shifts", who.token)
        assert answer.status == 200, answer.body
        return [s["id"] for s in answer.body["shifts"]]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def coordinator_executable() -> str:
    found = Path(sys.executable).parent / "coordinator"
    assert found.exists(), f"no console script at {found}"
    return str(found)


def start_server(database_url: str, folder: Path) -> Server:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COORDINATOR_")}
    env.update(COORDINATOR_DATABASE_URL=database_url, COORDINATOR_ADMIN_TOKEN=ADMIN_TOKEN)
    log_path = folder / "server.log"
    for _ in range(3):  # a free port can be taken between finding and binding it
        port = free_port()
        with open(log_path, "wb") as log:
            process = subprocess.Popen(
                [coordinator_executable(), "serve", "--host", "127.0.0.1", "--port", str(port)],
                env=env, cwd=folder, stdout=log, stderr=subprocess.STDOUT,
            )
        server = Server(f"http://127.0.0.1:{port}", process)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and process.poll() is None:
            try:
                if requests.get(f"{server.base}/healthz", timeout=2).status_code == 200:
                    return server
            except requests.ConnectionError:
                pass
            time.sleep(0.05)
        stop_server(server)
    raise RuntimeError(f"the server did not start:\n{log_path.read_text()[-3000:]}")


def stop_server(server: Server) -> None:
    if server.process.poll() is None:
        server.process.terminate()
        try:
            server.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait(timeout=10)


@pytest.fixture(scope="module")
def server(module_database_url: str,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = start_server(module_database_url, tmp_path_factory.mktemp("server"))
    try:
        yield running
    finally:
        stop_server(running)


def at_once(calls: list[Callable[[], T]]) -> list[T]:
    """Run every call in its own thread, all released together; results in call order."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)
    errors: list[BaseException] = []

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=TIMEOUT)
            results[index] = calls[index]()
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=2 * TIMEOUT)
    assert not errors, errors
    assert all(not thread.is_alive() for thread in threads)
    return results


def future(days: float) -> datetime:
    """A whole-minute time ``days`` from now; distinct per test so shifts never overlap."""
    return datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(days=days)


def test_fifty_people_claim_a_shift_with_three_places(server: Server) -> None:
    people = server.register_many(50, "Claimer")
    shift_id = server.schedule(future(days=1), capacity=3)

    answers = at_once([
        (lambda who=who: server.call("POST", f"/shifts/{shift_id}/signups", who.token))
        for who in people
    ])

    winners = [who for who, a in zip(people, answers, strict=True) if a.status == 201]
    assert len(winners) == 3, [(a.status, a.code) for a in answers]
    refused = [a for a in answers if a.status != 201]
    assert len(refused) == 47
    assert all((a.status, a.code) == (409, "shift_full") for a in refused), {
        (a.status, a.code) for a in refused}
    positions = [a.body["position"] for a in answers if a.status == 201]
    assert len(set(positions)) == 3

    shift = server.shift(shift_id)
    assert (shift["taken"], shift["capacity"]) == (3, 3)
    for who in winners:
        assert shift_id in server.my_shift_ids(who)
    losers = [who for who in people if who not in winners]
    assert all(shift_id not in server.my_shift_ids(who) for who in losers[:5])


def test_twenty_people_claim_one_slot(server: Server) -> None:
    people = server.register_many(20, "Host")
    room = server.call("POST", "/rooms", ADMIN_TOKEN,
                       {"name": f"Room {uuid.uuid4().hex[:8]}", "capacity": 30})
    assert room.status == 201, room.body
    start = future(days=2)
    slot = server.call("POST", "/open-space/slots", ADMIN_TOKEN, {
        "room_id": room.body["id"], "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=1)).isoformat()})
    assert slot.status == 201, slot.body
    slot_id = slot.body["id"]

    answers = at_once([
        (lambda i=i, who=who: server.call("POST", f"/open-space/slots/{slot_id}/claim",
                                          who.token, {"topic": f"Topic {i}"}))
        for i, who in enumerate(people)
    ])

    won = [i for i, a in enumerate(answers) if a.status == 201]
    assert len(won) == 1, [(a.status, a.code) for a in answers]
    assert all((a.status, a.code) == (409, "slot_taken")
               for i, a in enumerate(answers) if i != won[0])
    grid = server.call("GET", "/open-space")
    session = {s["id"]: s["session"] for s in grid.body["slots"]}[slot_id]
    assert session["topic"] == f"Topic {won[0]}"
    assert session["host_id"] == people[won[0]].id


def test_one_person_claiming_two_overlapping_shifts_at_once_gets_one(server: Server) -> None:
    people = server.register_many(5, "Double booker")
    start = future(days=3)
    calls: list[Callable[[], Answer]] = []
    pairs: list[tuple[Person, str, str]] = []
    for who in people:
        first = server.schedule(start, capacity=10)
        second = server.schedule(start + timedelta(hours=1), capacity=10)
        pairs.append((who, first, second))
        for shift_id in (first, second):
            calls.append(lambda who=who, shift_id=shift_id: server.call(
                "POST", f"/shifts/{shift_id}/signups", who.token))

    answers = at_once(calls)

    for index, (who, first, second) in enumerate(pairs):
        pair = answers[2 * index:2 * index + 2]
        statuses = sorted((a.status, a.code) for a in pair)
        assert statuses == [(201, None), (409, "overlapping_shift")], statuses
        held = server.my_shift_ids(who)
        assert len(held) == 1 and held[0] in (first, second)
        assert server.shift(first)["taken"] + server.shift(second)["taken"] == 1


def test_the_same_idempotency_key_from_five_threads_signs_up_once(server: Server) -> None:
    who = server.register("Retrier")
    shift_id = server.schedule(future(days=4), capacity=10)
    key = f"retry-{uuid.uuid4().hex}"

    answers = at_once([
        (lambda: server.call("POST", f"/shifts/{shift_id}/signups", who.token, key=key))
        for _ in range(5)
    ])

    assert {(a.status, a.raw) for a in answers} == {(answers[0].status, answers[0].raw)}, [
        (a.status, a.body) for a in answers]
    assert answers[0].status == 201
    assert server.shift(shift_id)["taken"] == 1
    assert server.my_shift_ids(who) == [shift_id]
    # A later retry gets the same answer, too.
    later = server.call("POST", f"/shifts/{shift_id}/signups", who.token, key=key)
    assert (later.status, later.raw) == (answers[0].status, answers[0].raw)
