"""Commands on the open-space grid: open slots, claim, release, move, interest."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from coordinator import validation
from coordinator.core.commands import Outcome, command
from coordinator.errors import InvalidInput, NotFound
from coordinator.open_space.aggregate import OpenSpaceSlot
from coordinator.people.commands import PeopleCommands


class OpenSpaceCommands(PeopleCommands):
    def slot(self, slot_id: UUID) -> OpenSpaceSlot:
        return self.load(slot_id, OpenSpaceSlot, "open-space slot")

    @command
    def open_slot(self, room_id: UUID, starts_at: Any, ends_at: Any) -> Outcome:
        start = validation.moment(starts_at, "starts_at")
        end = validation.moment(ends_at, "ends_at")
        validation.time_range(start, end)
        if not self.conference().has_room(room_id):
            raise NotFound("No such room.")
        slot = OpenSpaceSlot(room_id=room_id, starts_at=start, ends_at=end)
        return self.commit(slot, id=slot.id.hex)

    @command
    def claim_slot(self, slot_id: UUID, person_id: UUID, topic: Any,
                   description: Any = None) -> Outcome:
        topic = validation.topic(topic)
        description = validation.description(description)
        slot = self.slot(slot_id)
        host = self.person(person_id)
        closes = int(self.conference().settings["claim_closes_minutes_before"])
        slot.claim(host.id, host.name, topic, description, self.clock(), closes)
        return self.commit(slot)

    @command
    def release_slot(self, slot_id: UUID, person_id: UUID | None,
                     reason: Any = None) -> Outcome:
        """Release a session: its host (``person_id``) or an organizer (None)."""
        slot = self.slot(slot_id)
        slot.release(person_id, validation.description(reason, "reason"))
        return self.commit(slot)

    @command
    def register_interest(self, slot_id: UUID, person_id: UUID) -> Outcome:
        slot = self.slot(slot_id)
        slot.register_interest(person_id)
        return self.commit(slot)

    @command
    def withdraw_interest(self, slot_id: UUID, person_id: UUID) -> Outcome:
        slot = self.slot(slot_id)
        slot.withdraw_interest(person_id)
        return self.commit(slot)

    @command
    def move_session(self, slot_id: UUID, to: UUID,
                     person_id: UUID | None, reason: Any = None) -> Outcome:
        """Move a session: its host (``person_id``) or an organizer (None), who may give
        a ``reason`` for the host."""
        if slot_id == to:
            raise InvalidInput("'to' must be another slot.")
        reason = validation.description(reason, "reason")
        source = self.slot(slot_id)
        target = self.slot(to)
        session = source.move_out(target.id, person_id, reason)
        target.move_in(source.id, session)
        return self.commit(source, target)

    @command
    def block_slot(self, slot_id: UUID, reason: Any = None) -> Outcome:
        slot = self.slot(slot_id)
        slot.block(validation.description(reason, "reason"))
        return self.commit(slot)

    @command
    def unblock_slot(self, slot_id: UUID) -> Outcome:
        slot = self.slot(slot_id)
        slot.unblock()
        return self.commit(slot)
