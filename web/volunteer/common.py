"""What the volunteer pages share: who is signed in, where a form goes back to, running a
form's command for that person, and rendering with the sub-navigation's counts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from coordinator.people.aggregate import Person
from web.forms import new_key, page_id, safe_next
from web.services import services
from web.shared.browser_session import signed_in

JOIN_FIRST = "Join first (just your name): then you can claim shifts and take booths."


parse_id = page_id  # ids in URLs and forms: 404 for anything else


def back(default: str) -> str:
    """Where a form's page is (its ``next`` field, or the ``next`` query of a fragment)."""
    asked = request.form.get("next") if request.method == "POST" else request.args.get("next")
    return safe_next(asked, default).partition("#")[0]


def here() -> str:
    """This page's path and query, for the forms on it to come back to."""
    return request.full_path.rstrip("?")


def act(anchor: str, perform: Callable[[Person], object]) -> ResponseReturnValue:
    """A page route's action: run ``perform`` for the signed-in person (who acts only for
    themselves), then go back to the form's page (303) where the flash message shows."""
    target = back(url_for("volunteer.browse"))
    person = signed_in()
    if person is None:
        flash(JOIN_FIRST, "error")
        return redirect(url_for("accounts.register_form", next=target), code=303)
    perform(person)
    return redirect(f"{target}#{anchor}", code=303)


def offers_to(person: Person | None, booths: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The handoffs waiting for ``person``'s answer, each with its booth."""
    if person is None:
        return []
    mine = person.id.hex
    return [{"booth": booth, "offer": offer}
            for booth in booths for offer in booth["pending_handoffs"]
            if offer["to"] and offer["to"]["id"] == mine]


def render(template: str, *, tab: str, status: int = 200,
           booth_list: list[dict[str, Any]] | None = None,
           **context: Any) -> ResponseReturnValue:
    """A volunteer page: the person, the tab, counts for the sub-navigation, form keys."""
    person = signed_in()
    if booth_list is None:
        booth_list = services().boards.board("booths")[1]["booths"]
    offers = offers_to(person, booth_list)
    counts = {"mine": len(person.commitments) if person else 0, "offers": len(offers)}
    return render_template(template, person=person, tab=tab, counts=counts, offers=offers,
                           new_key=new_key, active="volunteer", back=here(),
                           **context), status


def fragment(template: str, **context: Any) -> ResponseReturnValue:
    """One card, drawn again after an action or a live change (for the page's script)."""
    response = render_template(template, person=signed_in(), new_key=new_key, **context)
    return response, 200, {"Cache-Control": "no-store"}
