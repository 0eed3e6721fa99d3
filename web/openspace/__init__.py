"""The attendees' open-space page, ``/open-space``: the grid of one day (rooms x hours),
claiming a free slot with a topic, releasing one's own session, and marking interest.
Public and read-only for people who have not joined; live over the ``open-space`` board.
"""

from __future__ import annotations

from web.openspace import views  # registers the routes on ``bp``
from web.openspace.blueprint import bp

__all__ = ["bp", "views"]
