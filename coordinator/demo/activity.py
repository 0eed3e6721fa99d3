"""A lively demo: volunteers on shifts, sessions on the open-space grid, booths staffed.

Everything goes through the ordinary commands, so the demo's history is what a
real conference's would be.
"""

from __future__ import annotations

import random
from uuid import UUID

from eventsourcing.utils import get_topic

from coordinator.application import Coordinator
from coordinator.booths.aggregate import Booth
from coordinator.errors import DomainError
from coordinator.open_space.aggregate import OpenSpaceSlot
from coordinator.shifts.aggregate import Shift

NAMES = [
    "Ana Souza", "Ben Okafor", "Chen Wei", "Dana Kowalski", "Emeka Eze", "Fatima Zahra",
    "Gustavo Lima", "Hana Sato", "Ivan Petrov", "Jess Taylor", "Kofi Mensah", "Lena Fischer",
    "Marta Nowak", "Nadia Haddad", "Omar Farouk", "Priya Raman", "Quinn Murphy", "Rosa Díaz",
    "Sam Lee", "Tomás Ruiz", "Uma Iyer", "Viktor Horváth", "Wen Li", "Yuki Tanaka",
]

TOPICS = [
    "Packaging in 2026: what changed", "Type hints in large codebases", "Mentoring first-time "
    "contributors", "Async Python war stories", "Teaching Python to kids", "Data science "
    "without notebooks", "Maintainers' burnout circle", "Testing with Hypothesis",
    "Python on microcontrollers", "Accessibility in docs", "Speedrunning CPython builds",
    "Open-source funding", "Django and HTMX", "Rust extensions for Pythonistas",
]


def _aggregates(app: Coordinator, kind: type) -> list:
    """Every aggregate of a kind, found through its creation events in the log."""
    created = f"{get_topic(kind)}."  # the stored topics of its events begin so
    found = []
    for notification in app.recorder.select_notifications(start=1, limit=1_000_000):
        if notification.originator_version == 1 and notification.topic.startswith(created):
            found.append(app.repository.get(notification.originator_id))
    return found


def seed_activity(app: Coordinator, seed: int = 2026) -> int:
    """Register demo people and let them act; returns how many commands took effect."""
    rng = random.Random(seed)
    now = app.clock()
    people = [UUID(app.register_person(name).result["id"]) for name in NAMES]
    done = len(people)
    shifts: list[Shift] = [s for s in _aggregates(app, Shift) if s.ends_at > now]
    slots: list[OpenSpaceSlot] = [s for s in _aggregates(app, OpenSpaceSlot)
                                  if s.starts_at > now]
    booths: list[Booth] = _aggregates(app, Booth)

    for person in people:
        for shift in rng.sample(shifts, k=min(len(shifts), rng.randint(1, 3))):
            try:
                app.sign_up(shift.id, person)
                done += 1
            except DomainError:
                pass  # full or overlapping: as at a real conference
    for topic, slot in zip(TOPICS, rng.sample(slots, k=min(len(slots), len(TOPICS))),
                           strict=False):
        host = rng.choice(people)
        try:
            app.claim_slot(slot.id, host, topic)
            done += 1
            for fan in rng.sample(people, k=rng.randint(0, 8)):
                app.register_interest(slot.id, fan)
                done += 1
        except DomainError:
            pass
    for booth, person in zip(booths[:3], rng.sample(people, k=3), strict=False):
        app.staff_booth(booth.id, person)
        done += 1
    return done
