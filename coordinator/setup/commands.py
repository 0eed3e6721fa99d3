"""Organizer commands that change the set-up after it is loaded: rooms, slots, booths.

Shifts are changed with ``update_shift`` and ``cancel_shift`` (``shifts.commands``);
these complete the set: rename or resize a room and remove it, reschedule and
cancel an open-space slot, rename or move a booth. Each stores its events in one
atomic save, like every command, and takes ``by`` (who did it).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.utils import get_topic

from coordinator import validation
from coordinator.booths.commands import BoothCommands
from coordinator.core.commands import Outcome, command
from coordinator.errors import InvalidInput, NotFound
from coordinator.open_space.aggregate import OpenSpaceSlot
from coordinator.open_space.commands import OpenSpaceCommands
from coordinator.open_space.errors import SlotTaken

_PAGE = 500


class SetupCommands(OpenSpaceCommands, BoothCommands):
    @command
    def change_room(self, room_id: UUID, name: Any = None,
                    capacity: Any = None) -> Outcome:
        """Rename a room or change its capacity (either may be None: unchanged)."""
        conference = self.conference()
        room = conference.rooms.get(room_id.hex)
        if room is None:
            raise NotFound("No such room.")
        new_name = validation.name(room["name"] if name is None else name)
        new_capacity = validation.count(room["capacity"] if capacity is None else capacity,
                                        "capacity")
        conference.change_room(room_id, new_name, new_capacity)
        return self.commit(conference)

    @command
    def remove_room(self, room_id: UUID, reason: Any = None) -> Outcome:
        """Remove a room and cancel its free slots; refused while a session is in one."""
        reason = validation.description(reason, "reason")
        conference = self.conference()
        if not conference.has_room(room_id):
            raise NotFound("No such room.")
        slots = self.slots_in_room(room_id)
        busy = [slot for slot in slots if slot.session is not None]
        if busy:
            raise SlotTaken(f"{len(busy)} sessions are still in this room: move or cancel "
                            "them first.")
        for slot in slots:
            slot.cancel(reason)
        conference.remove_room(room_id)
        return self.commit(*slots, conference)

    @command
    def reschedule_slot(self, slot_id: UUID, starts_at: Any,
                        ends_at: Any) -> Outcome:
        """New times for a slot; refused when they overlap another slot in its room."""
        start = validation.moment(starts_at, "starts_at")
        end = validation.moment(ends_at, "ends_at")
        validation.time_range(start, end)
        slot = self.slot(slot_id)
        for other in self.slots_in_room(slot.room_id):
            if other.id != slot.id and other.starts_at < end and start < other.ends_at:
                raise InvalidInput("Those times overlap another slot in the same room.")
        slot.reschedule(start, end)
        return self.commit(slot)

    @command
    def cancel_slot(self, slot_id: UUID, reason: Any = None) -> Outcome:
        slot = self.slot(slot_id)
        slot.cancel(validation.description(reason, "reason"))
        return self.commit(slot)

    @command
    def change_booth(self, booth_id: UUID, name: Any = None,
                     location: Any = None) -> Outcome:
        """Rename a booth or move it (either may be None: unchanged)."""
        booth = self.booth(booth_id)
        new_name = validation.name(booth.name if name is None else name)
        new_location = validation.name(booth.location if location is None else location,
                                       "location")
        booth.change(new_name, new_location)
        return self.commit(booth)

    def slots_in_room(self, room_id: UUID) -> list[OpenSpaceSlot]:
        """The room's slots that are not cancelled, found through their creation events."""
        topic = get_topic(OpenSpaceSlot.Opened)
        found: list[OpenSpaceSlot] = []
        start = 1
        while True:
            page = self.recorder.select_notifications(start, _PAGE, topics=[topic])
            for notification in page:
                slot = self.repository.get(UUID(str(notification.originator_id)))
                if (isinstance(slot, OpenSpaceSlot) and slot.room_id == room_id
                        and not slot.cancelled):
                    found.append(slot)
            if len(page) < _PAGE:
                return found
            start = page[-1].id + 1
