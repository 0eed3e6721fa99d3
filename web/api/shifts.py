"""Shifts: the list, organizer changes, signups, check-ins and no-shows."""

from __future__ import annotations

from flask import jsonify
from flask.typing import ResponseReturnValue

from web.api.blueprint import api
from web.api.requests import answer, body, caller, organizer, parse_id, person, require
from web.services import services


@api.get("/shifts")
def list_shifts() -> ResponseReturnValue:
    position, data = services().boards.board("shifts")
    return jsonify(shifts=data["shifts"], position=position)


@api.post("/shifts")
def schedule() -> ResponseReturnValue:
    who = organizer()
    data = body()
    require(data, "role", "location", "starts_at", "ends_at", "capacity")
    return answer(services().app.schedule_shift, data["role"], data["location"],
                  data["starts_at"], data["ends_at"], data["capacity"],
                  data.get("description"), who=who, status=201)


@api.patch("/shifts/<shift_id>")
def change_shift(shift_id: str) -> ResponseReturnValue:
    who = organizer()
    return answer(services().app.update_shift, parse_id(shift_id, "shift"), body(), who=who)


@api.delete("/shifts/<shift_id>")
def cancel_shift(shift_id: str) -> ResponseReturnValue:
    who = organizer()
    return answer(services().app.cancel_shift, parse_id(shift_id, "shift"),
                  body().get("reason"), who=who)


@api.post("/shifts/<shift_id>/signups")
def sign_up(shift_id: str) -> ResponseReturnValue:
    me = person()
    return answer(services().app.sign_up, parse_id(shift_id, "shift"), me,
                  who=caller(), status=201)


@api.delete("/shifts/<shift_id>/signups/me")
def cancel_signup(shift_id: str) -> ResponseReturnValue:
    me = person()
    return answer(services().app.cancel_signup, parse_id(shift_id, "shift"), me, who=caller())


@api.post("/shifts/<shift_id>/checkins")
def check_in(shift_id: str) -> ResponseReturnValue:
    who = caller()
    target = parse_id(shift_id, "shift")
    if who.is_organizer:
        data = body()
        require(data, "person_id")
        return answer(services().app.check_in, target, parse_id(data["person_id"], "person"),
                      by_organizer=True, who=who, status=201)
    return answer(services().app.check_in, target, person(), who=who, status=201)


@api.post("/shifts/<shift_id>/no-shows")
def no_show(shift_id: str) -> ResponseReturnValue:
    who = organizer()
    data = body()
    require(data, "person_id")
    return answer(services().app.mark_no_show, parse_id(shift_id, "shift"),
                  parse_id(data["person_id"], "person"), who=who, status=201)
