"""Who the browser belongs to: a person id in Flask's signed session cookie."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

from flask import session

from coordinator.errors import NotFound
from coordinator.people.aggregate import Person
from web.services import services

# Long enough for a conference week; a personal link signs in again afterwards.
LIFETIME = timedelta(days=30)


def sign_in(person_id: UUID) -> None:
    session.clear()
    session.permanent = True
    session["person_id"] = person_id.hex


def sign_out() -> None:
    session.pop("person_id", None)


def signed_in() -> Person | None:
    """The person signed in on this browser, or None (also for a person no longer known)."""
    raw = session.get("person_id")
    if not isinstance(raw, str):
        return None
    try:
        return services().app.person(UUID(hex=raw))
    except (ValueError, NotFound):
        sign_out()
        return None


def token_of(person: Person) -> str:
    """The person's API token: the page's script acts with it, and it makes the personal link."""
    return services().signer.token_for(person.id)
