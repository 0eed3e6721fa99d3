"""The attendees' open-space page, ``/open-space``: the grid of one day (rooms x hours),
claiming a free slot with a topic, releasing one's own session, and marking interest.
Public and read-only for people who have not joined; live over the ``open-space`` board.
"""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("openspace", __name__)

from web.openspace import views  # noqa: E402  (registers the routes on ``bp``)

__all__ = ["bp", "views"]
