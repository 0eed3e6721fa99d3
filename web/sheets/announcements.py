"""The announcements strip at the top of every phone page: the organizers' news in
force now, drawn by the server and kept live by web/static/app/announcements.js
(which follows the ``announcements`` board)."""

from __future__ import annotations

from typing import Any

from eventsourcing.persistence import PersistenceError

from projections.boards.announcements import in_force
from web.services import services
from web.sheets.blueprint import bp


def announcements_now() -> dict[str, Any]:
    """The board's position and the announcements in force, newest first."""
    try:
        found = services()
        position, data = found.boards.board("announcements")
        now = found.app.clock()
    except PersistenceError:
        return {"position": -1, "shown": []}  # the outage page must still render
    return {"position": position, "shown": in_force(data["announcements"], now)}


@bp.app_context_processor
def strip_context() -> dict[str, Any]:
    # A function, not the list: only the phone layout calls it, once per page.
    return {"phone_announcements": announcements_now}
