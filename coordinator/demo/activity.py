"""A lively demo: volunteers on shifts, sessions on the open-space grid, booths staffed,
talks on the lightning-talk sheets, dinner groups and sprint projects, and a word from
the organizers.

Everything goes through the ordinary commands, so the demo's history is what a
real conference's would be.
"""

from __future__ import annotations

import random
from datetime import timedelta
from uuid import UUID

from eventsourcing.utils import get_topic

from coordinator.application import Coordinator
from coordinator.booths.aggregate import Booth
from coordinator.errors import DomainError
from coordinator.open_space.aggregate import OpenSpaceSlot
from coordinator.sheets.aggregate import Sheet
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

TALKS = [
    "What I learned maintaining a tiny library", "A regex walks into a bar",
    "My first CPython patch", "Five minutes of match statements", "Pandas in a hurry",
    "Why my tests are slow", "Running Python on a toaster", "Docs people actually read",
]
# Dinner groups: (title, where, meeting point, hours after the first evening's talks,
# places); sprint projects: (name, room or table, help wanted, places or None).
DINNERS = [
    ("Dumplings after the talks", "Chinatown, Golden Dragon", "Main Lobby doors", 1, 6),
    ("Tacos for open-space folks", "Taqueria Luna", "Hallway Lounge", 1, 8),
    ("Vegetarian Indian", "Saffron House", "Registration Desk", 25, 5),
]
SPRINTS = [
    ("pip", "Sprint room 1, table 3", "Triage issues; first-timers welcome", None),
    ("Coordinator itself", "Sprint room 2, table 1", "Kiosk styles and translations", 6),
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
    return done + _evenings(app, rng, people)


def _evenings(app: Coordinator, rng: random.Random, people: list[UUID]) -> int:
    """Talks on the coming lightning-talk sessions, dinner groups and sprint projects
    posted by attendees, with people in them, and one announcement."""
    now = app.clock()
    sessions = sorted((s for s in _aggregates(app, Sheet)
                       if s.kind == "lightning_talks" and s.ends_at > now),
                      key=lambda s: s.starts_at)
    done = 0
    for session in sessions[:2]:
        for person, title in zip(rng.sample(people, k=5), rng.sample(TALKS, k=5),
                                 strict=True):
            app.add_entry(session.id, person, title=title)
            done += 1
    evening = sessions[0].ends_at if sessions else now + timedelta(hours=6)
    posters = rng.sample(people, k=len(DINNERS) + len(SPRINTS))
    for (title, place, meet, hours, places), owner in zip(DINNERS, posters, strict=False):
        dinner = UUID(app.post_sheet("dinner", title, evening + timedelta(hours=hours - 1),
                                     place, capacity=places, meeting_point=meet,
                                     owner_id=owner).result["id"])
        for guest in rng.sample([p for p in people if p != owner], k=places - 2):
            app.add_entry(dinner, guest)
        done += places - 1
    for (name, table, help_wanted, places), owner in zip(
            SPRINTS, posters[len(DINNERS):], strict=True):
        start = now.replace(minute=0, second=0, microsecond=0) + timedelta(days=2)
        sprint = UUID(app.post_sheet("sprint", name, start, table, capacity=places,
                                     description=help_wanted,
                                     ends_at=start + timedelta(hours=8),
                                     owner_id=owner).result["id"])
        for helper in rng.sample([p for p in people if p != owner], k=3):
            app.add_entry(sprint, helper)
        done += 4
    app.post_announcement("Welcome! Lightning-talk sign-ups are open on the Tonight "
                          "page; dinner groups leave from the Main Lobby.",
                          until=now + timedelta(days=3))
    return done + 1
