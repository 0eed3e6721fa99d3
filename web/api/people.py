"""Registering people, and a person's own shifts (JSON and iCal)."""

from __future__ import annotations

from uuid import UUID

from flask import Response, jsonify
from flask.typing import ResponseReturnValue

from coordinator.core.commands import Outcome
from web.api.blueprint import api
from web.api.requests import answer, body, caller, person, require
from web.services import services
from web.shared.calendar import shifts_calendar


@api.post("/people")
def register() -> ResponseReturnValue:
    data = body()
    require(data, "name")
    found = services()

    def with_token(outcome: Outcome) -> dict[str, str]:
        return {"token": found.signer.token_for(UUID(hex=outcome.result["id"]))}

    return answer(found.app.register_person, data["name"], data.get("email"),
                  data.get("join_code"), who=caller(), status=201, extra=with_token)


def _my_shifts() -> list[dict[str, object]]:
    found = services()
    who = person()
    shifts = found.app.shifts_of(who)
    return [
        {
            "id": s.id.hex, "role": s.role, "location": s.location,
            "starts_at": s.starts_at.isoformat(), "ends_at": s.ends_at.isoformat(),
            "capacity": s.capacity, "taken": s.taken, "description": s.description,
            "checked_in": who.hex in s.checked_in,
        }
        for s in shifts
    ]


@api.get("/people/me")
def me() -> ResponseReturnValue:
    found = services()
    someone = found.app.person(person())
    return jsonify(id=someone.id.hex, name=someone.name, email=someone.email)


@api.get("/people/me/shifts")
def my_shifts() -> ResponseReturnValue:
    return jsonify(shifts=_my_shifts())


@api.get("/people/me/shifts.ics")
def my_shifts_ics() -> ResponseReturnValue:
    found = services()
    who = person()
    calendar = shifts_calendar(found.app.shifts_of(who), found.app.conference().settings["name"])
    return Response(calendar, mimetype="text/calendar",
                    headers={"Content-Disposition": 'attachment; filename="my-shifts.ics"'})
