"""The conference aggregate: settings and rooms."""

from __future__ import annotations

from uuid import UUID, uuid4

import pytest

from coordinator.conference.aggregate import DEFAULT_SETTINGS, Conference
from coordinator.errors import InvalidInput


class TestConference:
    def test_one_per_store(self) -> None:
        assert Conference.create_id() == Conference.create_id("anything")
        assert Conference({}).id == Conference.create_id()

    def test_defaults(self) -> None:
        conference = Conference({})
        assert conference.settings == DEFAULT_SETTINGS
        assert conference.join_code is None

    def test_settings(self) -> None:
        conference = Conference({"name": "PyCon"})
        conference.collect_events()
        conference.change_settings({"join_code": "snake", "name": "PyCon"})
        assert conference.join_code == "snake"
        assert conference.settings["name"] == "PyCon"
        events = conference.collect_events()
        assert [type(e).__name__ for e in events] == ["SettingsChanged"]
        assert events[0].changes == {"join_code": "snake"}  # type: ignore[attr-defined]
        conference.change_settings({"join_code": "snake"})
        assert conference.collect_events() == []

    def test_unknown_setting(self) -> None:
        with pytest.raises(InvalidInput):
            Conference({}).change_settings({"colour": "blue"})

    def test_rooms(self) -> None:
        conference = Conference({})
        room = uuid4()
        conference.add_room(room, "Room 1", 40)
        assert conference.has_room(room)
        assert not conference.has_room(UUID(int=0))
        assert conference.rooms[room.hex] == {"name": "Room 1", "capacity": 40}
        with pytest.raises(InvalidInput) as caught:
            conference.add_room(uuid4(), "Room 1", 10)
        assert caught.value.code == "invalid_input"
        assert len(conference.rooms) == 1
