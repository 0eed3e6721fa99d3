"""Commands on booths: open, staff, hand over, vacate, close."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

from coordinator import validation
from coordinator.booths.aggregate import Booth
from coordinator.core.commands import Outcome, command
from coordinator.people.commands import PeopleCommands


class BoothCommands(PeopleCommands):
    def booth(self, booth_id: UUID) -> Booth:
        return self.load(booth_id, Booth, "booth")

    @command
    def open_booth(self, name: Any, location: Any) -> Outcome:
        booth = Booth(name=validation.name(name), location=validation.name(location, "location"))
        return self.commit(booth, id=booth.id.hex)

    @command
    def staff_booth(self, booth_id: UUID, person_id: UUID) -> Outcome:
        booth = self.booth(booth_id)
        self.person(person_id)
        booth.staff(person_id)
        return self.commit(booth)

    @command
    def offer_handoff(self, booth_id: UUID, holder_id: UUID, to: UUID,
                      note: Any = None) -> Outcome:
        booth = self.booth(booth_id)
        self.person(to)
        handoff_id = uuid4()
        booth.offer_handoff(holder_id, handoff_id, to, validation.description(note, "note"))
        return self.commit(booth, handoff_id=handoff_id.hex)

    @command
    def accept_handoff(self, booth_id: UUID, handoff_id: UUID,
                       person_id: UUID) -> Outcome:
        booth = self.booth(booth_id)
        booth.accept_handoff(handoff_id, person_id)
        return self.commit(booth)

    @command
    def decline_handoff(self, booth_id: UUID, handoff_id: UUID,
                        person_id: UUID) -> Outcome:
        booth = self.booth(booth_id)
        booth.decline_handoff(handoff_id, person_id)
        return self.commit(booth)

    @command
    def withdraw_handoff(self, booth_id: UUID, handoff_id: UUID,
                         person_id: UUID) -> Outcome:
        booth = self.booth(booth_id)
        booth.withdraw_handoff(handoff_id, person_id)
        return self.commit(booth)

    @command
    def vacate_booth(self, booth_id: UUID, person_id: UUID) -> Outcome:
        booth = self.booth(booth_id)
        booth.vacate(person_id)
        return self.commit(booth)

    @command
    def close_booth(self, booth_id: UUID) -> Outcome:
        booth = self.booth(booth_id)
        booth.close()
        return self.commit(booth)
