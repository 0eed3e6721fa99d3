"""gunicorn's threaded worker (``--async-mode threading``), embedded, with the limits.

``coordinator serve --async-mode threading`` is ``gunicorn -w 1 --threads N`` (the
set-up Flask-SocketIO's deployment guide gives for threading mode) started from this
process: gunicorn's arbiter here, one worker process that creates the app (after the
fork, so that its board follower thread is the worker's) and serves it. One worker
because the screens' Socket.IO sessions live in it; gunicorn restarts it if it dies.

A connected screen holds one of the worker's threads for as long as it stays, so the
threads are as many as ``--max-connections``: a kept-alive connection waits in the
worker's poller and holds none. What the worker is told or given (LimitedThreadWorker):

- at most ``connections()`` connections (``worker_connections``): more wait in the
  listen queue, as with gevent's server;
- each read of the request line and headers within ``header_seconds`` (gunicorn has no
  deadline for the whole head), each read of a body and each write within IO_SECONDS,
  none for a WebSocket (Engine.IO's pings watch those);
- a kept-alive connection idle ``idle_seconds`` is closed (``keepalive``), and one whose
  answer says ``Connection: close`` (a refused body) is closed (``_closing``);
- when it closes a connection whose client is still sending (a refused body), it reads
  away LINGER_BYTES in LINGER_SECONDS at most, so the client reads the answer;
- Nagle off on every accepted connection.
"""

from __future__ import annotations

import math
import socket
from typing import Any

from flask import Flask
from gunicorn import util
from gunicorn.app.base import BaseApplication
from gunicorn.workers.gthread import TConn, ThreadWorker

from web.server_limits import IO_SECONDS, LINGER_BYTES, LINGER_SECONDS, ServerLimits, no_delay

# What the worker class reads of the limits: gunicorn configures it by name.
_limits = ServerLimits()


class _Connection(TConn):  # type: ignore[misc]
    def init(self) -> None:
        super().init()
        # Run before each request is parsed (gunicorn makes the socket blocking first).
        self.sock.settimeout(_limits.header_seconds)

    def close(self, graceful: bool = False) -> None:
        if graceful:
            self.sock.settimeout(None)
            util.close_graceful(self.sock, timeout=LINGER_SECONDS, max_drain=LINGER_BYTES)
        else:
            util.close(self.sock)


class LimitedThreadWorker(ThreadWorker):  # type: ignore[misc]
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # gunicorn keeps alive only worker_connections - threads connections; here
        # threads come on demand and the connection cap covers the kept-alive ones too.
        self.max_keepalived = self.worker_connections

    @classmethod
    def check_config(cls, cfg: Any, log: Any) -> None:
        """No warning that threads == worker_connections leaves no kept-alive ones."""

    def accept(self, listener: socket.socket) -> None:
        try:
            client, address = listener.accept()
        except BlockingIOError:
            return
        except ConnectionAbortedError:
            return
        self.nr_conns += 1
        client.setblocking(True)
        no_delay(client)
        self.enqueue_req(_Connection(self.cfg, client, address, listener.getsockname()))

    def handle_request(self, req: Any, conn: TConn) -> bool:
        upgrade = any(name == "UPGRADE" and value.lower() == "websocket"
                      for name, value in req.headers)
        conn.sock.settimeout(None if upgrade else IO_SECONDS)
        keep: bool = super().handle_request(req, conn)
        return keep


class _Embedded(BaseApplication):  # type: ignore[misc]
    def __init__(self, make_app: Any, options: dict[str, Any]) -> None:
        self.make_app = make_app
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        return _closing(self.make_app())


def _closing(flask_app: Flask) -> Any:
    """The app, with its ``Connection: close`` honoured: gunicorn drops hop-by-hop
    headers from an app's answer, and would keep the connection of a refused 50 MB body
    alive, reading the body away for the next request."""
    wsgi = flask_app.wsgi_app

    def app(environ: dict[str, Any], start_response: Any) -> Any:
        def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            if any(k.lower() == "connection" and v.lower() == "close" for k, v in headers):
                start_response.__self__.force_close()  # gunicorn's Response
            return start_response(status, headers, exc_info)

        return wsgi(environ, start)

    flask_app.wsgi_app = app  # type: ignore[method-assign]
    return flask_app


def serve_threads(make_app: Any, host: str, port: int, limits: ServerLimits,
                  verbose: bool) -> None:
    """Serve the app that ``make_app()`` creates (in the worker) until stopped."""
    global _limits
    _limits = limits
    connections = limits.connections()
    _Embedded(make_app, {
        "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
        "workers": 1,
        "worker_class": f"{__name__}.LimitedThreadWorker",
        "threads": connections,
        "worker_connections": connections,
        "keepalive": math.ceil(limits.idle_seconds),  # gunicorn counts whole seconds
        "limit_request_line": 8190,  # gunicorn's most; gevent's server takes 8 KB too
        "graceful_timeout": 5,  # screens reconnect to the next process anyway
        "accesslog": "-" if verbose else None,
        "loglevel": "info" if verbose else "warning",
    }).run()
