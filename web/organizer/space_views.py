"""Rooms and the open-space grid (``/organizer/rooms``): add, rename, resize and remove
rooms; open, reschedule, block and cancel slots, one day at a time."""

from __future__ import annotations

from typing import Any

from flask import request, url_for
from flask.typing import ResponseReturnValue

from coordinator import validation
from coordinator.core.commands import Outcome
from projections.boards.overview import States, when
from web.organizer.blueprint import bp
from web.organizer.common import act, local_moment, now, parse_id, read, render, time_zone
from web.services import services
from web.shared.days import BadDay, pick_day


def _whole(text: str | None, field: str) -> int:
    return validation.whole_number(text, field)


@bp.get("/rooms")
def rooms() -> ResponseReturnValue:
    tz, moment = time_zone(), now()

    def query(states: States) -> dict[str, Any]:
        space = states["open-space"]
        starts = [s["starts_at"] for s in space["slots"].values()]
        try:
            day = pick_day(request.args.get("day"), starts, tz, moment)
        except BadDay:
            day = pick_day(None, starts, tz, moment)
        rooms = sorted(({**r} for r in space["rooms"].values()),
                       key=lambda r: r["name"].casefold())
        by_room: dict[str, list[dict[str, Any]]] = {r["id"]: [] for r in rooms}
        for slot in sorted(space["slots"].values(), key=lambda s: s["starts_at"]):
            if slot["room_id"] in by_room and when(slot["starts_at"]).astimezone(tz).date() \
                    == day:
                session = slot["session"]
                by_room[slot["room_id"]].append({
                    "id": slot["id"], "starts_at": slot["starts_at"],
                    "ends_at": slot["ends_at"], "blocked": slot["blocked"],
                    "topic": session["topic"] if session else None,
                    "host_name": session["host_name"] if session else None})
        days = sorted({when(s).astimezone(tz).date().isoformat() for s in starts})
        return {"rooms": rooms, "slots": by_room, "days": days, "day": day.isoformat()}

    return render("organizer/rooms.html", active="space", **read(query))


def _rooms() -> str:
    return url_for("organizer.rooms")


@bp.post("/rooms")
def add_room() -> ResponseReturnValue:
    def add(**kwargs: Any) -> Outcome:
        return services().app.add_room(request.form.get("name", ""),
                                       _whole(request.form.get("capacity"), "capacity"),
                                       **kwargs)

    return act(add, done="Room added.", default=_rooms())


@bp.post("/rooms/<room_id>/edit")
def edit_room(room_id: str) -> ResponseReturnValue:
    room = parse_id(room_id)

    def change(**kwargs: Any) -> Outcome:
        return services().app.change_room(
            room, name=request.form.get("name", ""),
            capacity=_whole(request.form.get("capacity"), "capacity"), **kwargs)

    return act(change, done="Room changed.", default=_rooms())


@bp.post("/rooms/<room_id>/remove")
def remove_room(room_id: str) -> ResponseReturnValue:
    return act(services().app.remove_room, parse_id(room_id),
               request.form.get("reason") or None,
               done="Room removed, with its slots.", default=_rooms())


@bp.post("/slots")
def add_slot() -> ResponseReturnValue:
    def open_slot(**kwargs: Any) -> Outcome:
        return services().app.open_slot(
            parse_id(request.form.get("room_id", "")),
            local_moment(request.form.get("starts_at"), "starts_at"),
            local_moment(request.form.get("ends_at"), "ends_at"), **kwargs)

    return act(open_slot, done="Slot opened.", default=_rooms())


@bp.post("/slots/<slot_id>/reschedule")
def reschedule_slot(slot_id: str) -> ResponseReturnValue:
    slot = parse_id(slot_id)

    def reschedule(**kwargs: Any) -> Outcome:
        return services().app.reschedule_slot(
            slot, local_moment(request.form.get("starts_at"), "starts_at"),
            local_moment(request.form.get("ends_at"), "ends_at"), **kwargs)

    return act(reschedule, done="Slot rescheduled.", default=_rooms())


@bp.post("/slots/<slot_id>/cancel")
def cancel_slot(slot_id: str) -> ResponseReturnValue:
    return act(services().app.cancel_slot, parse_id(slot_id),
               request.form.get("reason") or None, done="Slot cancelled.", default=_rooms())


@bp.post("/slots/<slot_id>/block")
def block_slot(slot_id: str) -> ResponseReturnValue:
    return act(services().app.block_slot, parse_id(slot_id),
               request.form.get("reason") or None, done="Slot blocked.", default=_rooms())


@bp.post("/slots/<slot_id>/unblock")
def unblock_slot(slot_id: str) -> ResponseReturnValue:
    return act(services().app.unblock_slot, parse_id(slot_id), done="Slot free again.",
               default=_rooms())
