"""The sheets page's blueprint; ``views`` adds the routes, ``announcements`` the strip."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("sheets", __name__)
