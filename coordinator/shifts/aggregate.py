"""A volunteer shift: a role at a place and time, with a number of places."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from coordinator.errors import Conflict, Forbidden, NotFound, TooEarly
from coordinator.shifts.errors import AlreadySignedUp, ShiftFull


class Shift(Aggregate):
    # Stored events name their class by these topics, not by where the code lives, so
    # the code can move and stores and exported logs keep loading.
    TOPIC = "coordinator.shift:Shift"

    class Created(Aggregate.Created):
        """The library's default creation event, unused: with explicit topics, it needs one."""

        TOPIC = "coordinator.shift:Shift.Created"

    @event("Scheduled", topic="coordinator.shift:Shift.Scheduled")
    def __init__(self, role: str, location: str, starts_at: datetime, ends_at: datetime,
                 capacity: int, description: str) -> None:
        self.role = role
        self.location = location
        self.starts_at = starts_at
        self.ends_at = ends_at
        self.capacity = capacity
        self.description = description
        self.signups: list[str] = []
        self.checked_in: list[str] = []
        self.no_shows: list[str] = []
        self.cancelled = False
        self.cancel_reason = ""

    @property
    def taken(self) -> int:
        return len(self.signups)

    def is_signed_up(self, person_id: UUID) -> bool:
        return person_id.hex in self.signups

    def _require_active(self) -> None:
        if self.cancelled:
            raise NotFound("This shift has been cancelled.")

    def sign_up(self, person_id: UUID) -> None:
        self._require_active()
        if self.is_signed_up(person_id):
            raise AlreadySignedUp("You are already signed up for this shift.")
        if self.taken >= self.capacity:
            raise ShiftFull("This shift is full: someone just took the last place.")
        self._signed_up(person_id=person_id)

    @event("SignedUp", topic="coordinator.shift:Shift.SignedUp")
    def _signed_up(self, person_id: UUID) -> None:
        self.signups.append(person_id.hex)

    def cancel_signup(self, person_id: UUID) -> None:
        self._require_active()
        if not self.is_signed_up(person_id):
            raise NotFound("You are not signed up for this shift.")
        self._signup_cancelled(person_id=person_id)

    @event("SignupCancelled", topic="coordinator.shift:Shift.SignupCancelled")
    def _signup_cancelled(self, person_id: UUID) -> None:
        self.signups.remove(person_id.hex)
        if person_id.hex in self.checked_in:
            self.checked_in.remove(person_id.hex)

    def check_in(self, person_id: UUID, now: datetime, *, early_minutes: int,
                 by_organizer: bool) -> None:
        self._require_active()
        if not self.is_signed_up(person_id):
            raise NotFound("That person is not signed up for this shift.")
        if person_id.hex in self.checked_in:
            raise AlreadySignedUp("Already checked in.")
        if not by_organizer:
            opens = self.starts_at.timestamp() - early_minutes * 60
            if now.timestamp() < opens:
                raise TooEarly(
                    f"Check-in opens {early_minutes} minutes before the shift starts."
                )
        self._checked_in(person_id=person_id, by_organizer=by_organizer)

    @event("CheckedIn", topic="coordinator.shift:Shift.CheckedIn")
    def _checked_in(self, person_id: UUID, by_organizer: bool) -> None:
        self.checked_in.append(person_id.hex)
        if person_id.hex in self.no_shows:
            self.no_shows.remove(person_id.hex)

    def mark_no_show(self, person_id: UUID) -> None:
        self._require_active()
        if not self.is_signed_up(person_id):
            raise NotFound("That person is not signed up for this shift.")
        if person_id.hex in self.checked_in:
            raise Forbidden("That person has checked in.")
        if person_id.hex in self.no_shows:
            raise AlreadySignedUp("Already marked as a no-show.")
        self._marked_no_show(person_id=person_id)

    @event("MarkedNoShow", topic="coordinator.shift:Shift.MarkedNoShow")
    def _marked_no_show(self, person_id: UUID) -> None:
        self.no_shows.append(person_id.hex)

    def reschedule(self, *, starts_at: datetime, ends_at: datetime, location: str,
                   description: str) -> None:
        self._require_active()
        self._rescheduled(starts_at=starts_at, ends_at=ends_at, location=location,
                          description=description)

    @event("Rescheduled", topic="coordinator.shift:Shift.Rescheduled")
    def _rescheduled(self, starts_at: datetime, ends_at: datetime, location: str,
                     description: str) -> None:
        self.starts_at = starts_at
        self.ends_at = ends_at
        self.location = location
        self.description = description

    def change_capacity(self, capacity: int) -> None:
        self._require_active()
        if capacity < self.taken:
            raise Conflict(
                f"{self.taken} people are signed up; capacity cannot go below that."
            )
        if capacity != self.capacity:
            self._capacity_changed(capacity=capacity)

    @event("CapacityChanged", topic="coordinator.shift:Shift.CapacityChanged")
    def _capacity_changed(self, capacity: int) -> None:
        self.capacity = capacity

    def cancel(self, reason: str) -> None:
        self._require_active()
        self._cancelled(reason=reason)

    @event("Cancelled", topic="coordinator.shift:Shift.Cancelled")
    def _cancelled(self, reason: str) -> None:
        self.cancelled = True
        self.cancel_reason = reason
