"""Organizer commands: who did it (``by``) on every event, and the set-up changes
(rooms, slots, booths) the organizer page makes after a conference is loaded."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest

from coordinator.application import Coordinator
from coordinator.errors import InvalidInput, NotFound
from coordinator.event_log import event_to_dict, iter_notifications
from coordinator.open_space.errors import SlotTaken
from projections.engine.runner import ProjectionRunner

START = datetime(2030, 5, 15, 9, 0, tzinfo=UTC)


def events(app: Coordinator, after: int = 0) -> list[dict[str, Any]]:
    return [event_to_dict(n, app.mapper, plain=True)
            for n in iter_notifications(app.recorder, after)]


def test_by_is_recorded_on_every_event_of_the_command(app: Coordinator) -> None:
    shift = UUID(app.schedule_shift("Registration", "Lobby", START, START + timedelta(hours=2),
                                    2).result["id"])
    ana = UUID(app.register_person("Ana").result["id"])
    app.sign_up(shift, ana)
    before = app.recorder.max_notification_id()
    app.cancel_shift(shift, "Rain", by="Maria")
    stored = events(app, before)
    assert {e["type"] for e in stored} == {"Person.ShiftReleased", "Shift.Cancelled"}
    assert all(e["data"]["by"] == "Maria" for e in stored)
    # The events still replay into the aggregates.
    assert app.shift(shift).cancelled and not app.person(ana).holds(shift)


def test_without_by_nothing_is_added(app: Coordinator) -> None:
    app.schedule_shift("Registration", "Lobby", START, START + timedelta(hours=2), 2)
    assert "by" not in events(app)[-1]["data"]


def test_by_must_be_a_name(app: Coordinator) -> None:
    with pytest.raises(InvalidInput):
        app.add_room("Room 1", 20, by="x" * 101)
    with pytest.raises(InvalidInput):
        app.add_room("Room 1", 20, by="Ma\nria")
    assert not app.recorder.max_notification_id()


def test_existing_signatures_keep_working(app: Coordinator) -> None:
    room = UUID(app.add_room("Room 1", 20).result["id"])
    slot = UUID(app.open_slot(room, START, START + timedelta(hours=1)).result["id"])
    other = UUID(app.open_slot(room, START + timedelta(hours=1),
                               START + timedelta(hours=2)).result["id"])
    host = UUID(app.register_person("Ana").result["id"])
    app.claim_slot(slot, host, "Packaging")
    app.move_session(slot, other, None)  # positional, as before
    assert app.slot(other).session is not None


def test_a_move_by_organizers_carries_a_reason(app: Coordinator) -> None:
    room = UUID(app.add_room("Room 1", 20).result["id"])
    slot = UUID(app.open_slot(room, START, START + timedelta(hours=1)).result["id"])
    other = UUID(app.open_slot(room, START + timedelta(hours=1),
                               START + timedelta(hours=2)).result["id"])
    host = UUID(app.register_person("Ana").result["id"])
    app.claim_slot(slot, host, "Packaging")
    app.move_session(slot, other, None, reason="The projector is broken", by="Maria")
    moved_out = next(e for e in events(app) if e["type"] == "OpenSpaceSlot.SessionMovedOut")
    assert moved_out["data"]["reason"] == "The projector is broken"
    assert moved_out["data"]["by"] == "Maria"


def test_rooms_are_renamed_resized_and_removed(app: Coordinator) -> None:
    room = UUID(app.add_room("Room 1", 20).result["id"])
    app.add_room("Room 2", 20)
    app.change_room(room, name="Room 1A", capacity=25)
    assert app.conference().rooms[room.hex] == {"name": "Room 1A", "capacity": 25}
    with pytest.raises(InvalidInput):
        app.change_room(room, name="Room 2")
    free = UUID(app.open_slot(room, START, START + timedelta(hours=1)).result["id"])
    taken = UUID(app.open_slot(room, START + timedelta(hours=1),
                               START + timedelta(hours=2)).result["id"])
    app.claim_slot(taken, UUID(app.register_person("Ana").result["id"]), "Packaging")
    with pytest.raises(SlotTaken):
        app.remove_room(room)
    app.release_slot(taken, None, "Room closed")
    app.remove_room(room, "Flooded", by="Maria")
    assert not app.conference().has_room(room)
    assert app.slot(free).cancelled and app.slot(taken).cancelled
    runner = ProjectionRunner(app, checkpoints=False)
    _, grid = runner.board("open-space")
    assert [r["name"] for r in grid["rooms"]] == ["Room 2"]
    assert grid["slots"] == []
    with pytest.raises(NotFound):
        app.change_room(room, name="Again")


def test_slots_are_rescheduled_and_cancelled(app: Coordinator) -> None:
    room = UUID(app.add_room("Room 1", 20).result["id"])
    slot = UUID(app.open_slot(room, START, START + timedelta(hours=1)).result["id"])
    app.open_slot(room, START + timedelta(hours=2), START + timedelta(hours=3))
    with pytest.raises(InvalidInput):  # overlaps the other slot
        app.reschedule_slot(slot, START + timedelta(hours=2, minutes=30),
                            START + timedelta(hours=3, minutes=30))
    app.reschedule_slot(slot, START + timedelta(hours=1), START + timedelta(hours=2))
    runner = ProjectionRunner(app, checkpoints=False)
    _, grid = runner.board("open-space")
    moved = next(s for s in grid["slots"] if s["id"] == slot.hex)
    assert datetime.fromisoformat(moved["starts_at"]) == START + timedelta(hours=1)
    app.cancel_slot(slot, "Lunch", by="Maria")
    with pytest.raises(NotFound):
        app.claim_slot(slot, UUID(app.register_person("Ana").result["id"]), "Too late")
    _, grid = runner.board("open-space")
    assert slot.hex not in {s["id"] for s in grid["slots"]}
    _, room_board = runner.board(f"rooms/{room.hex}")
    assert slot.hex not in {s["id"] for s in room_board["slots"]}


def test_booths_are_renamed_and_moved(app: Coordinator) -> None:
    booth = UUID(app.open_booth("PSF", "Expo 1").result["id"])
    ana = UUID(app.register_person("Ana").result["id"])
    app.staff_booth(booth, ana)
    app.change_booth(booth, name="PSF Booth", location="Expo Hall, booth 2", by="Maria")
    runner = ProjectionRunner(app, checkpoints=False)
    _, board = runner.board("booths")
    assert board["booths"][0]["name"] == "PSF Booth"
    assert board["booths"][0]["location"] == "Expo Hall, booth 2"
    assert board["booths"][0]["holder"]["name"] == "Ana"
    before = app.recorder.max_notification_id()
    app.change_booth(booth, location="Expo Hall, booth 2")  # no change: nothing stored
    assert app.recorder.max_notification_id() == before
