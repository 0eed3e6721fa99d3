"""The events each aggregate stores, for the tests that check every one is handled."""

from __future__ import annotations

from eventsourcing.domain import Aggregate

from coordinator.announcements.aggregate import Announcement
from coordinator.booths.aggregate import Booth
from coordinator.conference.aggregate import Conference
from coordinator.core.idempotency import IdempotencyRecord
from coordinator.open_space.aggregate import OpenSpaceSlot
from coordinator.people.aggregate import Person
from coordinator.sheets.aggregate import Sheet
from coordinator.shifts.aggregate import Shift

AGGREGATES: list[type[Aggregate]] = [Conference, Person, Shift, Booth, OpenSpaceSlot,
                                     Sheet, Announcement, IdempotencyRecord]


def events_of(aggregate: type[Aggregate]) -> set[type]:
    """An aggregate's nested event classes, without the bare ``Event`` and the library's
    default ``Created`` (each aggregate here names its own creation event, checked)."""
    found = {cls for cls in vars(aggregate).values()
             if isinstance(cls, type) and issubclass(cls, aggregate.Event)}
    named = {cls for cls in found if issubclass(cls, Aggregate.Created)} - {aggregate.Created}
    assert len(named) == 1, f"{aggregate.__name__} should name one creation event"
    return found - {aggregate.Event, aggregate.Created}


def all_events() -> set[type]:
    return set().union(*(events_of(aggregate) for aggregate in AGGREGATES))
