"""The bearer token a request carries, read and checked once per request.

A write is looked at twice before its command runs: the rate limit asks who is
writing, and the API asks who is calling (a sign-up asked three times). Each look
checked the token's HMAC again; it is the same answer every time.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from flask import g, request

from web.services import services


@dataclass(frozen=True)
class Bearer:
    sent: bool  # an Authorization header came with the request
    well_formed: bool = False  # and it said ``Bearer TOKEN``
    is_organizer: bool = False  # the token is the organizers' token
    person_id: UUID | None = None  # the token is this person's


def bearer() -> Bearer:
    """What this request's Authorization header says, worked out on the first call."""
    found: Bearer | None = g.get("bearer")
    if found is None:
        found = g.bearer = _read()
    return found


def _read() -> Bearer:
    header = request.headers.get("Authorization", "")
    if not header:
        return Bearer(sent=False)
    scheme, _, token = header.partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        return Bearer(sent=True)
    known = services()
    if known.is_admin(token):
        return Bearer(sent=True, well_formed=True, is_organizer=True)
    return Bearer(sent=True, well_formed=True, person_id=known.signer.person_id(token))
