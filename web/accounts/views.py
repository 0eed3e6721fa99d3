"""Register, sign in with a personal link, sign out, and the personal-link page."""

from __future__ import annotations

from urllib.parse import urljoin
from uuid import UUID

from flask import abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from coordinator.errors import DomainError
from web.accounts.blueprint import bp
from web.forms import safe_next
from web.qr import qr_svg
from web.services import services
from web.shared.browser_session import sign_in, sign_out, signed_in, token_of


def _join_code_required() -> bool:
    return bool(services().app.conference().join_code)


@bp.get("/register")
def register_form() -> ResponseReturnValue:
    return render_template("app/register.html", next=safe_next(request.args.get("next"), "/"),
                           join_code_required=_join_code_required(), values={}, error=None)


@bp.post("/register")
def register() -> ResponseReturnValue:
    form = request.form
    target = safe_next(form.get("next"), "/volunteer")
    email = form.get("email", "").strip() or None
    try:
        outcome = services().app.register_person(form.get("name", ""), email,
                                                 form.get("join_code") or None)
    except DomainError as error:
        return render_template("app/register.html", next=target,
                               join_code_required=_join_code_required(),
                               values={"name": form.get("name", ""), "email": email or ""},
                               error=error.message), error.status
    sign_in(UUID(hex=outcome.result["id"]))
    return redirect(target, code=303)


@bp.get("/signin/<token>")
def personal_link(token: str) -> ResponseReturnValue:
    person_id = services().signer.person_id(token)
    if person_id is None:
        return render_template("app/message.html", title="That link does not work",
                               message="Ask the person it belongs to for a fresh one, or "
                                       "register with your name."), 400
    try:
        services().app.person(person_id)
    except DomainError:
        abort(404)
    sign_in(person_id)
    return redirect(safe_next(request.args.get("next"), "/volunteer"), code=303)


@bp.post("/signout")
def signout() -> ResponseReturnValue:
    sign_out()
    return redirect(url_for("accounts.register_form"), code=303)


@bp.get("/me")
def me() -> ResponseReturnValue:
    person = signed_in()
    if person is None:
        return redirect(url_for("accounts.register_form", next="/me"), code=303)
    link = urljoin(request.host_url, url_for("accounts.personal_link", token=token_of(person)))
    return render_template("app/me.html", person=person, link=link, qr=qr_svg(link))
