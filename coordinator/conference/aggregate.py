"""The conference itself: name, time zone, rooms and settings. There is one per store."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from coordinator.errors import InvalidInput, NotFound

NAMESPACE = UUID("6f1c3a9e-5b7d-4e2a-9c1f-2d8b7a6e5f40")

DEFAULT_SETTINGS: dict[str, Any] = {
    "name": "Conference",
    "time_zone": "UTC",
    "join_code": None,
    "cancellation_cutoff_minutes": 0,
    "claim_closes_minutes_before": 0,
}


class Conference(Aggregate):
    # Stored events name their class by these topics, not by where the code lives, so
    # the code can move and stores and exported logs keep loading.
    TOPIC = "coordinator.conference:Conference"

    class Created(Aggregate.Created):
        """The library's default creation event, unused: with explicit topics, it needs one."""

        TOPIC = "coordinator.conference:Conference.Created"

    @staticmethod
    def create_id(*_: Any, **__: Any) -> UUID:
        return uuid5(NAMESPACE, "conference")

    @event("Configured", topic="coordinator.conference:Conference.Configured")
    def __init__(self, settings: dict[str, Any]) -> None:
        self.settings: dict[str, Any] = dict(DEFAULT_SETTINGS, **settings)
        # room id (hex) -> {"name", "capacity"}
        self.rooms: dict[str, dict[str, Any]] = {}

    @property
    def join_code(self) -> str | None:
        return self.settings["join_code"]

    def change_settings(self, changes: dict[str, Any]) -> None:
        unknown = set(changes) - set(DEFAULT_SETTINGS)
        if unknown:
            raise InvalidInput(f"Unknown settings: {', '.join(sorted(unknown))}.")
        changed = {k: v for k, v in changes.items() if self.settings.get(k) != v}
        if changed:
            self._settings_changed(changes=changed)

    @event("SettingsChanged", topic="coordinator.conference:Conference.SettingsChanged")
    def _settings_changed(self, changes: dict[str, Any]) -> None:
        self.settings.update(changes)

    def note_setup_loaded(self, filename: str, created: dict[str, int]) -> None:
        """A set-up file that added anything is an event of the conference: the history
        shows it, and two loads at once meet on the conference's version (one retries
        and finds the other's shifts) instead of both adding the same shifts."""
        self._setup_loaded(filename=filename, created=dict(created))

    @event("SetupLoaded", topic="coordinator.conference:Conference.SetupLoaded")
    def _setup_loaded(self, filename: str, created: dict[str, int]) -> None:
        """The event is the whole record: nothing of it is kept on the aggregate."""

    def add_room(self, room_id: UUID, name: str, capacity: int) -> None:
        if any(room["name"] == name for room in self.rooms.values()):
            raise InvalidInput(f"There is already a room called '{name}'.")
        self._room_added(room_id=room_id, name=name, capacity=capacity)

    @event("RoomAdded", topic="coordinator.conference:Conference.RoomAdded")
    def _room_added(self, room_id: UUID, name: str, capacity: int) -> None:
        self.rooms[room_id.hex] = {"name": name, "capacity": capacity}

    def has_room(self, room_id: UUID) -> bool:
        return room_id.hex in self.rooms

    def change_room(self, room_id: UUID, name: str, capacity: int) -> None:
        room = self.rooms.get(room_id.hex)
        if room is None:
            raise NotFound("No such room.")
        if any(other["name"] == name for other_hex, other in self.rooms.items()
               if other_hex != room_id.hex):
            raise InvalidInput(f"There is already a room called '{name}'.")
        if (room["name"], room["capacity"]) != (name, capacity):
            self._room_changed(room_id=room_id, name=name, capacity=capacity)

    @event("RoomChanged", topic="coordinator.conference:Conference.RoomChanged")
    def _room_changed(self, room_id: UUID, name: str, capacity: int) -> None:
        self.rooms[room_id.hex] = {"name": name, "capacity": capacity}

    def remove_room(self, room_id: UUID) -> None:
        if not self.has_room(room_id):
            raise NotFound("No such room.")
        self._room_removed(room_id=room_id)

    @event("RoomRemoved", topic="coordinator.conference:Conference.RoomRemoved")
    def _room_removed(self, room_id: UUID) -> None:
        self.rooms.pop(room_id.hex, None)
