"""Rate limits on writes, per person (Flask-Limiter).

The contract promises at least 30 writes per person in any 10 seconds; a person
gets 40. Requests with no person (registrations) are counted per address with a
far higher limit, because a whole venue shares a few Wi-Fi addresses. Organizers
and reads are not limited. With a Redis message queue the counters live in Redis,
so every server process counts together.
"""

from __future__ import annotations

from flask import Flask, g, render_template, request, session
from flask.typing import ResponseReturnValue
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from web.rate_windows import WindowStorage
from web.services import services

PERSON_LIMIT = "40 per 10 seconds"
ADDRESS_LIMIT = "300 per 10 seconds"
READS = frozenset({"GET", "HEAD", "OPTIONS"})


def _bearer() -> str | None:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def writer() -> str:
    """Who is writing: a person (by token or session), the organizers, or an address.

    Asked three times a request (the key, the limit, the exemption): worked out once.
    """
    found: str | None = g.get("rate_limit_writer")
    if found is None:
        found = g.rate_limit_writer = _writer()
    return found


def _writer() -> str:
    token = _bearer()
    if token is not None:
        found = services()
        if found.is_admin(token):
            return "organizer"
        person_id = found.signer.person_id(token)
        if person_id is not None:
            return f"person:{person_id.hex}"
    raw = session.get("person_id") if request.cookies else None
    if isinstance(raw, str):
        return f"person:{raw}"
    if session.get("organizer"):
        return "organizer"
    return f"address:{get_remote_address()}"


def _limit() -> str:
    return PERSON_LIMIT if writer().startswith("person:") else ADDRESS_LIMIT


def _exempt() -> bool:
    return request.method in READS or writer() == "organizer"


limiter = Limiter(
    key_func=writer,
    # Application limits share one counter across every route (default limits count
    # each route apart): 40 writes means 40 in all, whatever they are.
    application_limits=[_limit],
    application_limits_exempt_when=_exempt,
    headers_enabled=True,
    strategy="moving-window",
    swallow_errors=True,  # a Redis outage must not stop people claiming shifts
)


def init_app(app: Flask, message_queue: str | None) -> None:
    if message_queue and message_queue.startswith(("redis://", "rediss://")):
        app.config.setdefault("RATELIMIT_STORAGE_URI", message_queue)
        app.config.setdefault("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True)
    else:
        # Not the library's memory://, whose expiry walks every key after each write.
        app.config.setdefault("RATELIMIT_STORAGE_URI", f"{WindowStorage.STORAGE_SCHEME[0]}://")
    limiter.init_app(app)
    app.register_error_handler(429, too_many)


def too_many(error: Exception) -> ResponseReturnValue:
    """JSON on the API; a page saying what to do everywhere else."""
    if request.path.startswith("/api/"):
        from web.api.errors import error_response

        return error_response(429, "rate_limited",
                              "Too many changes in a short time; wait a few seconds.")
    return render_template(
        "app/message.html", title="One moment, please",
        message="That was a lot of taps in a short time. Wait a few seconds and try again.",
    ), 429
