"""The event log, for organizers and scripts: ``GET /events?after=P&limit=N``."""

from __future__ import annotations

from flask import jsonify, request
from flask.typing import ResponseReturnValue

from coordinator.errors import InvalidInput
from coordinator.event_log import event_to_dict
from web.api import api
from web.api.requests import organizer
from web.services import services

MAX_LIMIT = 1000


def _number(name: str, default: int, maximum: int) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    if not raw.isdigit() or int(raw) > maximum:
        raise InvalidInput(f"'{name}' must be a whole number from 0 to {maximum}.")
    return int(raw)


@api.get("/events")
def events() -> ResponseReturnValue:
    organizer()
    after = _number("after", 0, 2**62)
    limit = max(1, _number("limit", 100, MAX_LIMIT))
    app = services().app
    notifications = app.recorder.select_notifications(after, limit, inclusive_of_start=False)
    return jsonify(
        events=[
            {k: v for k, v in event_to_dict(n, app.mapper, plain=True).items() if k != "topic"}
            for n in notifications
        ],
        last_position=app.recorder.max_notification_id() or 0,
    )
