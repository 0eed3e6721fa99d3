"""The JSON API under ``/api/v1``: one module per area, each adding its routes to the
blueprint of web/api/blueprint.py; importing them here registers them."""

from __future__ import annotations

from web.api import (
    announcements,
    booths,
    conference,
    events,
    open_space,
    openapi,
    people,
    sheets,
    shifts,
)
from web.api.blueprint import api

__all__ = ["announcements", "api", "booths", "conference", "events", "open_space",
           "openapi", "people", "sheets", "shifts"]
