"""Organizers sign in with the admin token and their name; a guard keeps everyone else out.

The session (Flask's signed cookie) holds the organizer's name, when they signed in,
and a fingerprint of the admin token: changing ``COORDINATOR_ADMIN_TOKEN`` signs
every organizer out. A person signed in on the same browser stays signed in as
themselves; their session alone never opens an organizer page.
"""

from __future__ import annotations

import hashlib
import hmac
import time

from flask import redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue

from coordinator import validation
from coordinator.errors import InvalidInput
from web.forms import safe_next
from web.organizer.blueprint import bp
from web.services import services

# An organizer stays signed in this long on one browser (a conference day and a night).
LIFETIME_SECONDS = 24 * 3600
# Endpoints open to anyone: the first visit shows the sign-in form.
OPEN = {"organizer.overview", "organizer.signin"}
KEYS = ("organizer", "organizer_since", "organizer_key")


def _fingerprint() -> str:
    token = services().admin_token.encode()
    return hashlib.sha256(b"organizer-session:" + token).hexdigest()[:32]


def organizer_name() -> str | None:
    """The name of the organizer signed in on this browser, or None."""
    name = session.get("organizer")
    since = session.get("organizer_since")
    key = session.get("organizer_key")
    if not isinstance(name, str) or not isinstance(since, int | float) or not isinstance(
            key, str):
        return None
    if time.time() - since > LIFETIME_SECONDS or not hmac.compare_digest(key, _fingerprint()):
        sign_out()
        return None
    return name


def sign_out() -> None:
    for key in KEYS:
        session.pop(key, None)


@bp.before_request
def guard() -> ResponseReturnValue | None:
    """Organizer pages need an organizer's session: a page asked for without one sends
    the browser to the sign-in form; an action sent without one is refused (403)."""
    if request.endpoint in OPEN or organizer_name() is not None:
        return None
    if request.method in ("GET", "HEAD"):
        return redirect(url_for("organizer.overview", next=request.full_path.rstrip("?")),
                        code=303)
    return render_template("organizer/refused.html"), 403


def signin_form(error: str | None = None, name: str = "",
                status: int = 200) -> ResponseReturnValue:
    target = safe_next(request.values.get("next"), url_for("organizer.overview"))
    return render_template("organizer/signin.html", error=error, name=name,
                           next=target), status


@bp.post("/signin")
def signin() -> ResponseReturnValue:
    token = request.form.get("token", "")
    name = request.form.get("name", "").strip()
    if not services().is_admin(token):
        return signin_form("That is not the organizers' token.", name, 403)
    try:
        name = validation.name(name, "name")
    except InvalidInput:
        return signin_form("Type your name (up to 100 characters): it is recorded with "
                           "everything you do here.", name, 400)
    session["organizer"] = name
    session["organizer_since"] = int(time.time())
    session["organizer_key"] = _fingerprint()
    return redirect(safe_next(request.form.get("next"), url_for("organizer.overview")),
                    code=303)


@bp.post("/signout")
def signout() -> ResponseReturnValue:
    sign_out()
    return redirect(url_for("organizer.overview"), code=303)
