"""Rate limits on writes, per person, with the ``limits`` library's moving window.

The contract promises at least 30 writes per person in any 10 seconds; a person
gets 40. Requests with no person (registrations) are counted per address with a
far higher limit, because a whole venue shares a few Wi-Fi addresses. Organizers
and reads are not limited. With a Redis message queue the counters live in Redis,
so every server process counts together; if Redis is down, each process counts in
its own memory until it is back (a Redis outage must not stop people claiming).

One hook, one check a request: Flask-Limiter did the same with a tenth of a claim's
CPU spent resolving and filtering limits per request (docs/performance.md).
"""

from __future__ import annotations

import logging
import math
import time

from flask import Flask, Response, g, make_response, render_template, request, session
from limits import RateLimitItem, parse
from limits.storage import Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

from web.bearer import bearer
from web.rate_windows import WindowStorage

PERSON_LIMIT = "40 per 10 seconds"
ADDRESS_LIMIT = "300 per 10 seconds"
READS = frozenset({"GET", "HEAD", "OPTIONS"})
KEY_PREFIX = "coordinator-writes"

log = logging.getLogger(__name__)


def writer() -> str:
    """Who is writing: a person (by token or session), the organizers, or an address."""
    found: str | None = g.get("rate_limit_writer")
    if found is None:
        found = g.rate_limit_writer = _writer()
    return found


def _writer() -> str:
    sent = bearer()
    if sent.is_organizer:
        return "organizer"
    if sent.person_id is not None:
        return f"person:{sent.person_id.hex}"
    raw = session.get("person_id") if request.cookies else None
    if isinstance(raw, str):
        return f"person:{raw}"
    if session.get("organizer"):
        return "organizer"
    return f"address:{request.remote_addr or '127.0.0.1'}"


class WriteLimits:
    """The moving-window check of every write, before the view runs."""

    def __init__(self, storage: Storage) -> None:
        self.limiter = MovingWindowRateLimiter(storage)
        self.person: RateLimitItem = parse(PERSON_LIMIT)
        self.address: RateLimitItem = parse(ADDRESS_LIMIT)
        # Where Redis is the store, the windows of an outage are kept here meanwhile.
        self.fallback: MovingWindowRateLimiter | None = (
            None if isinstance(storage, WindowStorage)
            else MovingWindowRateLimiter(WindowStorage()))

    def init_app(self, app: Flask) -> None:
        app.before_request(self.check)
        app.extensions["write_limits"] = self

    def check(self) -> Response | None:
        """Refuse with 429 once the writer has used up its window; else let it pass."""
        if request.method in READS:
            return None
        who = writer()
        if who == "organizer":
            return None
        item = self.person if who.startswith("person:") else self.address
        limiter = self.limiter
        try:
            allowed = limiter.hit(item, KEY_PREFIX, who)
        except Exception:  # any outage of the store: count in memory instead
            if self.fallback is None:
                raise
            log.warning("rate-limit store unreachable; counting in this process for now",
                        exc_info=True)
            limiter = self.fallback
            allowed = limiter.hit(item, KEY_PREFIX, who)
        if allowed:
            return None
        reset = limiter.get_window_stats(item, KEY_PREFIX, who).reset_time
        response = too_many()
        response.headers["Retry-After"] = str(max(1, math.ceil(reset - time.time())))
        return response


def init_app(app: Flask, message_queue: str | None) -> None:
    """Limit writes unless ``RATELIMIT_ENABLED`` is false (some tests); the store is
    ``RATELIMIT_STORAGE_URI``, else the message queue's Redis, else this process."""
    if not app.config.get("RATELIMIT_ENABLED", True):
        return
    uri = app.config.get("RATELIMIT_STORAGE_URI")
    if uri is None and message_queue and message_queue.startswith(("redis://", "rediss://")):
        uri = message_queue
    # Not the library's memory://, whose expiry walks every key after each write.
    storage = storage_from_string(uri) if uri else WindowStorage()
    WriteLimits(storage).init_app(app)


def too_many() -> Response:
    """JSON on the API; a page saying what to do everywhere else."""
    if request.path.startswith("/api/"):
        from web.shared.errors import error_response

        return make_response(error_response(
            429, "rate_limited", "Too many changes in a short time; wait a few seconds."))
    return make_response(render_template(
        "app/message.html", title="One moment, please",
        message="That was a lot of taps in a short time. Wait a few seconds and try again.",
    ), 429)
