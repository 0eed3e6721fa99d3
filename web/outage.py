"""While the database is away, answer 503 at once instead of waiting on timeouts.

The board follower's listening connection notices an outage first (see
``projections/wakeups.py``); until it can listen again, every request but
``/healthz`` and static files gets the same 503 a failed command would get.
Nothing is half-stored: no command even starts.
"""

from __future__ import annotations

from flask import Flask, request
from flask.typing import ResponseReturnValue

from web.services import services
from web.shared.errors import unavailable

ALWAYS_ANSWERED = {"health.healthz", "static"}


def store_reachable() -> bool:
    return services().follower.listener.reachable


def refuse_while_away() -> ResponseReturnValue | None:
    if request.endpoint in ALWAYS_ANSWERED or store_reachable():
        return None
    return unavailable()


def init_app(app: Flask) -> None:
    app.before_request(refuse_while_away)
