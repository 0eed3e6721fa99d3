"""Booths: the list, opening one, staffing, handoffs and leaving."""

from __future__ import annotations

from flask import jsonify
from flask.typing import ResponseReturnValue

from web.api.blueprint import api
from web.api.requests import answer, body, caller, organizer, parse_id, person, require
from web.services import services


@api.get("/booths")
def list_booths() -> ResponseReturnValue:
    position, data = services().boards.board("booths")
    return jsonify(booths=data["booths"], position=position)


@api.post("/booths")
def open_booth() -> ResponseReturnValue:
    who = organizer()
    data = body()
    require(data, "name", "location")
    return answer(services().app.open_booth, data["name"], data["location"], who=who, status=201)


@api.delete("/booths/<booth_id>")
def close_booth(booth_id: str) -> ResponseReturnValue:
    who = organizer()
    return answer(services().app.close_booth, parse_id(booth_id, "booth"), who=who)


@api.post("/booths/<booth_id>/staff")
def staff(booth_id: str) -> ResponseReturnValue:
    me = person()
    return answer(services().app.staff_booth, parse_id(booth_id, "booth"), me,
                  who=caller(), status=201)


@api.post("/booths/<booth_id>/handoffs")
def offer(booth_id: str) -> ResponseReturnValue:
    me = person()
    data = body()
    require(data, "to")
    return answer(services().app.offer_handoff, parse_id(booth_id, "booth"), me,
                  parse_id(data["to"], "person"), data.get("note"), who=caller(), status=201)


def _settle(command: str, booth_id: str, handoff_id: str) -> ResponseReturnValue:
    me = person()
    run = getattr(services().app, command)
    return answer(run, parse_id(booth_id, "booth"), parse_id(handoff_id, "handoff"), me,
                  who=caller())


@api.post("/booths/<booth_id>/handoffs/<handoff_id>/accept")
def accept(booth_id: str, handoff_id: str) -> ResponseReturnValue:
    return _settle("accept_handoff", booth_id, handoff_id)


@api.post("/booths/<booth_id>/handoffs/<handoff_id>/decline")
def decline(booth_id: str, handoff_id: str) -> ResponseReturnValue:
    return _settle("decline_handoff", booth_id, handoff_id)


@api.post("/booths/<booth_id>/handoffs/<handoff_id>/withdraw")
def withdraw(booth_id: str, handoff_id: str) -> ResponseReturnValue:
    return _settle("withdraw_handoff", booth_id, handoff_id)


@api.post("/booths/<booth_id>/vacate")
def vacate(booth_id: str) -> ResponseReturnValue:
    me = person()
    return answer(services().app.vacate_booth, parse_id(booth_id, "booth"), me, who=caller())
