"""Sheet capacity under real contention, on a real SQLite file and on PostgreSQL: threads
released together by a Barrier race for the last places of a dinner group, the same
Idempotency-Key is retried from several threads at once, and the same races go through
the JSON API. Afterwards the store, reloaded by a fresh Coordinator, and the sheets
board folded from the log must agree with what each thread was told."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest
from werkzeug.test import TestResponse

from coordinator.application import Coordinator
from coordinator.core.commands import Outcome
from coordinator.core.idempotency import IdempotencyKey
from coordinator.errors import DomainError
from coordinator.sheets.errors import SheetFull
from projections.engine.runner import ProjectionRunner
from tests.support.threads import race
from tests.web.api_helpers import Api, close_flask_app, make_flask_app

NINE = datetime(2026, 5, 15, 9, 0, tzinfo=UTC)


@pytest.fixture(params=["store alone", "command locks"], autouse=True)
def command_locking(request: pytest.FixtureRequest, app: Coordinator) -> bool:
    """Each race twice: on the store's optimistic check alone, and with the in-process
    command locks (True)."""
    if request.param == "store alone":
        app.command_locks = None
    return bool(request.param == "command locks")


def tally(results: Sequence[object]) -> Counter[str]:
    """How many threads got each answer: "ok" or an error code; anything else fails."""
    unexpected = [r for r in results if not isinstance(r, Outcome | DomainError)]
    assert not unexpected, f"unexpected exceptions under contention: {unexpected!r}"
    return Counter("ok" if isinstance(r, Outcome) else r.code  # type: ignore[union-attr]
                   for r in results)


def people(app: Coordinator, count: int, prefix: str = "Diner") -> list[UUID]:
    return [UUID(hex=app.register_person(f"{prefix} {i}").result["id"]) for i in range(count)]


def dinner(app: Coordinator, owner: UUID, capacity: int) -> UUID:
    outcome = app.post_sheet("dinner", "Dumplings", NINE + timedelta(hours=10), "Old town",
                             capacity=capacity, owner_id=owner)
    return UUID(hex=outcome.result["id"])


def responses(results: Sequence[TestResponse | BaseException]) -> list[TestResponse]:
    """Every thread's answer; a thread that raised fails the test."""
    raised = [r for r in results if isinstance(r, BaseException)]
    assert not raised, raised
    return [r for r in results if isinstance(r, TestResponse)]


def board_sheet(app: Coordinator, sheet: UUID) -> dict[str, Any]:
    """The sheet as the sheets board shows it, folded afresh from the whole log."""
    _position, data = ProjectionRunner(app, checkpoints=False).board("sheets")
    found: dict[str, Any] = {s["id"]: s for s in data["sheets"]}[sheet.hex]
    return found


def test_thirty_race_for_the_last_three_places_of_a_dinner_group(
        app: Coordinator, make_app: Callable[..., Coordinator]) -> None:
    app.clock = lambda: NINE
    owner, *diners = people(app, 33)
    sheet = dinner(app, owner, capacity=5)
    early, racers = diners[:2], diners[2:]
    for who in early:
        app.add_entry(sheet, who)

    results = race(len(racers), lambda i: app.add_entry(sheet, racers[i]))

    assert tally(results) == {"ok": 3, SheetFull.code: 27}
    winners = [racers[i].hex for i, r in enumerate(results) if isinstance(r, Outcome)]
    assert len({r.position for r in results if isinstance(r, Outcome)}) == 3
    fresh = make_app()
    stored = [e["person_id"] for e in fresh.sheet(sheet).entries]
    assert stored[:2] == [w.hex for w in early] and sorted(stored[2:]) == sorted(winners)
    shown = board_sheet(fresh, sheet)
    assert [e["person_id"] for e in shown["entries"]] == stored
    assert (shown["taken"], shown["places_left"]) == (5, 0)
    added = [n for n in fresh.recorder.select_notifications(1, 10_000)
             if n.topic.endswith("Sheet.EntryAdded")]
    assert len(added) == 5


def test_the_same_idempotency_key_from_several_threads_stores_one_entry(
        app: Coordinator, make_app: Callable[..., Coordinator]) -> None:
    app.clock = lambda: NINE
    owner, diner = people(app, 2)
    sheet = dinner(app, owner, capacity=4)
    key = IdempotencyKey(scope=diner.hex, key="join-1", fingerprint="POST entries")
    before = app.recorder.max_notification_id() or 0

    results = race(8, lambda i: app.add_entry(sheet, diner, idempotency=key))

    assert tally(results) == {"ok": 8}
    outcomes = [r for r in results if isinstance(r, Outcome)]
    assert len({o.position for o in outcomes}) == 1
    assert sum(not o.replayed for o in outcomes) == 1
    fresh = make_app()
    # EntryAdded and the idempotency record: once each.
    assert (fresh.recorder.max_notification_id() or 0) == before + 2 == outcomes[0].position
    assert [e["person_id"] for e in fresh.sheet(sheet).entries] == [diner.hex]
    assert [e["person_id"] for e in board_sheet(fresh, sheet)["entries"]] == [diner.hex]


def test_racing_through_the_api_the_losers_are_told_sheet_full(
        database_url: str, command_locking: bool) -> None:
    """Over the WSGI app (a test client per thread): 201 for the capacity, 409 sheet_full
    for the rest; the same key retried at once answers one position and one entry."""
    flask_app = make_flask_app(database_url)
    try:
        api = Api(flask_app, flask_app.test_client())
        if not command_locking:
            api.services.app.command_locks = None
        owner = api.register("Owner")
        racers = [api.register(f"Racer {i}") for i in range(20)]
        body = {"kind": "dinner", "title": "Pizza", "location": "Square", "capacity": 4,
                "starts_at": (datetime.now(UTC) + timedelta(days=1)).isoformat()}
        sheet_id = api.ok(api.post("/sheets", owner.token, json_body=body), 201)["id"]
        path = f"/sheets/{sheet_id}/entries"

        answers = responses(race(len(racers), lambda i: Api(
            flask_app, flask_app.test_client()).post(path, racers[i].token)))

        codes = Counter(a.status_code if a.status_code == 201 else a.get_json()["error"]["code"]
                        for a in answers)
        assert codes == {201: 4, "sheet_full": 16}
        winners = {racers[i].id for i, a in enumerate(answers) if a.status_code == 201}
        listed = {s["id"]: s for s in api.get("/sheets").get_json()["sheets"]}[sheet_id]
        assert {e["person_id"] for e in listed["entries"]} == winners

        other = api.ok(api.post("/sheets", owner.token, json_body=body), 201)["id"]
        retry = f"/sheets/{other}/entries"
        who = racers[0]
        same = responses(race(6, lambda i: Api(flask_app, flask_app.test_client()).post(
            retry, who.token, headers={"Idempotency-Key": "join-pizza"})))
        assert {(a.status_code, a.get_data()) for a in same} == {(201, same[0].get_data())}
        listed = {s["id"]: s for s in api.get("/sheets").get_json()["sheets"]}[other]
        assert [e["person_id"] for e in listed["entries"]] == [who.id]
    finally:
        close_flask_app(flask_app)
