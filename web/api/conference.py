"""Conference settings, and board snapshots."""

from __future__ import annotations

from flask import jsonify
from flask.typing import ResponseReturnValue

from web.api import api
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
    position, data = services().boards.board(board)
    return jsonify(board=board, position=position, data=data)
