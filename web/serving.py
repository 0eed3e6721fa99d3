"""The HTTP server under ``coordinator serve``, for its async mode, with the limits.

gevent mode: gevent's WSGI server (web/gevent_server.py); threading mode: gunicorn's
threaded worker (web/gunicorn_server.py). WebSockets are simple-websocket's in both
(web/websockets.py). Both servers import their numbers from web/server_limits.py; this
module only picks one, so that neither imports the other. Why these two:
docs/deployment.md, "Async mode".
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask

from web.server_limits import ServerLimits


def _bounded(make_app: Callable[[], Flask], async_mode: str) -> Callable[[], Flask]:
    def make() -> Flask:
        from web.extensions import socketio
        from web.websockets import bound_websockets

        flask_app = make_app()
        bound_websockets(socketio, async_mode)
        return flask_app

    return make


def serve(make_app: Callable[[], Flask], host: str, port: int, async_mode: str,
          limits: ServerLimits, verbose: bool) -> None:
    """Serve the app ``make_app()`` creates until stopped. gevent mode creates it here;
    threading mode in gunicorn's worker process, after the fork."""
    make = _bounded(make_app, async_mode)
    if async_mode == "gevent":
        from web.gevent_server import limited_server

        limited_server(make(), host, port, limits, verbose).serve_forever()
        return
    from web.gunicorn_server import serve_threads

    serve_threads(make, host, port, limits, verbose)
