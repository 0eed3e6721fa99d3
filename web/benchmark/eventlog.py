"""A long, realistic event log, made quickly: days of activity at a big conference.

The conference is generated first; then people sign up for shifts and cancel,
check in, claim and release open-space slots, mark interest, staff booths and
hand them over, and a few more people register. Every change goes through the
aggregates' own methods (which enforce the rules), and the events are written in
the order they happened, a few thousand per transaction, through
``Application.save``, instead of one command at a time.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, datetime
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate

from coordinator.application import Coordinator
from coordinator.booths.aggregate import Booth
from coordinator.open_space.aggregate import OpenSpaceSlot
from coordinator.people.aggregate import Person
from coordinator.shifts.aggregate import Shift
from web.benchmark.conference import make_aggregates
from web.benchmark.sizes import Sizes

BATCH = 5000
TOPICS = ["Typing in practice", "Packaging Q&A", "Async all the things", "Testing tips",
          "Mentoring newcomers", "Data science BoF", "Rust and Python", "Docs sprint"]


class Activity:
    """The conference's aggregates in memory, changed at random by their own methods."""

    def __init__(self, sizes: Sizes, rng: random.Random) -> None:
        self.rng = rng
        _, aggregates = make_aggregates(sizes, rng)
        self.setup = aggregates
        self.people = [a for a in aggregates if isinstance(a, Person)]
        self.shifts = [a for a in aggregates if isinstance(a, Shift)]
        self.slots = [a for a in aggregates if isinstance(a, OpenSpaceSlot)]
        self.booths = [a for a in aggregates if isinstance(a, Booth)]
        self.by_hex = {p.id.hex: p for p in self.people}
        self.claimed: list[OpenSpaceSlot] = []
        self.taken: list[Shift] = []
        self.now = datetime.now(UTC)
        ops: list[tuple[int, Callable[[], list[Aggregate]]]] = [
            (150, self.sign_up), (90, self.cancel_signup), (20, self.check_in),
            (70, self.claim), (45, self.release), (80, self.interest),
            (20, self.withdraw_interest), (20, self.booth), (1, self.register),
        ]
        self.ops = [op for weight, op in ops for _ in range(weight)]

    def step(self) -> list[Aggregate]:
        return self.rng.choice(self.ops)()

    def sign_up(self) -> list[Aggregate]:
        shift = self.rng.choice(self.shifts)
        person = self.rng.choice(self.people)
        if (shift.taken >= shift.capacity or shift.is_signed_up(person.id)
                or person.clash_with(shift.starts_at, shift.ends_at) is not None):
            return []
        shift.sign_up(person.id)
        person.commit_to(shift.id, shift.starts_at, shift.ends_at)
        if shift.taken == 1:
            self.taken.append(shift)
        return [shift, person]

    def _taken_shift(self) -> Shift | None:
        while self.taken:
            i = self.rng.randrange(len(self.taken))
            if self.taken[i].signups:
                return self.taken[i]
            self.taken[i] = self.taken[-1]
            self.taken.pop()
        return None

    def cancel_signup(self) -> list[Aggregate]:
        shift = self._taken_shift()
        if shift is None:
            return []
        person = self._person(self.rng.choice(shift.signups))
        shift.cancel_signup(person.id)
        person.release(shift.id)
        return [shift, person]

    def check_in(self) -> list[Aggregate]:
        shift = self._taken_shift()
        if shift is None:
            return []
        person_hex = self.rng.choice(shift.signups)
        if person_hex in shift.checked_in:
            return []
        shift.check_in(UUID(hex=person_hex), self.now, early_minutes=30, by_organizer=True)
        return [shift]

    def claim(self) -> list[Aggregate]:
        slot = self.rng.choice(self.slots)
        if not slot.is_free:
            return []
        host = self.rng.choice(self.people)
        slot.claim(host.id, host.name, self.rng.choice(TOPICS), "", self.now, 0)
        self.claimed.append(slot)
        return [slot]

    def _claimed_slot(self) -> OpenSpaceSlot | None:
        while self.claimed:
            i = self.rng.randrange(len(self.claimed))
            if self.claimed[i].session is not None:
                return self.claimed[i]
            self.claimed[i] = self.claimed[-1]
            self.claimed.pop()
        return None

    def release(self) -> list[Aggregate]:
        slot = self._claimed_slot()
        if slot is None:
            return []
        slot.release(None, "")
        return [slot]

    def interest(self) -> list[Aggregate]:
        slot = self._claimed_slot()
        if slot is None:
            return []
        slot.register_interest(self.rng.choice(self.people).id)
        return [slot]

    def withdraw_interest(self) -> list[Aggregate]:
        slot = self._claimed_slot()
        if slot is None or slot.session is None or not slot.session["interested"]:
            return []
        slot.withdraw_interest(UUID(hex=self.rng.choice(slot.session["interested"])))
        return [slot]

    def booth(self) -> list[Aggregate]:
        if not self.booths:
            return []
        booth = self.rng.choice(self.booths)
        if booth.holder is None:
            booth.staff(self.rng.choice(self.people).id)
        elif booth.offers:
            offer_id, offer = next(iter(booth.offers.items()))
            booth.accept_handoff(UUID(hex=offer_id), UUID(hex=offer["to"]))
        elif self.rng.random() < 0.8:
            to = self.rng.choice(self.people).id
            if to.hex == booth.holder:
                return []
            booth.offer_handoff(UUID(hex=booth.holder), uuid4(), to, "Back in an hour")
        else:
            booth.vacate(UUID(hex=booth.holder))
        return [booth]

    def register(self) -> list[Aggregate]:
        person = Person(name=f"Late volunteer {len(self.people) + 1}", email=None,
                        roles=["volunteer"])
        self.people.append(person)
        self.by_hex[person.id.hex] = person
        return [person]

    def _person(self, person_hex: str) -> Person:
        return self.by_hex[person_hex]


def generate_log(app: Coordinator, sizes: Sizes, events: int, seed: int = 7,
                 progress: Callable[[int], None] | None = None) -> int:
    """Store a conference and then activity until the log holds ``events`` events."""
    activity = Activity(sizes, random.Random(seed))
    pending = [e for aggregate in activity.setup for e in aggregate.collect_events()]
    stored = 0
    while stored + len(pending) < events:
        for aggregate in activity.step():
            pending.extend(aggregate.collect_events())
        if len(pending) >= BATCH:
            stored += len(app.save(*pending))
            pending = []
            if progress:
                progress(stored)
    if pending:
        stored += len(app.save(*pending[: events - stored]))
    if progress:
        progress(stored)
    return stored
