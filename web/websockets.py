"""Socket.IO's WebSockets on simple-websocket, in both async modes, with a message limit.

python-engineio hands WebSockets to simple-websocket (gevent's driver only when
gevent-websocket is not installed; here always), which reads a message whole before
Engine.IO checks its size, and checks ``max_message_size`` only against the bytes that
have arrived: a frame that announces 10 MB and then trickles holds its buffer for as long
as the client likes. ``FrameSizes`` reads each frame's header as it comes, so a message
whose frames announce more than MESSAGE_LIMIT closes the connection before its payload
is read.
"""

from __future__ import annotations

from typing import Any

import simple_websocket
from engineio.async_drivers._websocket_wsgi import SimpleWebSocketWSGI
from flask_socketio import SocketIO

from web.server_limits import MESSAGE_LIMIT


class MessageTooLarge(OSError):
    """simple-websocket's reader closes the connection on an OSError."""


class FrameSizes:
    """The payload lengths that a client's frame headers announce, added up per message."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.head = b""  # a frame header not yet whole
        self.payload_left = 0  # of the current frame, to skip
        self.message = 0  # announced bytes of the message being received

    def feed(self, data: bytes) -> None:
        """Raises MessageTooLarge once the message being received announces too much."""
        at = 0
        while at < len(data):
            if self.payload_left:
                taken = min(self.payload_left, len(data) - at)
                self.payload_left -= taken
                at += taken
                continue
            self.head += data[at:at + 1]  # a header is 2 to 14 bytes: byte by byte is cheap
            at += 1
            if len(self.head) == self._header_size():
                self._frame()
                self.head = b""

    def _header_size(self) -> int | None:
        if len(self.head) < 2:
            return None
        length = self.head[1] & 0x7F
        return 2 + (4 if self.head[1] & 0x80 else 0) + {126: 2, 127: 8}.get(length, 0)

    def _frame(self) -> None:
        first, second = self.head[0], self.head[1] & 0x7F
        length = (int.from_bytes(self.head[2:4]) if second == 126 else
                  int.from_bytes(self.head[2:10]) if second == 127 else second)
        opcode = first & 0x0F
        if opcode < 8:  # text, binary or continuation; control frames are 125 bytes at most
            self.message = length if opcode else self.message + length
            if self.message > self.limit:
                raise MessageTooLarge(f"a WebSocket message over {self.limit} bytes")
        self.payload_left = length


class _BoundedServer(simple_websocket.Server):  # type: ignore[misc]
    def handshake(self) -> None:
        super().handshake()  # fed to wsproto as it is: the client's request, from environ
        sizes = FrameSizes(MESSAGE_LIMIT)
        receive = self.ws.receive_data

        def checked(data: bytes | None) -> None:
            if data:
                sizes.feed(data)
            receive(data)

        self.ws.receive_data = checked


class _BoundedWebSocketWSGI(SimpleWebSocketWSGI):  # type: ignore[misc]
    """python-engineio's SimpleWebSocketWSGI, with the bounded server."""

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        self.ws = _BoundedServer(environ, max_message_size=MESSAGE_LIMIT, **self.server_args)
        result = self.app(self)
        if self.ws.mode == "gunicorn":
            raise StopIteration()  # gunicorn's worker: the connection is done
        return result


def _gevent_websocket(handler: Any, server: Any) -> _BoundedWebSocketWSGI:
    import gevent.event
    import gevent.selectors
    from engineio.async_drivers.gevent import Thread

    return _BoundedWebSocketWSGI(handler, server, thread_class=Thread,
                                 event_class=gevent.event.Event,
                                 selector_class=gevent.selectors.DefaultSelector)


def bound_websockets(socketio: SocketIO, async_mode: str) -> None:
    """Give ``socketio``'s Engine.IO server the bounded simple-websocket wrapper."""
    engine = socketio.server.eio
    wrapper = _gevent_websocket if async_mode == "gevent" else _BoundedWebSocketWSGI
    engine._async = {**engine._async, "websocket": wrapper}
