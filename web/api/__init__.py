"""The JSON API under ``/api/v1``: one module per area, sharing this blueprint."""

from __future__ import annotations

from flask import Blueprint

api = Blueprint("api", __name__)

from web.api import (  # noqa: E402  (the modules register their routes on ``api``)
    booths,
    conference,
    errors,
    events,
    open_space,
    openapi,
    people,
    shifts,
)

__all__ = ["api", "booths", "conference", "errors", "events", "open_space", "openapi", "people",
           "shifts"]
