"""A shift as a volunteer's card shows it: when, where, places free, and what they can do."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from coordinator.shifts.aggregate import Shift
from coordinator.shifts.commands import CHECK_IN_OPENS_MINUTES
from web.volunteer.times import Clock, hhmm, span, until, when


@dataclass(frozen=True)
class ShiftCard:
    id: str
    role: str
    location: str
    description: str
    start: datetime  # in the conference's time zone
    end: datetime
    capacity: int
    taken: int
    now: datetime
    cutoff_minutes: int = 0
    mine: bool = False
    checked_in: bool = False

    @classmethod
    def from_board(cls, shift: dict[str, Any], clock: Clock, cutoff_minutes: int,
                   mine: bool) -> ShiftCard:
        return cls(shift["id"], shift["role"], shift["location"], shift["description"],
                   clock.local(shift["starts_at"]), clock.local(shift["ends_at"]),
                   shift["capacity"], shift["taken"], clock.now, cutoff_minutes, mine)

    @classmethod
    def from_shift(cls, shift: Shift, clock: Clock, cutoff_minutes: int,
                   person_hex: str) -> ShiftCard:
        return cls(shift.id.hex, shift.role, shift.location, shift.description,
                   clock.local(shift.starts_at), clock.local(shift.ends_at), shift.capacity,
                   shift.taken, clock.now, cutoff_minutes, person_hex in shift.signups,
                   person_hex in shift.checked_in)

    # -- places ---------------------------------------------------------------

    @property
    def free(self) -> int:
        return max(0, self.capacity - self.taken)

    @property
    def full(self) -> bool:
        return self.free == 0

    @property
    def places(self) -> str:
        """The same words the page's script writes when a count changes live."""
        if self.full:
            return f"Full · {self.taken} of {self.capacity} taken"
        return f"{self.free} of {self.capacity} place{'' if self.capacity == 1 else 's'} free"

    # -- time -----------------------------------------------------------------

    @property
    def when(self) -> str:
        return when(self.start, self.end)

    @property
    def span(self) -> str:
        return span(self.start, self.end)

    @property
    def length(self) -> timedelta:
        return self.end - self.start

    @property
    def started(self) -> bool:
        return self.now >= self.start

    @property
    def ended(self) -> bool:
        return self.now >= self.end

    @property
    def running(self) -> bool:
        return self.started and not self.ended

    @property
    def starts_in(self) -> str:
        return until(self.now, self.start)

    @property
    def label(self) -> str:
        """"Registration, Fri 15 May, 10:00–12:30 (Main Lobby)", for messages."""
        return f"{self.role}, {self.when} ({self.location})"

    # -- what the person can do -----------------------------------------------

    @property
    def can_claim(self) -> bool:
        return not self.mine and not self.ended

    @property
    def cancel_until(self) -> datetime:
        return self.start - timedelta(minutes=self.cutoff_minutes)

    @property
    def can_cancel(self) -> bool:
        return (self.mine and not self.checked_in and not self.started
                and self.now <= self.cancel_until)

    @property
    def too_late_to_cancel(self) -> bool:
        return self.mine and not self.checked_in and not self.ended and not self.can_cancel

    @property
    def check_in_opens(self) -> datetime:
        return self.start - timedelta(minutes=CHECK_IN_OPENS_MINUTES)

    @property
    def check_in_open(self) -> bool:
        return self.mine and not self.checked_in and self.check_in_opens <= self.now < self.end

    @property
    def check_in_later(self) -> bool:
        return self.mine and not self.checked_in and self.now < self.check_in_opens

    @property
    def check_in_opens_at(self) -> str:
        return hhmm(self.check_in_opens)
