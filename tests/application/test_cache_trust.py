"""A command's first attempt trusts the process's cache; the store still has the last word.

Two Coordinators on one store play two server processes: each caches what it loaded
and saved, the other changes it behind its back. Every answer must be the one a fresh
read would give, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest

from coordinator.application import Coordinator
from coordinator.errors import TooLate
from coordinator.shifts.errors import ShiftFull

NOW = datetime(2026, 5, 14, 12, 0, tzinfo=UTC)
START = NOW + timedelta(hours=3)  # within a cut-off of hours, outside one of minutes


def clock() -> datetime:
    return NOW


def person(app: Coordinator, name: str) -> UUID:
    return UUID(hex=app.register_person(name).result["id"])


def shift(app: Coordinator, capacity: int) -> UUID:
    outcome = app.schedule_shift("Registration", "Hall A", START, START + timedelta(hours=2),
                                 capacity)
    return UUID(hex=outcome.result["id"])


@pytest.fixture
def pair(make_app: Callable[..., Coordinator]) -> tuple[Coordinator, Coordinator]:
    return make_app(clock=clock), make_app(clock=clock)


def count_store_reads(app: Coordinator) -> list[UUID]:
    """Record each aggregate read of ``app`` from the store (by id)."""
    reads: list[UUID] = []
    select_events = app.recorder.select_events

    def counting(originator_id: UUID, **kwargs: object) -> object:
        reads.append(originator_id)
        return select_events(originator_id, **kwargs)  # type: ignore[arg-type]

    app.recorder.select_events = counting  # type: ignore[method-assign]
    return reads


def test_a_claim_on_cached_aggregates_asks_the_store_nothing_before_saving(
        pair: tuple[Coordinator, Coordinator]) -> None:
    here, _ = pair
    ana, bo = person(here, "Ana"), person(here, "Bo")
    job = shift(here, capacity=3)
    here.sign_up(job, ana)  # the shift is cached here now, at its latest version
    here.person(bo)
    reads = count_store_reads(here)
    here.sign_up(job, bo)
    assert reads == []
    assert here.shift(job).taken == 2


def test_a_clash_with_another_process_is_retried_on_fresh_reads(
        pair: tuple[Coordinator, Coordinator]) -> None:
    here, there = pair
    ana, bo, cy = (person(here, n) for n in ("Ana", "Bo", "Cy"))
    job = shift(here, capacity=2)
    here.sign_up(job, ana)
    there.sign_up(job, bo)  # here's cached shift is one signup behind now
    with pytest.raises(ShiftFull):
        here.sign_up(job, cy)
    fresh = Coordinator(here.store_url.url)
    try:
        assert fresh.shift(job).signups == [ana.hex, bo.hex]
        assert not fresh.person(cy).holds(job)
    finally:
        fresh.close()


def test_a_refusal_on_a_stale_cache_is_checked_against_the_store(
        pair: tuple[Coordinator, Coordinator]) -> None:
    here, there = pair
    ana, bo = person(here, "Ana"), person(here, "Bo")
    job = shift(here, capacity=1)
    here.sign_up(job, ana)  # here's cache: full
    there.cancel_signup(job, ana)  # the store: free again
    here.sign_up(job, bo)  # not "shift full"
    assert there.shift(job).signups == [bo.hex]


def test_a_refusal_on_a_current_cache_stands_without_loading_again(
        pair: tuple[Coordinator, Coordinator]) -> None:
    here, _ = pair
    ana, bo = person(here, "Ana"), person(here, "Bo")
    job = shift(here, capacity=1)
    here.sign_up(job, ana)  # here's cache: full, and so is the store
    here.person(bo)
    reads = count_store_reads(here)
    looks: list[list[tuple[UUID, int]]] = []
    any_since = here.newer_events.any_since

    def looking(found: list[tuple[UUID, int]]) -> bool:
        looks.append(list(found))
        return any_since(found)

    here.newer_events.any_since = looking  # type: ignore[method-assign]
    with pytest.raises(ShiftFull):
        here.sign_up(job, bo)
    # One look for anything newer than what the cache said, for both; nothing is
    # loaded again, and the command is not decided twice.
    assert reads == []
    assert [sorted(look, key=str) for look in looks] == [
        sorted([(job, here.shift(job).version), (bo, here.person(bo).version)], key=str)]


def test_newer_events_finds_exactly_what_is_newer(
        pair: tuple[Coordinator, Coordinator]) -> None:
    here, there = pair
    ana, bo = person(here, "Ana"), person(here, "Bo")
    job = shift(here, capacity=3)
    version = here.shift(job).version
    newer = here.newer_events.any_since
    assert not newer([])
    assert not newer([(job, version), (ana, 1), (bo, 1)])
    there.sign_up(job, bo)  # two events: the shift's and Bo's
    assert newer([(job, version)]) and newer([(bo, 1)])
    assert newer([(ana, 1), (job, version)])
    assert not newer([(ana, 1), (job, version + 1), (bo, 2)])


def test_what_a_command_only_read_is_checked_before_it_saves(
        pair: tuple[Coordinator, Coordinator]) -> None:
    here, there = pair
    ana = person(here, "Ana")
    job = shift(here, capacity=2)
    here.sign_up(job, ana)
    here.change_settings({"cancellation_cutoff_minutes": 0})
    # Another process sets a cut-off of a day: here's cached conference says none.
    there.change_settings({"cancellation_cutoff_minutes": 24 * 60})
    with pytest.raises(TooLate):
        here.cancel_signup(job, ana)
    assert there.shift(job).signups == [ana.hex]


def test_without_trust_every_load_asks_the_store(
        pair: tuple[Coordinator, Coordinator]) -> None:
    here, _ = pair
    here.trust_cache = False
    ana, bo = person(here, "Ana"), person(here, "Bo")
    job = shift(here, capacity=3)
    here.sign_up(job, ana)
    here.person(bo)
    reads = count_store_reads(here)
    here.sign_up(job, bo)
    assert set(reads) == {job, bo}
