"""The open-space page's blueprint; web/openspace/views.py adds the routes."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("openspace", __name__)
