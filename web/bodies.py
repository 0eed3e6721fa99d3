"""Request bodies over their limit answer 413 before they are read.

Werkzeug refuses a body only when something reads it, and a view that reads no body
(a claim, a sign-up) would let the server take in a body of any size. So the limit is
checked for every request from its headers, before CSRF, rate limits or the view: a
``Content-Length`` over the limit is refused at once, and a chunked body (no length
to check) is read up to the limit, and refused with the same 413 one byte beyond.

The limit is the app's ``MAX_CONTENT_LENGTH`` (1 MB); a view that takes more (the
event log import) says so with ``@allow_body(BYTES)``.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, abort, current_app, request

BODY_LIMIT = 1024 * 1024  # JSON commands and forms are a few KB; a CSV of shifts fits

View = TypeVar("View", bound=Callable[..., Any])


def allow_body(limit: int) -> Callable[[View], View]:
    """Let this view take a body of up to ``limit`` bytes (instead of BODY_LIMIT)."""

    def mark(view: View) -> View:
        view.body_limit = limit  # type: ignore[attr-defined]
        return view

    return mark


def body_limit() -> int:
    view = current_app.view_functions.get(request.endpoint or "")
    limit = getattr(view, "body_limit", None)
    return int(limit if limit is not None else current_app.config["MAX_CONTENT_LENGTH"])


def refuse_large_bodies() -> None:
    limit = body_limit()
    request.max_content_length = limit
    length = request.content_length
    if length is not None and length > limit:
        abort(413)
    chunked = "chunked" in request.headers.get("Transfer-Encoding", "").lower()
    if length is None and chunked and limit <= BODY_LIMIT:
        # Read it now, a byte past the limit at most (Werkzeug would stop at the limit
        # and hand over a cut body); views and forms read the copy.
        source = request.environ["wsgi.input"]
        data = bytearray()
        while len(data) <= limit:
            piece = source.read(min(65536, limit + 1 - len(data)))
            if not piece:
                break
            data += piece
        if len(data) > limit:
            abort(413)
        request.environ["wsgi.input"] = io.BytesIO(bytes(data))


def init_app(app: Flask) -> None:
    app.config.setdefault("MAX_CONTENT_LENGTH", BODY_LIMIT)
    # First of all before_request hooks: CSRF and the rate limiter read forms too.
    app.before_request_funcs.setdefault(None, []).insert(0, refuse_large_bodies)
