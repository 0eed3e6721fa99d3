"""The organizers' blueprint, under ``/organizer``; the page modules add the routes."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("organizer", __name__, url_prefix="/organizer")
