"""The organizers' pages under ``/organizer`` (see docs/organizer-guide.md).

Signing in takes the admin token and the organizer's name; the name is kept in the
session and recorded as ``by`` on every event an organizer's action stores. Every
page works without JavaScript (plain forms with a CSRF token and an idempotency
key); web/static/organizer/organizer.js keeps the overview live over the
``shifts``, ``booths``, ``open-space``, ``sheets`` and ``announcements`` boards,
drives the timeline scrubber and shows the progress of a rebuild.

Modules: ``auth`` (sign-in and the guard), ``common`` (what the pages share),
``overview`` (live overview and its actions), ``setup_views``, ``space_views``,
``shift_views``, ``csv_views`` (set-up), ``sheet_views`` (sign-up sheets),
``announcement_views``, ``history_views``, ``timeline_views``,
``log_views`` with ``jobs``, ``report_views`` with ``charts``.
"""

from __future__ import annotations

from web.organizer import (  # the modules register their routes on ``bp``
    announcement_views,
    auth,
    csv_views,
    history_views,
    log_views,
    overview,
    report_views,
    setup_views,
    sheet_views,
    shift_views,
    space_views,
    timeline_views,
)
from web.organizer.blueprint import bp

__all__ = ["announcement_views", "auth", "bp", "csv_views", "history_views", "log_views",
           "overview", "report_views", "setup_views", "sheet_views", "shift_views",
           "space_views", "timeline_views"]
