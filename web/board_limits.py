"""What one Socket.IO connection may ask of the ``/boards`` namespace.

A kiosk subscribes to one to four boards and again after a gap or a reconnect; a
page, to one. So a connection holds at most SUBSCRIPTIONS boards at once, and sends
events at a rate of EVENTS_PER_SECOND with bursts of EVENT_BURST (a token bucket).
A client that asks for more is told why (``board_error``) and disconnected, so a
flooding client costs the server one refusal, not a snapshot per event.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

SUBSCRIPTIONS = 16
EVENTS_PER_SECOND = 2.0
EVENT_BURST = 20


@dataclass
class Allowance:
    """One connection's token bucket and the boards it follows."""

    tokens: float = EVENT_BURST
    stamp: float = field(default_factory=time.monotonic)
    boards: set[str] = field(default_factory=set)

    def take(self) -> bool:
        """One event's worth; False when the connection sends faster than allowed."""
        now = time.monotonic()
        self.tokens = min(EVENT_BURST, self.tokens + (now - self.stamp) * EVENTS_PER_SECOND)
        self.stamp = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True

    def may_follow(self, board: str) -> bool:
        return board in self.boards or len(self.boards) < SUBSCRIPTIONS


class Allowances:
    """Every connection's allowance in this process, by Socket.IO session id."""

    def __init__(self) -> None:
        self.lock = threading.Lock()  # handlers run on threads in threading mode
        self.by_sid: dict[str, Allowance] = {}

    def of(self, sid: str) -> Allowance:
        with self.lock:
            found = self.by_sid.get(sid)
            if found is None:
                found = self.by_sid[sid] = Allowance()
            return found

    def forget(self, sid: str) -> None:
        with self.lock:
            self.by_sid.pop(sid, None)
