"""Conference settings, and board snapshots."""

from __future__ import annotations

from flask import jsonify, request
from flask.typing import ResponseReturnValue

from coordinator import validation
from coordinator.errors import InvalidInput
from web.api.blueprint import api
from web.api.requests import answer, body, caller, organizer
from web.services import services


def _settings(include_secret: bool) -> dict[str, object]:
    settings = dict(services().app.conference().settings)
    if not include_secret:
        settings.pop("join_code", None)
        settings["join_code_required"] = bool(services().app.conference().join_code)
    return settings


@api.get("/conference")
def show_conference() -> ResponseReturnValue:
    return jsonify(_settings(include_secret=caller().is_organizer))


@api.patch("/conference")
def change_conference() -> ResponseReturnValue:
    who = organizer()
    return answer(services().app.change_settings, body(), who=who,
                  extra=lambda _: _settings(include_secret=True))


@api.get("/boards/<path:board>")
def board(board: str) -> ResponseReturnValue:
    """A board now, or (organizers) as it was at a position or a moment."""
    at, as_of = request.args.get("at"), request.args.get("as_of")
    if at is None and as_of is None:
        position, data = services().boards.board(board)
        return jsonify(board=board, position=position, data=data)
    organizer()
    if at is not None and as_of is not None:
        raise InvalidInput("Give 'at' or 'as_of', not both.")
    if at is not None:
        position, data = services().boards.board_at(
            board, position=validation.whole_number(at, "at"))
    else:
        moment = validation.moment(as_of, "as_of")
        position, data = services().boards.board_at(board, as_of=moment)
    return jsonify(board=board, position=position, data=data)
