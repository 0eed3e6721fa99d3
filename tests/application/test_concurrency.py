"""Invariants under real contention: threads released together by a Barrier, on both stores.

Every test checks what each thread was told and then the state reloaded from the store by
a fresh Coordinator, so nothing cached in the racing instances can hide a lost update.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest

from coordinator.application import Coordinator
from coordinator.core.commands import Outcome
from coordinator.core.idempotency import IdempotencyKey
from coordinator.errors import DomainError
from coordinator.open_space.errors import SlotTaken
from coordinator.people.errors import OverlappingShift
from coordinator.shifts.errors import ShiftFull
from tests.support.threads import race

NINE = datetime(2026, 5, 15, 9, 0, tzinfo=UTC)


def at(hours: float) -> datetime:
    return NINE + timedelta(hours=hours)


@pytest.fixture(params=["store alone", "command locks"], autouse=True)
def command_locking(request: pytest.FixtureRequest, app: Coordinator) -> None:
    """Prove each invariant twice: with every command racing on the store's optimistic
    check alone, and with the in-process locks that spare the retries."""
    if request.param == "store alone":
        app.command_locks = None


def tally(results: Sequence[object]) -> Counter[str]:
    """How many threads got each answer: "ok" or an error code; anything else fails."""
    unexpected = [r for r in results if not isinstance(r, Outcome | DomainError)]
    assert not unexpected, f"unexpected exceptions under contention: {unexpected!r}"
    return Counter("ok" if isinstance(r, Outcome) else r.code  # type: ignore[union-attr]
                   for r in results)


def people(app: Coordinator, count: int) -> list[UUID]:
    return [UUID(hex=app.register_person(f"Volunteer {i}").result["id"]) for i in range(count)]


def new_shift(app: Coordinator, capacity: int, start: float = 0, end: float = 2) -> UUID:
    outcome = app.schedule_shift("Registration", "Hall A", at(start), at(end), capacity)
    return UUID(hex=outcome.result["id"])


def new_slot(app: Coordinator) -> UUID:
    room = UUID(hex=app.add_room("Room 1", 30).result["id"])
    return UUID(hex=app.open_slot(room, at(2), at(3)).result["id"])


def stored(app: Coordinator) -> int:
    return app.recorder.max_notification_id() or 0


def fixed_clock() -> datetime:
    return at(-24)


def test_fifty_claim_a_shift_with_three_places(
        app: Coordinator, make_app: Callable[..., Coordinator]) -> None:
    shift = new_shift(app, capacity=3)
    volunteers = people(app, 50)

    results = race(50, lambda i: app.sign_up(shift, volunteers[i]))

    assert tally(results) == {"ok": 3, ShiftFull.code: 47}
    winners = {volunteers[i].hex for i, r in enumerate(results) if isinstance(r, Outcome)}
    positions = [r.position for r in results if isinstance(r, Outcome)]
    assert len(set(positions)) == 3
    fresh = make_app()
    loaded = fresh.shift(shift)
    assert loaded.taken == 3 and set(loaded.signups) == winners
    for volunteer in volunteers:
        assert fresh.person(volunteer).holds(shift) == (volunteer.hex in winners)


def test_twenty_claim_one_slot(app: Coordinator, make_app: Callable[..., Coordinator]) -> None:
    app.clock = fixed_clock
    slot = new_slot(app)
    hosts = people(app, 20)

    results = race(20, lambda i: app.claim_slot(slot, hosts[i], f"Topic {i}"))

    assert tally(results) == {"ok": 1, SlotTaken.code: 19}
    winner = next(i for i, r in enumerate(results) if isinstance(r, Outcome))
    session = make_app().slot(slot).session
    assert session is not None
    assert (session["host_id"], session["topic"]) == (hosts[winner].hex, f"Topic {winner}")
    claimed = [n for n in make_app().recorder.select_notifications(1, 10_000)
               if n.topic.endswith("OpenSpaceSlot.Claimed")]
    assert len(claimed) == 1


@pytest.mark.parametrize("rounds", [5])
def test_one_person_two_overlapping_shifts(
        app: Coordinator, make_app: Callable[..., Coordinator], rounds: int) -> None:
    volunteers = people(app, rounds)
    for volunteer in volunteers:
        pair = [new_shift(app, capacity=5, start=0, end=2),
                new_shift(app, capacity=5, start=1, end=3)]

        results = race(2, lambda i, who=volunteer, shifts=pair: app.sign_up(shifts[i], who))

        assert tally(results) == {"ok": 1, OverlappingShift.code: 1}
        fresh = make_app()
        taken = [s for s in pair if volunteer.hex in fresh.shift(s).signups]
        assert len(taken) == 1
        assert list(fresh.person(volunteer).commitments) == [taken[0].hex]


def test_same_idempotency_key_from_several_threads(
        app: Coordinator, make_app: Callable[..., Coordinator]) -> None:
    shift = new_shift(app, capacity=5)
    (volunteer,) = people(app, 1)
    key = IdempotencyKey(scope=volunteer.hex, key="retry-1", fingerprint="POST signup")
    before = stored(app)

    results = race(8, lambda i: app.sign_up(shift, volunteer, idempotency=key))

    assert tally(results) == {"ok": 8}
    outcomes = [r for r in results if isinstance(r, Outcome)]
    assert len({o.position for o in outcomes}) == 1
    assert sum(not o.replayed for o in outcomes) == 1
    # SignedUp, ShiftCommitted and the idempotency record: once.
    assert stored(app) == before + 3 == outcomes[0].position
    fresh = make_app()
    assert fresh.shift(shift).signups == [volunteer.hex]
    assert list(fresh.person(volunteer).commitments) == [shift.hex]


def test_two_processes_race(app: Coordinator, make_app: Callable[..., Coordinator]) -> None:
    """Two Coordinators on one store, as two web workers would be."""
    other = make_app()
    instances = (app, other)
    for instance in instances:
        instance.clock = fixed_clock
    shift = new_shift(app, capacity=3)
    slot = new_slot(app)
    volunteers = people(app, 20)

    results = race(20, lambda i: instances[i % 2].sign_up(shift, volunteers[i]))
    assert tally(results) == {"ok": 3, ShiftFull.code: 17}

    results = race(10, lambda i: instances[i % 2].claim_slot(slot, volunteers[i], "Topic"))
    assert tally(results) == {"ok": 1, SlotTaken.code: 9}

    fresh = make_app()
    assert fresh.shift(shift).taken == 3
    assert sum(fresh.person(v).holds(shift) for v in volunteers) == 3
    assert fresh.slot(slot).session is not None
