"""Extension objects, created unbound and initialised in ``create_app`` (no work at import)."""

from __future__ import annotations

from flask_socketio import SocketIO

socketio = SocketIO()
