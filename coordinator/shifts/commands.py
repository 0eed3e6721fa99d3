"""Commands on shifts: schedule, change, cancel, sign up, check in, no-shows."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from coordinator import validation
from coordinator.core.commands import Outcome, command
from coordinator.errors import TooLate
from coordinator.people.commands import PeopleCommands
from coordinator.shifts.aggregate import Shift

# How long before its start a volunteer may check in to a shift.
CHECK_IN_OPENS_MINUTES = 30

EDITABLE = ("starts_at", "ends_at", "capacity", "location", "description")


class ShiftCommands(PeopleCommands):
    def shift(self, shift_id: UUID) -> Shift:
        return self.load(shift_id, Shift, "shift")

    @command
    def schedule_shift(self, role: str, location: str, starts_at: Any,
                       ends_at: Any, capacity: Any, description: Any = None) -> Outcome:
        start = validation.moment(starts_at, "starts_at")
        end = validation.moment(ends_at, "ends_at")
        validation.time_range(start, end)
        shift = Shift(
            role=validation.name(role, "role"),
            location=validation.name(location, "location"),
            starts_at=start,
            ends_at=end,
            capacity=validation.count(capacity, "capacity"),
            description=validation.description(description),
        )
        return self.commit(shift, id=shift.id.hex)

    @command
    def update_shift(self, shift_id: UUID, changes: dict[str, Any]) -> Outcome:
        unknown = set(changes) - set(EDITABLE)
        if unknown or not changes:
            raise validation.InvalidInput(
                f"Give any of {', '.join(EDITABLE)}"
                + (f"; unknown: {', '.join(sorted(unknown))}." if unknown else ".")
            )
        shift = self.shift(shift_id)
        start = validation.moment(changes.get("starts_at", shift.starts_at), "starts_at")
        end = validation.moment(changes.get("ends_at", shift.ends_at), "ends_at")
        validation.time_range(start, end)
        location = validation.name(changes.get("location", shift.location), "location")
        description = validation.description(changes.get("description", shift.description))
        touched: list[Any] = []
        if "capacity" in changes:
            shift.change_capacity(validation.count(changes["capacity"], "capacity"))
        times_changed = (start, end) != (shift.starts_at, shift.ends_at)
        if times_changed or (location, description) != (shift.location, shift.description):
            shift.reschedule(starts_at=start, ends_at=end, location=location,
                             description=description)
        if times_changed:
            # Everyone signed up follows the new times, unless that makes an overlap.
            for person_hex in shift.signups:
                person = self.person(UUID(hex=person_hex))
                person.move_commitment(shift.id, start, end)
                touched.append(person)
        return self.commit(*touched, shift)

    @command
    def cancel_shift(self, shift_id: UUID, reason: Any = None) -> Outcome:
        shift = self.shift(shift_id)
        people = [self.person(UUID(hex=h)) for h in shift.signups]
        shift.cancel(validation.description(reason, "reason"))
        for person in people:
            person.release(shift.id)
        return self.commit(*people, shift)

    @command
    def sign_up(self, shift_id: UUID, person_id: UUID) -> Outcome:
        shift = self.shift(shift_id)
        person = self.person(person_id)
        shift.sign_up(person.id)
        clash = person.clash_with(shift.starts_at, shift.ends_at, ignore=shift.id)
        labels = {clash: self._describe(UUID(hex=clash))} if clash else {}
        person.commit_to(shift.id, shift.starts_at, shift.ends_at, labels)
        return self.commit(person, shift)

    def _describe(self, shift_id: UUID) -> str:
        other = self.shift(shift_id)
        zone = self.conference().settings["time_zone"]
        local = other.starts_at.astimezone(ZoneInfo(zone))
        return f"{local:%a %H:%M} {other.role} shift"

    @command
    def cancel_signup(self, shift_id: UUID, person_id: UUID) -> Outcome:
        shift = self.shift(shift_id)
        person = self.person(person_id)
        cutoff = int(self.conference().settings["cancellation_cutoff_minutes"])
        if cutoff and self.clock() > shift.starts_at - timedelta(minutes=cutoff):
            raise TooLate(
                f"Too late to cancel: signups can be cancelled until {cutoff} minutes "
                "before the shift; please tell the volunteer desk instead."
            )
        shift.cancel_signup(person.id)
        person.release(shift.id)
        return self.commit(person, shift)

    @command
    def check_in(self, shift_id: UUID, person_id: UUID,
                 by_organizer: bool = False) -> Outcome:
        shift = self.shift(shift_id)
        shift.check_in(person_id, self.clock(), early_minutes=CHECK_IN_OPENS_MINUTES,
                       by_organizer=by_organizer)
        return self.commit(shift)

    @command
    def mark_no_show(self, shift_id: UUID, person_id: UUID) -> Outcome:
        shift = self.shift(shift_id)
        shift.mark_no_show(person_id)
        return self.commit(shift)

    def shifts_of(self, person_id: UUID) -> list[Shift]:
        """A person's shifts, earliest first."""
        person = self.person(person_id)
        shifts = [self.shift(UUID(hex=h)) for h in person.commitments]
        return sorted(shifts, key=lambda s: s.starts_at)

