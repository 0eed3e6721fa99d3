"""The history index a web app keeps: the organizers' history, timeline and log pages
read it, and so do a person's notices (web/shared/notices.py)."""

from __future__ import annotations

from flask import current_app

from projections.history.index import HistoryIndex
from web.services import services


def history_index() -> HistoryIndex:
    """One index per web app (it keeps the directory of names in memory between pages)."""
    found: HistoryIndex | None = current_app.extensions.get("organizer_history")
    if found is None:
        found = current_app.extensions["organizer_history"] = HistoryIndex(services().app)
    return found
