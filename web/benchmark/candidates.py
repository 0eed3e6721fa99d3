"""The HTTP servers compared by ``web/benchmark/servers.py``, each serving the same app.

    python -m web.benchmark.candidates NAME PORT     (the store: COORDINATOR_DATABASE_URL)

Each is the server as its documentation configures it, with Nagle off on accepted
connections (gunicorn sets it on its listener; the others on each connection), and
without the project's slow-client limits (web/gevent_server.py, web/gunicorn_server.py):
what is compared is the server and its WebSocket package, not the limits.

- ``gevent-websocket``: gevent's pywsgi with gevent-websocket's handler (the server of
  ``coordinator serve`` until it was measured against the others here);
- ``gevent-simple``: gevent's pywsgi, WebSockets by simple-websocket through
  python-engineio's gevent driver (which picks it when gevent-websocket is absent);
- ``gunicorn-gevent``: ``gunicorn -k gevent -w 1``, simple-websocket;
- ``gunicorn-gthread``: ``gunicorn -w 1 --threads N``, Socket.IO in threading mode;
- ``werkzeug``: Werkzeug's threaded development server (``allow_unsafe_werkzeug``).
"""

from __future__ import annotations

import socket
import sys
from collections.abc import Callable
from typing import Any

CANDIDATES = ("gevent-websocket", "gevent-simple", "gunicorn-gevent", "gunicorn-gthread",
              "werkzeug")
GEVENT = ("gevent-websocket", "gevent-simple", "gunicorn-gevent")
# Threads of the threaded servers: a connected screen holds one for as long as it stays.
THREADS = 1000
CONNECTIONS = 2000


def _app_loader(mode: str) -> Callable[[], Any]:
    def load() -> Any:
        from coordinator.config import Settings
        from web.app import create_app

        return create_app(Settings.from_env(), async_mode=mode)  # type: ignore[arg-type]

    return load


def _pywsgi(port: int, load: Callable[[], Any], websocket_handler: bool) -> None:
    from gevent.pool import Pool
    from gevent.pywsgi import WSGIHandler, WSGIServer

    base: type[WSGIHandler] = WSGIHandler
    if websocket_handler:
        from geventwebsocket.handler import WebSocketHandler

        base = WebSocketHandler

    class Handler(base):  # type: ignore[valid-type, misc]
        def handle(self) -> None:
            self.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            super().handle()

    WSGIServer(("127.0.0.1", port), load(), handler_class=Handler, spawn=Pool(CONNECTIONS),
               log=None).serve_forever()


def _gunicorn(port: int, load: Callable[[], Any], worker: str) -> None:
    from gunicorn.app.base import BaseApplication

    class Embedded(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            for key, value in {"bind": f"127.0.0.1:{port}", "workers": 1,
                               "worker_class": worker, "threads": THREADS,
                               "worker_connections": CONNECTIONS, "keepalive": 60,
                               "accesslog": None}.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            return load()

    Embedded().run()


def _werkzeug(port: int, load: Callable[[], Any]) -> None:
    import logging

    from werkzeug.serving import WSGIRequestHandler

    from web.extensions import socketio

    class Handler(WSGIRequestHandler):
        disable_nagle_algorithm = True

    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    socketio.run(load(), host="127.0.0.1", port=port, use_reloader=False, log_output=False,
                 allow_unsafe_werkzeug=True, request_handler=Handler)


def main(argv: list[str]) -> int:
    name, port = argv[0], int(argv[1])
    if name not in CANDIDATES:
        raise SystemExit(f"unknown server {name!r}: one of {', '.join(CANDIDATES)}")
    if name in GEVENT:
        from gevent import monkey

        monkey.patch_all()
    if name != "gevent-websocket":
        # python-engineio's gevent driver takes gevent-websocket if it can import it.
        sys.modules["geventwebsocket"] = None  # type: ignore[assignment]
    load = _app_loader("gevent" if name in GEVENT else "threading")
    if name in ("gevent-websocket", "gevent-simple"):
        _pywsgi(port, load, websocket_handler=name == "gevent-websocket")
    elif name.startswith("gunicorn-"):
        _gunicorn(port, load, name.removeprefix("gunicorn-"))
    else:
        _werkzeug(port, load)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
