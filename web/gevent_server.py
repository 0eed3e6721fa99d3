"""gevent's WSGI server (pywsgi), with limits for slow clients.

gevent's handler waits for a request line, headers or the next request on a kept-alive
connection for as long as the client likes, and reads away any body the app did not
read (50 MB of it, if the client says so). The handler below bounds each (numbers in
web/server_limits.py) and the server's pool bounds the connections: once it is full,
new ones wait in the listen queue until one closes. WebSockets are simple-websocket's,
through python-engineio's gevent driver, bounded per message (web/websockets.py).

Nagle is off on every accepted connection (``no_delay``, web/server_limits.py).
"""

from __future__ import annotations

import contextlib
import socket
from typing import Any

import gevent
from flask import Flask
from gevent.pool import Pool
from gevent.pywsgi import Input, WSGIHandler, WSGIServer

from web.request_headers import read_headers
from web.server_limits import (
    DRAIN_LIMIT,
    IO_SECONDS,
    LINGER_BYTES,
    LINGER_SECONDS,
    ServerLimits,
    no_delay,
)

REQUEST_TIMEOUT = (b"HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n"
                   b"Content-Length: 0\r\n\r\n")


class SlowRequest(OSError):
    """The request line and headers did not arrive in time."""


class LimitedServer(WSGIServer):
    limits: ServerLimits


class _Body(Input):  # type: ignore[misc]
    """The request body; after the response, only a small unread rest is read away."""

    __slots__ = ("handler",)

    def _discard(self) -> None:
        unread = (self.content_length or 0) - self.position
        if self.socket is not None:
            # Expect: 100-continue never answered: the client is not sending the body.
            self.handler.close_connection = True
            return
        if self.handler.close_connection or unread > DRAIN_LIMIT:
            # Closing anyway, or too much to read for the sake of keeping the connection.
            self.handler.close_connection = True
            if (unread or self.chunked_input) and self.handler.headers_sent:
                linger(self.handler.socket)
            return
        left = DRAIN_LIMIT
        while left > 0 and not self._chunked_input_error:
            piece = self.read(min(left, 16384))
            if not piece:
                return
            left -= len(piece)
        self.handler.close_connection = True


def linger(sock: socket.socket) -> None:
    """Close gently, with the answer sent and a body still coming: say so (FIN), then
    read away what the client goes on sending, for LINGER_SECONDS and LINGER_BYTES at
    most, so that it reads the answer rather than a reset."""
    with contextlib.suppress(OSError), gevent.Timeout(LINGER_SECONDS, False):
        sock.shutdown(socket.SHUT_WR)
        left = LINGER_BYTES
        while left > 0:
            piece = sock.recv(min(left, 65536))
            if not piece:
                return
            left -= len(piece)


class LimitedHandler(WSGIHandler):  # type: ignore[misc]
    server: LimitedServer
    answered = False
    deadline: gevent.Timeout | None = None

    def handle(self) -> None:
        no_delay(self.socket)
        super().handle()

    def MessageClass(self, source: Any, *_: Any) -> Any:  # gevent reads headers here
        return read_headers(source)

    def handle_one_request(self) -> Any:
        limits = self.server.limits
        if self.answered and not self._next_request_within(limits.idle_seconds):
            return None  # idle too long on keep-alive: close
        self.answered = True
        # Everything up to the end of the headers must come within header_seconds: a
        # client sending a byte now and then (slowloris) is cut off all the same.
        self.deadline = gevent.Timeout.start_new(limits.header_seconds, SlowRequest())
        try:
            return super().handle_one_request()
        finally:
            self.deadline.close()

    def _next_request_within(self, seconds: float) -> bool:
        with gevent.Timeout(seconds, False):
            try:
                return bool(self.rfile.peek(1))
            except OSError:
                return False
        return False

    def read_request(self, raw_requestline: str) -> Any:
        try:
            return super().read_request(raw_requestline)
        finally:
            if self.deadline is not None:
                self.deadline.close()  # the app's own time is not the client's fault

    def _handle_client_error(self, ex: Exception) -> Any:
        if isinstance(ex, SlowRequest):
            return ("408", REQUEST_TIMEOUT)
        return super()._handle_client_error(ex)

    def get_environ(self) -> Any:
        environ = super().get_environ()
        body = _Body(self.rfile, self.content_length, socket=self.wsgi_input.socket,
                     chunked_input=self.wsgi_input.chunked_input)
        body.handler = self
        if environ["wsgi.input"] is self.wsgi_input:
            environ["wsgi.input"] = body
        self.wsgi_input = body
        return environ

    def handle_one_response(self) -> None:
        if self.environ.get("HTTP_UPGRADE", "").lower() == "websocket":
            # simple-websocket reads from a copy of the socket (its timeout too) for as
            # long as the screen stays, Engine.IO's pings watching it; then it is done.
            self.socket.settimeout(None)
            self.close_connection = True
            super().handle_one_response()
            return
        # A body that trickles in, or a response the client does not read, is bounded too.
        self.socket.settimeout(IO_SECONDS)
        try:
            super().handle_one_response()
        finally:
            if self.socket is not None:
                self.socket.settimeout(None)


def limited_server(flask_app: Flask, host: str, port: int, limits: ServerLimits,
                   verbose: bool) -> LimitedServer:
    server = LimitedServer((host, port), flask_app, handler_class=LimitedHandler,
                           spawn=Pool(limits.connections()),
                           log="default" if verbose else None)
    server.limits = limits
    return server
