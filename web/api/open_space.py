"""Rooms and the open-space grid: slots, claims, interest and moves."""

from __future__ import annotations

from flask import jsonify
from flask.typing import ResponseReturnValue

from web.api.blueprint import api
from web.api.requests import answer, body, caller, organizer, parse_id, person, require
from web.services import services


@api.post("/rooms")
def add_room() -> ResponseReturnValue:
    who = organizer()
    data = body()
    require(data, "name", "capacity")
    return answer(services().app.add_room, data["name"], data["capacity"], who=who, status=201)


@api.get("/open-space")
def grid() -> ResponseReturnValue:
    position, data = services().boards.board("open-space")
    return jsonify(rooms=data["rooms"], slots=data["slots"], position=position)


@api.post("/open-space/slots")
def open_slot() -> ResponseReturnValue:
    who = organizer()
    data = body()
    require(data, "room_id", "starts_at", "ends_at")
    return answer(services().app.open_slot, parse_id(data["room_id"], "room"),
                  data["starts_at"], data["ends_at"], who=who, status=201)


@api.post("/open-space/slots/<slot_id>/claim")
def claim(slot_id: str) -> ResponseReturnValue:
    me = person()
    data = body()
    require(data, "topic")
    return answer(services().app.claim_slot, parse_id(slot_id, "slot"), me, data["topic"],
                  data.get("description"), who=caller(), status=201)


@api.delete("/open-space/slots/<slot_id>/claim")
def release(slot_id: str) -> ResponseReturnValue:
    who = caller()
    reason = body().get("reason")
    by = None if who.is_organizer else person()
    return answer(services().app.release_slot, parse_id(slot_id, "slot"), by, reason, who=who)


@api.post("/open-space/slots/<slot_id>/interest")
def interest(slot_id: str) -> ResponseReturnValue:
    me = person()
    return answer(services().app.register_interest, parse_id(slot_id, "slot"), me, who=caller())


@api.delete("/open-space/slots/<slot_id>/interest")
def withdraw_interest(slot_id: str) -> ResponseReturnValue:
    me = person()
    return answer(services().app.withdraw_interest, parse_id(slot_id, "slot"), me, who=caller())


@api.post("/open-space/slots/<slot_id>/move")
def move(slot_id: str) -> ResponseReturnValue:
    who = caller()
    by = None if who.is_organizer else person()
    data = body()
    require(data, "to")
    return answer(services().app.move_session, parse_id(slot_id, "slot"),
                  parse_id(data["to"], "slot"), by, data.get("reason"), who=who)
