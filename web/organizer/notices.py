"""What organizers did to a person's open-space sessions, with their reasons, for the
person: ``GET /api/v1/people/me/notices`` (their bearer token).

When an organizer moves or cancels a session they give a reason for its host; this
is where the host's pages (or any client) find it. The answer comes from the
history index: the host's own history, only the moves and cancellations someone
else (``by``) made (web/shared/notices.py, which the open-space page reads too).
"""

from __future__ import annotations

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from coordinator.errors import DomainError
from web.api.requests import person
from web.shared.errors import error_response
from web.shared.notices import notices_for

bp = Blueprint("organizer_notices", __name__, url_prefix="/api/v1")


@bp.errorhandler(DomainError)
def refused(error: DomainError) -> ResponseReturnValue:
    return error_response(error.status, error.code, error.message)


@bp.get("/people/me/notices")
def my_notices() -> ResponseReturnValue:
    return jsonify(notices=notices_for(person()))
