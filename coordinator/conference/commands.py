"""Commands on the conference itself: its settings and its rooms."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError

from coordinator import validation
from coordinator.conference.aggregate import DEFAULT_SETTINGS, Conference
from coordinator.core.base import BaseApplication
from coordinator.core.commands import Outcome, command


class ConferenceCommands(BaseApplication):
    def conference(self) -> Conference:
        try:
            aggregate = self.repository.get(Conference.create_id())
        except AggregateNotFoundError:
            return Conference({})
        assert isinstance(aggregate, Conference)
        return aggregate

    @command
    def change_settings(self, changes: dict[str, Any]) -> Outcome:
        checked = _checked_settings(changes)
        conference = self.conference()
        conference.change_settings(checked)
        return self.commit(conference)

    @command
    def add_room(self, name: str, capacity: int, room_id: UUID | None = None) -> Outcome:
        from uuid import uuid4

        room_id = room_id or uuid4()
        conference = self.conference()
        conference.add_room(room_id, validation.name(name), validation.count(capacity, "capacity"))
        return self.commit(conference, id=room_id.hex)


def _checked_settings(changes: dict[str, Any]) -> dict[str, Any]:
    """Validate organizer settings; an empty join code means none."""
    unknown = set(changes) - set(DEFAULT_SETTINGS)
    if unknown:
        raise validation.InvalidInput(f"Unknown settings: {', '.join(sorted(unknown))}.")
    checked: dict[str, Any] = {}
    for key, value in changes.items():
        if key == "name":
            checked[key] = validation.name(value)
        elif key == "time_zone":
            checked[key] = validation.time_zone(value, key).key
        elif key == "join_code":
            checked[key] = validation.text(value, key, limit=100, required=False) or None
        else:
            checked[key] = validation.minutes(value, key)
    return checked
