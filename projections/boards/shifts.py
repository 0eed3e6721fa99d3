"""The shifts board: every shift with taken / capacity."""

from __future__ import annotations

from typing import Any, ClassVar

from coordinator.shifts.aggregate import Shift
from projections.boards.base import Handler, Projection, State, hex_id, iso


def _scheduled(state: State, e: Any) -> None:
    state["shifts"][e.originator_id.hex] = {
        "id": e.originator_id.hex,
        "role": e.role,
        "location": e.location,
        "starts_at": iso(e.starts_at),
        "ends_at": iso(e.ends_at),
        "capacity": e.capacity,
        "taken": 0,
        "description": e.description,
        "signups": [],
        "checked_in": [],
        "no_shows": [],
        "cancelled": False,
    }


def _shift(state: State, e: Any) -> dict[str, Any]:
    return state["shifts"][e.originator_id.hex]


def _signed_up(state: State, e: Any) -> None:
    shift = _shift(state, e)
    shift["signups"].append(hex_id(e.person_id))
    shift["taken"] = len(shift["signups"])


def _signup_cancelled(state: State, e: Any) -> None:
    shift = _shift(state, e)
    person = hex_id(e.person_id)
    shift["signups"].remove(person)
    if person in shift["checked_in"]:
        shift["checked_in"].remove(person)
    shift["taken"] = len(shift["signups"])


def _checked_in(state: State, e: Any) -> None:
    shift = _shift(state, e)
    person = hex_id(e.person_id)
    shift["checked_in"].append(person)
    if person in shift["no_shows"]:
        shift["no_shows"].remove(person)


def _no_show(state: State, e: Any) -> None:
    _shift(state, e)["no_shows"].append(hex_id(e.person_id))


def _rescheduled(state: State, e: Any) -> None:
    _shift(state, e).update(starts_at=iso(e.starts_at), ends_at=iso(e.ends_at),
                            location=e.location, description=e.description)


def _capacity_changed(state: State, e: Any) -> None:
    _shift(state, e)["capacity"] = e.capacity


def _cancelled(state: State, e: Any) -> None:
    _shift(state, e)["cancelled"] = True


def public(shift: dict[str, Any]) -> dict[str, Any]:
    keys = ("id", "role", "location", "starts_at", "ends_at", "capacity", "taken", "description")
    return {k: shift[k] for k in keys}


class ShiftsProjection(Projection):
    name = "shifts"
    handlers: ClassVar[dict[type, Handler]] = {
        Shift.Scheduled: _scheduled,
        Shift.SignedUp: _signed_up,
        Shift.SignupCancelled: _signup_cancelled,
        Shift.CheckedIn: _checked_in,
        Shift.MarkedNoShow: _no_show,
        Shift.Rescheduled: _rescheduled,
        Shift.CapacityChanged: _capacity_changed,
        Shift.Cancelled: _cancelled,
    }

    def initial(self) -> State:
        return {"shifts": {}}

    def query(self, state: State, **params: Any) -> dict[str, Any]:
        shifts = [public(s) for s in state["shifts"].values() if not s["cancelled"]]
        shifts.sort(key=lambda s: (s["starts_at"], s["role"], s["location"]))
        return {"shifts": shifts}

    def patches(self, state: State, event: Any) -> list[tuple[str, dict[str, Any]]]:
        if type(event) not in self.handlers:
            return []
        shift = state["shifts"][event.originator_id.hex]
        if shift["cancelled"]:
            return [(self.name, {"removed": shift["id"]})]
        return [(self.name, {"shift": public(shift)})]
