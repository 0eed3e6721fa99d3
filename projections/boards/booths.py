"""The booths board: who holds each booth, since when, and pending handoffs."""

from __future__ import annotations

from typing import Any, ClassVar

from coordinator.booths.aggregate import Booth
from coordinator.people.aggregate import Person
from projections.boards.base import Handler, Projection, State, hex_id, iso


def _registered(state: State, e: Any) -> None:
    state["names"][e.originator_id.hex] = e.name


def _opened(state: State, e: Any) -> None:
    state["booths"][e.originator_id.hex] = {
        "id": e.originator_id.hex, "name": e.name, "location": e.location,
        "holder": None, "since": None, "offers": {}, "closed": False,
    }


def _booth(state: State, e: Any) -> dict[str, Any]:
    return state["booths"][e.originator_id.hex]


def _changed(state: State, e: Any) -> None:
    _booth(state, e).update(name=e.name, location=e.location)


def _take(state: State, e: Any) -> None:
    booth = _booth(state, e)
    booth.update(holder=hex_id(e.person_id), since=iso(e.timestamp), offers={})


def _offered(state: State, e: Any) -> None:
    _booth(state, e)["offers"][hex_id(e.handoff_id)] = {
        "id": hex_id(e.handoff_id), "to": hex_id(e.to), "note": e.note,
        "offered_at": iso(e.timestamp),
    }


def _settled(state: State, e: Any) -> None:
    _booth(state, e)["offers"].pop(hex_id(e.handoff_id), None)


def _vacated(state: State, e: Any) -> None:
    _booth(state, e).update(holder=None, since=None, offers={})


def _closed(state: State, e: Any) -> None:
    _booth(state, e).update(holder=None, since=None, offers={}, closed=True)


class BoothsProjection(Projection):
    name = "booths"
    handlers: ClassVar[dict[type, Handler]] = {
        Person.Registered: _registered,
        Booth.Opened: _opened,
        Booth.Staffed: _take,
        Booth.HandoffAccepted: _take,
        Booth.HandoffOffered: _offered,
        Booth.HandoffDeclined: _settled,
        Booth.HandoffWithdrawn: _settled,
        Booth.Vacated: _vacated,
        Booth.Closed: _closed,
        Booth.Changed: _changed,
    }

    def initial(self) -> State:
        return {"names": {}, "booths": {}}

    def query(self, state: State, **params: Any) -> dict[str, Any]:
        booths = [public(state, b) for b in state["booths"].values() if not b["closed"]]
        booths.sort(key=lambda b: (b["name"], b["location"]))
        return {"booths": booths}

    def patches(self, state: State, event: Any) -> list[tuple[str, dict[str, Any]]]:
        if not isinstance(event, Booth.Event):
            return []
        booth = state["booths"][event.originator_id.hex]
        if booth["closed"]:
            return [(self.name, {"removed": booth["id"]})]
        return [(self.name, {"booth": public(state, booth)})]


def public(state: State, booth: dict[str, Any]) -> dict[str, Any]:
    names = state["names"]

    def person(person_id: str | None) -> dict[str, str] | None:
        return None if person_id is None else {"id": person_id, "name": names[person_id]}

    return {
        "id": booth["id"],
        "name": booth["name"],
        "location": booth["location"],
        "holder": person(booth["holder"]),
        "since": booth["since"],
        "pending_handoffs": [
            {"id": o["id"], "to": person(o["to"]), "note": o["note"],
             "offered_at": o["offered_at"]}
            for o in booth["offers"].values()
        ],
    }
