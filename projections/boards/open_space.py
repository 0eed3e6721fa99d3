"""The open-space grid: rooms x slots, with the session in each slot."""

from __future__ import annotations

from typing import Any, ClassVar

from coordinator.conference.aggregate import Conference
from coordinator.open_space.aggregate import OpenSpaceSlot
from projections.boards.base import Handler, Projection, State, hex_id, iso


def _configured(state: State, e: Any) -> None:
    state["time_zone"] = e.settings.get("time_zone", "UTC")


def _settings_changed(state: State, e: Any) -> None:
    if "time_zone" in e.changes:
        state["time_zone"] = e.changes["time_zone"]


def _room_added(state: State, e: Any) -> None:
    state["rooms"][hex_id(e.room_id)] = {
        "id": hex_id(e.room_id), "name": e.name, "capacity": e.capacity,
    }


def _room_changed(state: State, e: Any) -> None:
    room = state["rooms"].get(hex_id(e.room_id))
    if room is not None:
        room.update(name=e.name, capacity=e.capacity)


def _room_removed(state: State, e: Any) -> None:
    state["rooms"].pop(hex_id(e.room_id), None)


def _opened(state: State, e: Any) -> None:
    state["slots"][e.originator_id.hex] = {
        "id": e.originator_id.hex, "room_id": hex_id(e.room_id),
        "starts_at": iso(e.starts_at), "ends_at": iso(e.ends_at),
        "session": None, "blocked": None,
    }


def _slot(state: State, e: Any) -> dict[str, Any]:
    return state["slots"][e.originator_id.hex]


def _claimed(state: State, e: Any) -> None:
    _slot(state, e)["session"] = {
        "topic": e.topic, "host_id": hex_id(e.host_id), "host_name": e.host_name,
        "description": e.description, "interested": [],
    }


def _emptied(state: State, e: Any) -> None:
    _slot(state, e)["session"] = None


def _moved_in(state: State, e: Any) -> None:
    session = dict(e.session)
    session["interested"] = list(session.get("interested", []))
    _slot(state, e)["session"] = session


def _interest(state: State, e: Any) -> None:
    _slot(state, e)["session"]["interested"].append(hex_id(e.person_id))


def _interest_withdrawn(state: State, e: Any) -> None:
    _slot(state, e)["session"]["interested"].remove(hex_id(e.person_id))


def _rescheduled(state: State, e: Any) -> None:
    _slot(state, e).update(starts_at=iso(e.starts_at), ends_at=iso(e.ends_at))


def _cancelled(state: State, e: Any) -> None:
    state["slots"].pop(e.originator_id.hex, None)


def _blocked(state: State, e: Any) -> None:
    _slot(state, e)["blocked"] = e.reason or "blocked"


def _unblocked(state: State, e: Any) -> None:
    _slot(state, e)["blocked"] = None


def public_slot(slot: dict[str, Any]) -> dict[str, Any]:
    session = slot["session"]
    return {
        "id": slot["id"],
        "room_id": slot["room_id"],
        "starts_at": slot["starts_at"],
        "ends_at": slot["ends_at"],
        "blocked": slot["blocked"],
        "session": None if session is None else {
            "topic": session["topic"],
            "host_id": session["host_id"],
            "host_name": session["host_name"],
            "description": session["description"],
            "interested": len(session["interested"]),
        },
    }


class OpenSpaceProjection(Projection):
    name = "open-space"
    handlers: ClassVar[dict[type, Handler]] = {
        Conference.Configured: _configured,
        Conference.SettingsChanged: _settings_changed,
        Conference.RoomAdded: _room_added,
        Conference.RoomChanged: _room_changed,
        Conference.RoomRemoved: _room_removed,
        OpenSpaceSlot.Opened: _opened,
        OpenSpaceSlot.Claimed: _claimed,
        OpenSpaceSlot.Released: _emptied,
        OpenSpaceSlot.SessionMovedOut: _emptied,
        OpenSpaceSlot.SessionMovedIn: _moved_in,
        OpenSpaceSlot.InterestRegistered: _interest,
        OpenSpaceSlot.InterestWithdrawn: _interest_withdrawn,
        OpenSpaceSlot.Blocked: _blocked,
        OpenSpaceSlot.Unblocked: _unblocked,
        OpenSpaceSlot.Rescheduled: _rescheduled,
        OpenSpaceSlot.Cancelled: _cancelled,
    }

    def initial(self) -> State:
        return {"time_zone": "UTC", "rooms": {}, "slots": {}}

    def query(self, state: State, **params: Any) -> dict[str, Any]:
        rooms = sorted(state["rooms"].values(), key=lambda r: r["name"])
        slots = sorted(state["slots"].values(), key=lambda s: (s["starts_at"], s["room_id"]))
        return {"rooms": rooms, "slots": [public_slot(s) for s in slots]}

    def patches(self, state: State, event: Any) -> list[tuple[str, dict[str, Any]]]:
        kind = type(event)
        if kind in (Conference.RoomAdded, Conference.RoomChanged):
            room_id = hex_id(event.room_id)
            return [(self.name, {"room": state["rooms"][room_id]}),
                    (f"rooms/{room_id}", {"data": room_board(state, room_id)})]
        if kind is Conference.RoomRemoved:
            return [(self.name, {"removed_room": hex_id(event.room_id)})]
        if kind is OpenSpaceSlot.Cancelled:
            room_id = hex_id(event.room_id)
            patches = [(self.name, {"removed": event.originator_id.hex})]
            if room_id in state["rooms"]:
                patches.append((f"rooms/{room_id}", {"data": room_board(state, room_id)}))
            return patches
        if isinstance(event, OpenSpaceSlot.Event) and kind in self.handlers:
            slot = state["slots"][event.originator_id.hex]
            return [(self.name, {"slot": public_slot(slot)}),
                    (f"rooms/{slot['room_id']}", {"data": room_board(state, slot["room_id"])})]
        return []

    def room(self, state: State, room_id: str) -> dict[str, Any] | None:
        """The ``rooms/ROOM_ID`` board, or None for an unknown room."""
        if room_id not in state["rooms"]:
            return None
        return room_board(state, room_id)


def room_board(state: State, room_id: str) -> dict[str, Any]:
    """One room's sessions, in time order; screens pick "now" and "next" by their clock."""
    slots = sorted(
        (s for s in state["slots"].values() if s["room_id"] == room_id),
        key=lambda s: s["starts_at"],
    )
    return {"room": state["rooms"][room_id], "time_zone": state["time_zone"],
            "slots": [public_slot(s) for s in slots]}
