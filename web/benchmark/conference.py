"""A generated conference the size of a big volunteer event, stored in one go.

Every aggregate is made by the domain classes (so every event is a real event
with real topics and state) and saved through ``Application.save`` a page of
aggregates at a time, as ``coordinator load`` does, instead of command by command.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate

from coordinator.application import Coordinator
from coordinator.booths.aggregate import Booth
from coordinator.conference.aggregate import Conference
from coordinator.open_space.aggregate import OpenSpaceSlot
from coordinator.people.aggregate import Person
from coordinator.shifts.aggregate import Shift
from web.benchmark.sizes import Sizes

PAGE = 500

ROLES = [
    "Registration desk", "Info desk", "Runner", "Session chair", "Room monitor",
    "Green room", "Swag bags", "Badge printing", "Lightning talks", "Sprints helper",
    "Tutorial assistant", "Video crew", "Captioning", "Childcare", "Quiet room",
    "Lunch line", "Coffee station", "Job fair", "Poster session", "Open space host",
    "Newcomer guide", "Accessibility", "First aid", "Photographer", "Social media",
    "Speaker ready room", "Dinner groups", "Keynote ushers", "Coat check", "Wayfinding",
    "Lost and found", "Sponsor liaison", "Tear-down", "Set-up",
]
PLACES = [
    "Hall A", "Hall B", "Hall C", "Foyer", "Main entrance", "Expo floor", "Room 101",
    "Room 102", "Room 103", "Room 104", "Room 201", "Room 202", "Room 203", "Room 204",
    "Tutorial room 1", "Tutorial room 2", "Sprint room 1", "Sprint room 2", "Green room",
    "Quiet room", "Childcare room", "Poster area", "Lunch hall", "Coffee bar 1",
    "Coffee bar 2", "Registration", "Loading dock", "Terrace", "Speaker lounge",
]


@dataclass(frozen=True)
class ShiftSpec:
    id: UUID
    starts_at: datetime
    ends_at: datetime
    capacity: int


@dataclass
class Layout:
    """The ids of everything generated, for the workloads that drive it."""

    conference_start: date
    people: list[UUID] = field(default_factory=list)
    shifts: list[ShiftSpec] = field(default_factory=list)
    rooms: list[UUID] = field(default_factory=list)
    slots: list[UUID] = field(default_factory=list)
    booths: list[UUID] = field(default_factory=list)
    events: int = 0


def _names(base: list[str], count: int) -> list[str]:
    return [base[i] if i < len(base) else f"{base[i % len(base)]} {i // len(base) + 1}"
            for i in range(count)]


def capacities(count: int, total: int, rng: random.Random) -> list[int]:
    """``count`` capacities of 1 to 4 that add up to ``total`` (as far as 1..4 allows)."""
    caps = [rng.choice((1, 2, 2, 3, 3, 4)) for _ in range(count)]
    total = max(count, min(total, 4 * count))
    while sum(caps) > total:
        i = rng.randrange(count)
        if caps[i] > 1:
            caps[i] -= 1
    while sum(caps) < total:
        i = rng.randrange(count)
        if caps[i] < 4:
            caps[i] += 1
    return caps


def _duration(rng: random.Random) -> timedelta:
    """Most shifts last 2 or 3 hours; a few 1 or 4."""
    roll = rng.random()
    hours = 2 if roll < 0.45 else 3 if roll < 0.85 else 1 if roll < 0.95 else 4
    return timedelta(hours=hours)


def make_aggregates(sizes: Sizes, rng: random.Random,
                    start: date | None = None) -> tuple[Layout, list[Aggregate]]:
    """Every aggregate of the conference, and the layout naming them."""
    start = start or (datetime.now(UTC) + timedelta(days=30)).date()
    layout = Layout(conference_start=start)
    first = datetime(start.year, start.month, start.day, tzinfo=UTC)
    conference = Conference({"name": "Bench Con", "time_zone": "UTC"})
    aggregates: list[Aggregate] = [conference]
    for name in _names([f"Open space {c}" for c in "ABCDEFGHIJ"], sizes.rooms):
        room_id = uuid4()
        conference.add_room(room_id, name, 30)
        layout.rooms.append(room_id)
    # Slots of one hour from 10:00, as many a day as it takes to fill the room's slots.
    per_day = -(-sizes.slots_per_room // sizes.days)
    for room_id in layout.rooms:
        for n in range(sizes.slots_per_room):
            begins = first + timedelta(days=n // per_day, hours=10 + n % per_day)
            slot = OpenSpaceSlot(room_id=room_id, starts_at=begins,
                                 ends_at=begins + timedelta(hours=1))
            aggregates.append(slot)
            layout.slots.append(slot.id)
    roles = _names(ROLES, sizes.roles)
    places = _names(PLACES, sizes.places)
    for capacity in capacities(sizes.shifts, sizes.shift_places, rng):
        begins = first + timedelta(days=rng.randrange(sizes.days),
                                   hours=rng.randrange(8, 19), minutes=rng.choice((0, 30)))
        ends = begins + _duration(rng)
        shift = Shift(role=rng.choice(roles), location=rng.choice(places), starts_at=begins,
                      ends_at=ends, capacity=capacity, description="")
        aggregates.append(shift)
        layout.shifts.append(ShiftSpec(shift.id, begins, ends, capacity))
    for i in range(sizes.booths):
        booth = Booth(name=f"Project booth {i + 1}", location=rng.choice(places))
        aggregates.append(booth)
        layout.booths.append(booth.id)
    for i in range(sizes.people):
        person = Person(name=f"Volunteer {i + 1}", email=None, roles=["volunteer"])
        aggregates.append(person)
        layout.people.append(person.id)
    return layout, aggregates


def save_in_pages(app: Coordinator, aggregates: Iterable[Aggregate]) -> int:
    """Save aggregates a page at a time; returns the number of events stored."""
    page: list[Aggregate] = []
    stored = 0
    for aggregate in aggregates:
        page.append(aggregate)
        if len(page) >= PAGE:
            stored += len(app.save(*page))
            page = []
    if page:
        stored += len(app.save(*page))
    return stored


def generate(app: Coordinator, sizes: Sizes, seed: int = 6) -> Layout:
    """Store a new conference in ``app``'s (empty) store."""
    layout, aggregates = make_aggregates(sizes, random.Random(seed))
    layout.events = save_in_pages(app, aggregates)
    return layout


def overlapping(spans: list[tuple[datetime, datetime]]) -> bool:
    ordered = sorted(spans)
    return any(a_end > b_start for (_, a_end), (b_start, _) in pairwise(ordered))
