"""Werkzeug's threaded server (``--async-mode threading``) with the limits it allows.

It closes every connection after its response (no keep-alive to time out) and times
out each read on its own (a header timeout per read, not for the whole headers).
"""

from __future__ import annotations

import contextlib
import threading
from typing import Any

from flask import Flask
from werkzeug.serving import WSGIRequestHandler

from web.extensions import socketio
from web.server_limits import LINGER_BYTES, ServerLimits


def serve_threads(flask_app: Flask, host: str, port: int, limits: ServerLimits,
                  verbose: bool) -> None:
    handler = type("Handler", (_WerkzeugHandler,), {
        "timeout": limits.header_seconds,
        "slots": threading.BoundedSemaphore(limits.connections()),
    })
    options: dict[str, Any] = {"allow_unsafe_werkzeug": True, "request_handler": handler}
    socketio.run(flask_app, host=host, port=port, use_reloader=False, log_output=verbose,
                 **options)


BUSY = (b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 2\r\nContent-Length: 0\r\n"
        b"Connection: close\r\n\r\n")


class _WerkzeugHandler(WSGIRequestHandler):
    """One thread per connection: refuses one over the cap at once (503), and lets a
    WebSocket wait for messages without the read timeout (Engine.IO pings it)."""

    slots: threading.BoundedSemaphore
    # socketserver's own switch for TCP_NODELAY (see web/gevent_server.py, no_delay)
    disable_nagle_algorithm = True

    def handle(self) -> None:
        if not self.slots.acquire(blocking=False):
            with contextlib.suppress(OSError):
                self.connection.sendall(BUSY)
            return
        try:
            super().handle()
        finally:
            self.slots.release()

    def send_response(self, code: int, message: str | None = None) -> None:
        # After its response Werkzeug reads away whatever the client goes on sending (a
        # refused 50 MB body too); from the response on, that reading stops at
        # LINGER_BYTES. The app's own reads go through the environ's stream, not this.
        self.rfile = _Capped(self.rfile, LINGER_BYTES)  # type: ignore[assignment]
        super().send_response(code, message)

    def run_wsgi(self) -> None:
        if self.headers.get("Upgrade", "").lower() == "websocket":
            self.connection.settimeout(None)
        super().run_wsgi()


class _Capped:
    """A stream that gives ``limit`` bytes more at most, each read what is at hand."""

    def __init__(self, stream: Any, limit: int) -> None:
        self.stream = stream
        self.left = limit

    def read(self, size: int = -1) -> bytes:
        if self.left <= 0:
            return b""
        wanted = self.left if size is None or size < 0 else min(size, self.left)
        data: bytes = self.stream.read1(wanted)
        self.left -= len(data)
        return data

    read1 = read

    def close(self) -> None:
        self.stream.close()
