"""What a slow or greedy client may hold on the server.

``coordinator serve`` runs gevent's WSGI server (web/gevent_server.py) with these
limits, or Werkzeug's with what it allows (``--async-mode threading``; web/serving.py
picks one). The numbers,
and why they suit phones on a venue's Wi-Fi, are in docs/deployment.md ("Limits").
"""

from __future__ import annotations

import resource
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

