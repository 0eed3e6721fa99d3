"""What organizers did to a person's open-space sessions, with their reasons, for the
person: ``GET /api/v1/people/me/notices`` (their bearer token).

When an organizer moves or cancels a session they give a reason for its host; this
is where the host's pages (or any client) find it. The answer comes from the
history index: the host's own history, only the moves and cancellations someone
else (``by``) made.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from coordinator.errors import DomainError
from projections.history.index import LAG_LIMIT
from projections.history.query import Filters
from projections.history.words import text_of
from web.api.errors import error_response
from web.api.requests import person
from web.organizer.history_views import history_index

bp = Blueprint("organizer_notices", __name__, url_prefix="/api/v1")

TYPES = ["OpenSpaceSlot.Released", "OpenSpaceSlot.SessionMovedOut"]
LIMIT = 50


@bp.errorhandler(DomainError)
def refused(error: DomainError) -> ResponseReturnValue:
    return error_response(error.status, error.code, error.message)


def notices_for(person_id: UUID, wait: bool = True) -> list[dict[str, Any]]:
    """The moves and cancellations others made to the person's sessions, newest first.
    With ``wait=False`` (a page that must not stall) an index far behind the log gives
    none for now and catches up in the background."""
    index = history_index()
    if not wait and index.behind() > LAG_LIMIT:
        index.catch_up_in_background()
        return []
    rows = index.query(Filters(types=TYPES, subjects=[f"person:{person_id.hex}"]),
                       limit=LIMIT)
    return [
        {"position": row.position, "type": row.type, "by": row.by,
         "at": datetime.fromisoformat(row.timestamp).isoformat() if row.timestamp else None,
         "text": text_of(row.parts)}
        for row in rows if row.by]


@bp.get("/people/me/notices")
def my_notices() -> ResponseReturnValue:
    return jsonify(notices=notices_for(person()))
