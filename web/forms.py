"""Running a command from an HTML form (the pages' no-JavaScript path).

Each form carries an ``idempotency_key`` made when the page was rendered, so a form
sent twice (a double tap, a browser retry on flaky Wi-Fi) takes effect once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit
from uuid import UUID, uuid4

from flask import abort, flash, request

from coordinator import validation
from coordinator.core.commands import Outcome
from coordinator.core.idempotency import IdempotencyKey
from coordinator.errors import DomainError

KEY_FIELD = "idempotency_key"


def new_key() -> str:
    return uuid4().hex


def form_key(scope: str) -> IdempotencyKey | None:
    key = request.form.get(KEY_FIELD, "")
    if not key or len(key) > 200 or not key.isprintable():
        return None
    fields = sorted((k, v) for k, v in request.form.items(multi=True)
                    if k not in (KEY_FIELD, "csrf_token"))
    digest = hashlib.sha256(f"{request.method} {request.path} {fields!r}".encode())
    return IdempotencyKey(scope=scope, key=key, fingerprint=digest.hexdigest())


def run_form(run: Callable[..., Outcome], *args: Any, scope: str, done: str,
             **kwargs: Any) -> Outcome | None:
    """Run a command; flash ``done`` or the refusal's message. None when refused."""
    try:
        outcome = run(*args, idempotency=form_key(scope), **kwargs)
    except DomainError as error:
        flash(error.message, "error")
        return None
    flash(done, "ok")
    return outcome


def page_id(text: str) -> UUID:
    """An id in a page's URL or form; anything else is a page that does not exist (404)."""
    found = validation.identifier(text)
    if found is None:
        abort(404)
    return found


def safe_next(target: str | None, default: str) -> str:
    """Only a path on this site: never send someone elsewhere after signing in."""
    if not target:
        return default
    try:
        parts = urlsplit(target)
    except ValueError:  # "http://[": a bracketed host that does not parse is no path here
        return default
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    return target
