"""Turning an HTTP request into a command's arguments: caller, body, ids, idempotency."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote
from uuid import UUID

from flask import g, jsonify, request
from flask.typing import ResponseReturnValue

from coordinator import validation
from coordinator.core.commands import Outcome
from coordinator.core.idempotency import IdempotencyKey
from coordinator.errors import Forbidden, InvalidInput, NotFound, Unauthorized
from web.bearer import bearer
from web.services import services

IDEMPOTENCY_KEY_LIMIT = 200
# An organizer's request may name who sends it; their commands record it (``by``).
ORGANIZER_HEADER = "X-Organizer"
DEFAULT_ORGANIZER = "organizer"


@dataclass(frozen=True)
class Caller:
    person_id: UUID | None = None
    is_organizer: bool = False
    name: str | None = None  # an organizer's name, from the X-Organizer header

    @property
    def scope(self) -> str:
        if self.is_organizer:
            return "organizer"
        return self.person_id.hex if self.person_id else "anonymous"


def caller() -> Caller:
    """Who sends this request (worked out once a request: several checks ask)."""
    found: Caller | None = g.get("caller")
    if found is None:
        found = g.caller = _caller()
    return found


def _caller() -> Caller:
    sent = bearer()
    if not sent.sent:
        return Caller()
    if not sent.well_formed:
        raise Unauthorized("Send 'Authorization: Bearer TOKEN'.")
    if sent.is_organizer:
        # Header values are Latin-1: a name with other letters comes percent-encoded (UTF-8).
        try:
            named = unquote(request.headers.get(ORGANIZER_HEADER, ""), errors="strict")
        except UnicodeDecodeError:
            raise InvalidInput(f"'{ORGANIZER_HEADER}' is not valid UTF-8.") from None
        name = validation.name(named, ORGANIZER_HEADER) if named else DEFAULT_ORGANIZER
        return Caller(is_organizer=True, name=name)
    if sent.person_id is None:
        raise Unauthorized("That token is not valid.")
    return Caller(person_id=sent.person_id)


def person() -> UUID:
    """The person making this request; organizers act through explicit ids instead."""
    who = caller()
    if who.is_organizer:
        raise Forbidden("This needs a person's token, not the organizers' token.")
    if who.person_id is None:
        raise Unauthorized("Sign in first: send 'Authorization: Bearer PERSON_TOKEN'.")
    services().app.require_person(who.person_id)  # a token from another store, say
    return who.person_id


def organizer() -> Caller:
    who = caller()
    if who.person_id is None and not who.is_organizer:
        raise Unauthorized("This needs the organizers' token.")
    if not who.is_organizer:
        raise Forbidden("Only organizers can do this.")
    return who


def body() -> dict[str, Any]:
    """The JSON object sent, or {} when nothing was sent."""
    raw = request.get_data(cache=True)
    if not raw.strip():
        return {}
    try:
        value = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):  # RecursionError: deep nesting
        raise InvalidInput("The request body is not valid JSON.") from None
    if not isinstance(value, dict):
        raise InvalidInput("The request body must be a JSON object.")
    return value


def require(data: dict[str, Any], *fields: str) -> None:
    missing = [f for f in fields if data.get(f) is None]
    if missing:
        raise InvalidInput(f"Missing {', '.join(repr(f) for f in missing)}.")


def parse_id(value: Any, what: str) -> UUID:
    """Ids are 32 hex digits; anything else names nothing that exists."""
    found = validation.identifier(value)
    if found is not None:
        return found
    if value is None or isinstance(value, str):
        raise NotFound(f"No such {what}.")
    raise InvalidInput(f"'{what}' must be an id.")


def idempotency(who: Caller) -> IdempotencyKey | None:
    key = request.headers.get("Idempotency-Key")
    if key is None:
        return None
    if not key or len(key) > IDEMPOTENCY_KEY_LIMIT or not key.isprintable():
        raise InvalidInput(
            f"'Idempotency-Key' must be 1 to {IDEMPOTENCY_KEY_LIMIT} printable characters."
        )
    digest = hashlib.sha256()
    for part in (request.method.encode(), request.path.encode(), request.get_data(cache=True)):
        digest.update(part + b"\0")
    return IdempotencyKey(scope=who.scope, key=key, fingerprint=digest.hexdigest())


def answer(run: Callable[..., Outcome], *args: Any, who: Caller, status: int = 200,
           extra: Callable[[Outcome], dict[str, Any]] | None = None,
           **kwargs: Any) -> ResponseReturnValue:
    """Run one command and answer with its result and position (the same on a retry)."""
    body()  # a body that is not a JSON object is refused, even where none is needed
    if who.is_organizer:
        kwargs.setdefault("by", who.name)
    outcome = run(*args, idempotency=idempotency(who), **kwargs)
    payload = {**outcome.result, **(extra(outcome) if extra else {}),
               "position": outcome.position}
    return jsonify(payload), status
