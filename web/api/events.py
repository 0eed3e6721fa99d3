"""The event log, for organizers and scripts: ``GET /events?after=P&limit=N``."""

from __future__ import annotations

from flask import jsonify, request
from flask.typing import ResponseReturnValue

from coordinator import validation
from coordinator.event_log import event_to_dict
from web.api.blueprint import api
from web.api.requests import organizer
from web.services import services

MAX_LIMIT = 1000


def _number(name: str, default: int, maximum: int) -> int:
    raw = request.args.get(name)
    return default if raw is None else validation.whole_number(raw, name, maximum=maximum)


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
