"""Races over real HTTP: a real ``coordinator serve`` process and real threads.

One server per store (SQLite and PostgreSQL) serves every test in this module; each
test makes its own people, shifts and slots on it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import pytest

from tests.support.server import ADMIN_TOKEN, Answer, ApiClient, Person, ServerProcess
from tests.support.threads import race

TIMEOUT = 60
T = TypeVar("T")


class Api(ApiClient):
    """The server's API, with what these races set up and read back."""

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


@pytest.fixture(scope="module")
def api(module_database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    """One server per store for the whole module, and its API."""
    folder = tmp_path_factory.mktemp("server")
    with ServerProcess(module_database_url, folder / "server.log") as running:
        yield Api(running.url, timeout=TIMEOUT)


def at_once(calls: list[Callable[[], T]]) -> list[T]:
    """Run every call in its own thread, all released together; results in call order."""
    results = race(len(calls), lambda i: calls[i](), timeout=TIMEOUT, join_timeout=2 * TIMEOUT)
    errors = [r for r in results if isinstance(r, BaseException)]
    assert not errors, errors
    return [r for r in results if not isinstance(r, BaseException)]


def future(days: float) -> datetime:
    """A whole-minute time ``days`` from now; distinct per test so shifts never overlap."""
    return datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(days=days)


def test_fifty_people_claim_a_shift_with_three_places(api: Api) -> None:
    people = api.register_many(50, "Claimer")
    shift_id = api.schedule(future(days=1), capacity=3)

    answers = at_once([
        (lambda who=who: api.call("POST", f"/shifts/{shift_id}/signups", who.token))
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

    shift = api.shift(shift_id)
    assert (shift["taken"], shift["capacity"]) == (3, 3)
    for who in winners:
        assert shift_id in api.my_shift_ids(who)
    losers = [who for who in people if who not in winners]
    assert all(shift_id not in api.my_shift_ids(who) for who in losers[:5])


def test_twenty_people_claim_one_slot(api: Api) -> None:
    people = api.register_many(20, "Host")
    room = api.call("POST", "/rooms", ADMIN_TOKEN,
                    {"name": f"Room {uuid.uuid4().hex[:8]}", "capacity": 30})
    assert room.status == 201, room.body
    start = future(days=2)
    slot = api.call("POST", "/open-space/slots", ADMIN_TOKEN, {
        "room_id": room.body["id"], "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=1)).isoformat()})
    assert slot.status == 201, slot.body
    slot_id = slot.body["id"]

    answers = at_once([
        (lambda i=i, who=who: api.call("POST", f"/open-space/slots/{slot_id}/claim",
                                       who.token, {"topic": f"Topic {i}"}))
        for i, who in enumerate(people)
    ])

    won = [i for i, a in enumerate(answers) if a.status == 201]
    assert len(won) == 1, [(a.status, a.code) for a in answers]
    assert all((a.status, a.code) == (409, "slot_taken")
               for i, a in enumerate(answers) if i != won[0])
    grid = api.call("GET", "/open-space")
    session = {s["id"]: s["session"] for s in grid.body["slots"]}[slot_id]
    assert session["topic"] == f"Topic {won[0]}"
    assert session["host_id"] == people[won[0]].id


def test_one_person_claiming_two_overlapping_shifts_at_once_gets_one(api: Api) -> None:
    people = api.register_many(5, "Double booker")
    start = future(days=3)
    calls: list[Callable[[], Answer]] = []
    pairs: list[tuple[Person, str, str]] = []
    for who in people:
        first = api.schedule(start, capacity=10)
        second = api.schedule(start + timedelta(hours=1), capacity=10)
        pairs.append((who, first, second))
        for shift_id in (first, second):
            calls.append(lambda who=who, shift_id=shift_id: api.call(
                "POST", f"/shifts/{shift_id}/signups", who.token))

    answers = at_once(calls)

    for index, (who, first, second) in enumerate(pairs):
        pair = answers[2 * index:2 * index + 2]
        statuses = sorted((a.status, a.code) for a in pair)
        assert statuses == [(201, None), (409, "overlapping_shift")], statuses
        held = api.my_shift_ids(who)
        assert len(held) == 1 and held[0] in (first, second)
        assert api.shift(first)["taken"] + api.shift(second)["taken"] == 1


def test_the_same_idempotency_key_from_five_threads_signs_up_once(api: Api) -> None:
    who = api.register("Retrier")
    shift_id = api.schedule(future(days=4), capacity=10)
    key = f"retry-{uuid.uuid4().hex}"

    answers = at_once([
        (lambda: api.call("POST", f"/shifts/{shift_id}/signups", who.token, key=key))
        for _ in range(5)
    ])

    assert {(a.status, a.raw) for a in answers} == {(answers[0].status, answers[0].raw)}, [
        (a.status, a.body) for a in answers]
    assert answers[0].status == 201
    assert api.shift(shift_id)["taken"] == 1
    assert api.my_shift_ids(who) == [shift_id]
    # A later retry gets the same answer, too.
    later = api.call("POST", f"/shifts/{shift_id}/signups", who.token, key=key)
    assert (later.status, later.raw) == (answers[0].status, answers[0].raw)
