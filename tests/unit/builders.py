"""Aggregates made for the unit tests of every area: a shift, a person, times."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from coordinator.booths.aggregate import Booth
from coordinator.conference.aggregate import Conference
from coordinator.open_space.aggregate import OpenSpaceSlot
from coordinator.people.aggregate import Person
from coordinator.shifts.aggregate import Shift

NINE = datetime(2026, 5, 15, 9, 0, tzinfo=UTC)


def at(hours: float) -> datetime:
    """``hours`` after 09:00 on the first conference day."""
    return NINE + timedelta(hours=hours)


def new_shift(capacity: int = 2, start: float = 0, end: float = 2) -> Shift:
    return Shift(role="Registration", location="Hall A", starts_at=at(start), ends_at=at(end),
                 capacity=capacity, description="Hand out badges")


def new_person(name: str = "Ann") -> Person:
    return Person(name=name, email=None, roles=["volunteer"])


def event_names(aggregate: Shift | Person | Booth | OpenSpaceSlot | Conference) -> list[str]:
    return [type(e).__name__ for e in aggregate.collect_events()]
