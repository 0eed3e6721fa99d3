"""The Flask application factory."""

from __future__ import annotations

import sys
from typing import Any, Literal

from flask import Flask

from coordinator.application import Coordinator
from coordinator.config import Settings
from projections.engine.follower import Follower
from projections.engine.runner import ProjectionRunner
from web import store_writes
from web.boards import NAMESPACE, BoardsNamespace, publish
from web.bodies import BODY_LIMIT
from web.extensions import socketio
from web.server_limits import MESSAGE_LIMIT
from web.services import Services
from web.shared.browser_session import LIFETIME

AsyncMode = Literal["gevent", "threading"]  # web.modes.ASYNC_MODES


def create_app(settings: Settings | None = None, config: dict[str, Any] | None = None,
               async_mode: AsyncMode = "threading") -> Flask:
    """Build the web app on the store that ``settings`` names (default: the environment).

    ``async_mode`` is Socket.IO's: ``threading`` for tests and tools that run the app in
    their own process; ``coordinator serve`` runs ``gevent`` (docs/deployment.md,
    "Async mode"), which needs the standard library monkey-patched first.
    """
    if async_mode == "gevent" and not _monkey_patched():
        raise RuntimeError("gevent mode needs gevent.monkey.patch_all() before any other "
                           "import: start the server with `coordinator serve`")
    settings = settings or Settings.from_env()
    flask_app = Flask("web")
    coordinator = Coordinator(settings.database_url)
    if async_mode == "gevent":
        coordinator.run_write = store_writes.on_native_thread()
    flask_app.config.update(
        SECRET_KEY=settings.secret_key or coordinator.secret("session_key"),
        MAX_CONTENT_LENGTH=BODY_LIMIT,
    )
    flask_app.config.update(config or {})
    flask_app.json.sort_keys = False  # type: ignore[attr-defined]
    boards = ProjectionRunner(coordinator, publish=publish)
    boards.resume()
    follower = Follower(boards)
    flask_app.extensions["coordinator"] = Services(
        settings=settings,
        app=coordinator,
        boards=boards,
        follower=follower,
        signer=coordinator.token_signer(settings.secret_key),
        admin_token=settings.admin_token or coordinator.secret("admin_token"),
    )

    from web import bodies, health, limits, outage, security
    from web.accounts import bp as accounts
    from web.api import api
    from web.kiosk import bp as kiosk
    from web.openspace import bp as openspace
    from web.organizer import bp as organizer
    from web.organizer.notices import bp as notices
    from web.sheets import bp as sheets
    from web.volunteer import bp as volunteer

    bodies.init_app(flask_app)  # first: its check runs before CSRF reads a form
    security.init_app(flask_app)
    limits.init_app(flask_app, settings.message_queue)
    outage.init_app(flask_app)
    security.csrf.exempt(api)  # bearer tokens, never cookies: nothing to forge
    flask_app.permanent_session_lifetime = LIFETIME
    flask_app.register_blueprint(health.bp)
    flask_app.register_blueprint(api, url_prefix="/api/v1")
    flask_app.register_blueprint(kiosk)
    flask_app.register_blueprint(accounts)
    flask_app.register_blueprint(volunteer)
    flask_app.register_blueprint(openspace)
    flask_app.register_blueprint(sheets)
    flask_app.register_blueprint(organizer)
    flask_app.register_blueprint(notices)

    socketio.init_app(
        flask_app,
        async_mode=async_mode,
        message_queue=settings.message_queue,
        # What one client may send in one message or polling POST (a subscribe is
        # a few dozen bytes); the gevent server enforces it per WebSocket message too.
        max_http_buffer_size=MESSAGE_LIMIT,
    )
    if not any(h.namespace == NAMESPACE for h in socketio.namespace_handlers):
        socketio.on_namespace(BoardsNamespace(NAMESPACE))
    follower.start()
    return flask_app


def _monkey_patched() -> bool:
    monkey = sys.modules.get("gevent.monkey")
    return monkey is not None and bool(monkey.is_module_patched("socket"))
