"""What a slow or greedy client may hold on the server, and Nagle off for every client.

``coordinator serve`` runs gevent's WSGI server (web/gevent_server.py) or gunicorn's
threaded worker (``--async-mode threading``, web/gunicorn_server.py) with these limits;
web/serving.py picks one. The numbers, and why they suit phones on a venue's Wi-Fi, are
in docs/deployment.md ("Limits").
"""

from __future__ import annotations

import contextlib
import resource
import socket
from dataclasses import dataclass

# One Socket.IO message or long-polling POST from a client: a subscribe is ~40 bytes.
MESSAGE_LIMIT = 64 * 1024
# A request body the app did not read is read away (to keep the connection) up to this;
# beyond it the connection is closed instead.
DRAIN_LIMIT = 64 * 1024
# A refused body still coming when the answer is sent: read away this much, this long at
# most, before closing (else the client may see a reset instead of the answer).
LINGER_BYTES = 2 * 1024 * 1024
LINGER_SECONDS = 2.0
# Each read of a request body and each write of a response, on HTTP requests.
IO_SECONDS = 30.0
FILES_KEPT = 100  # file descriptors left for the store, logs and Redis


@dataclass(frozen=True)
class ServerLimits:
    header_seconds: float = 20.0  # from connecting (or the first byte) to the end of headers
    idle_seconds: float = 60.0  # a kept-alive connection waiting for its next request
    max_connections: int = 2000  # open at once, WebSockets included

    def connections(self) -> int:
        """``max_connections``, or fewer when the process may not open that many files
        (the soft limit is raised to the hard one first)."""
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        if soft != resource.RLIM_INFINITY and (hard == resource.RLIM_INFINITY or hard > soft):
            try:
                resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
                soft = hard
            except (ValueError, OSError):
                pass
        if soft == resource.RLIM_INFINITY:
            return self.max_connections
        return max(1, min(self.max_connections, soft - FILES_KEPT))



TCP_FAMILIES = (socket.AF_INET, socket.AF_INET6)


def no_delay(sock: socket.socket) -> None:
    """Send small writes at once on ``sock`` (a TCP socket; others are left alone), as
    nginx (``tcp_nodelay on``) and asyncio do.

    The servers write a response's head and body in two ``send()`` calls; with Nagle on,
    the kernel holds the body until the head is acknowledged, which a client on a
    kept-alive connection delays by 40 ms (docs/performance.md, "Kept-alive connections").
    """
    if sock.family in TCP_FAMILIES:
        # The peer may have gone already: the handler finds out and closes.
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
