"""The volunteer pages' blueprint; ``shifts``, ``mine`` and ``booths`` add the routes."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("volunteer", __name__)
