"""The HTTP server under ``coordinator serve``, in each async mode, with Nagle off.

Both servers write a response in two ``send()`` calls, the head and then the body
(gevent's ``WSGIHandler._write_with_headers``, Werkzeug's ``end_headers`` then
``wfile.write``). With Nagle's algorithm on, the kernel holds the small second
segment until the first is acknowledged, and a client on a kept-alive connection
delays that acknowledgement (Linux: 40 ms) hoping to piggyback it on its next request:
every request on a kept-alive connection waited about 44 ms. A new connection does
not, because the kernel acknowledges at once while a connection is young.

The servers buffer what they write themselves, so Nagle only ever adds that wait:
every accepted connection gets ``TCP_NODELAY`` here, as nginx (``tcp_nodelay on``),
gunicorn and asyncio do. See docs/performance.md, "Kept-alive connections".
"""

from __future__ import annotations

import contextlib
import logging
import socket
from typing import Any

from flask import Flask

TCP_FAMILIES = (socket.AF_INET, socket.AF_INET6)


def no_delay(sock: socket.socket) -> None:
    """Send small writes at once on ``sock`` (a TCP socket; others are left alone)."""
    if sock.family in TCP_FAMILIES:
        # The peer may have gone already: the handler finds out and closes.
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


def _gevent(app: Flask, host: str, port: int, verbose: bool, options: dict[str, Any]) -> None:
    """gevent's WSGI server with gevent-websocket's handler, as Flask-SocketIO starts it
    (``SocketIO.run``), but with a handler class of our own: ``run`` takes none."""
    from gevent import pywsgi

    base: type[pywsgi.WSGIHandler] = pywsgi.WSGIHandler
    try:
        from geventwebsocket.handler import WebSocketHandler

        base = WebSocketHandler
    except ImportError:  # as in SocketIO.run: simple-websocket serves WebSockets then
        pass

    class Handler(base):  # type: ignore[valid-type,misc]  # a base chosen at run time
        def handle(self) -> None:
            no_delay(self.socket)
            super().handle()

    server = pywsgi.WSGIServer((host, port), app, handler_class=Handler,
                               log="default" if verbose else None, **options)
    server.serve_forever()


def _threading(app: Flask, host: str, port: int, verbose: bool,
               options: dict[str, Any]) -> None:
    """Werkzeug's threaded server (``SocketIO.run`` passes the handler on to it)."""
    from werkzeug.serving import WSGIRequestHandler

    from web.extensions import socketio

    class Handler(WSGIRequestHandler):
        disable_nagle_algorithm = True  # socketserver's own switch for TCP_NODELAY

    if not verbose:
        # A line per request costs time at the busiest minute; --verbose brings them back.
        logging.getLogger("werkzeug").setLevel(logging.WARNING)
    # Werkzeug's server, kept as the fallback mode.
    socketio.run(app, host=host, port=port, use_reloader=False, log_output=verbose,
                 allow_unsafe_werkzeug=True, request_handler=Handler, **options)


def run(app: Flask, host: str, port: int, async_mode: str, verbose: bool = False,
        **options: Any) -> None:
    """Serve ``app`` on ``host:port`` until stopped; ``options`` go to the server."""
    serve = _gevent if async_mode == "gevent" else _threading
    serve(app, host, port, verbose, options)
