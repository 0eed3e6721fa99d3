"""The accounts blueprint, and what every phone page's layout gets from it;
web/accounts/views.py adds the routes."""

from __future__ import annotations

from typing import Any

from eventsourcing.persistence import PersistenceError
from flask import Blueprint, session

from web.services import services
from web.shared.browser_session import signed_in, token_of

bp = Blueprint("accounts", __name__)


@bp.app_context_processor
def page_context() -> dict[str, Any]:
    """What every phone page's layout shows: the conference, and the signed-in person's
    token for the page's script (its API calls carry it as a bearer token)."""
    try:
        person = signed_in() if "person_id" in session else None
        name = services().app.conference().settings.get("name") or "Coordinator"
    except PersistenceError:
        # The page that says the database is away must still render.
        return {"conference_name": "Coordinator", "person_token": None,
                "signed_in_person": None}
    return {
        "conference_name": name,
        "person_token": token_of(person) if person else None,
        "signed_in_person": person,
    }
