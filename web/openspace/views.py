"""``/open-space``: the grid of one day, and the forms that claim, release and mark interest.

The forms work without JavaScript: each posts to a page route here, which runs the
command for the signed-in person (never anyone else) with the form's idempotency key
and redirects back (303) with a flash message. With JavaScript the same forms go
through the JSON API with the same key (``data-api``), and the grid stays live.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from flask import flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue

from coordinator.core.commands import Outcome
from coordinator.errors import NotFound
from coordinator.open_space.errors import SlotTaken
from coordinator.people.aggregate import Person
from web.forms import new_key, page_id, run_form, safe_next
from web.openspace.blueprint import bp
from web.openspace.grid import TAKEN, Grid, build, day_label, window_text
from web.services import services
from web.shared.browser_session import signed_in
from web.shared.days import BadDay, zone
from web.shared.notices import notices_for

# The slot of the last no-JavaScript action: the page repeats its flash message there.
LAST_SLOT = "openspace_last_slot"
# The latest changes organizers made to your sessions, with their reasons.
NOTICES_SHOWN = 3
JOIN_FIRST = "Join first (just your name), then you can claim slots and mark interest."


def _closes_minutes() -> int:
    settings = services().app.conference().settings
    return int(settings.get("claim_closes_minutes_before") or 0)


def _mark_interests(grid: Grid, person: Person) -> None:
    """Which sessions the person marked: the board only carries counts, the slots know who."""
    app = services().app
    for cell in grid.cells():
        if cell.state != TAKEN or cell.slot is None:
            continue
        try:
            slot = app.slot(UUID(hex=cell.slot["id"]))
        except NotFound:
            continue
        cell.interested = bool(slot.session and person.id.hex in slot.session["interested"])


@bp.get("/open-space")
def page() -> ResponseReturnValue:
    found = services()
    person = signed_in()
    settings = found.app.conference().settings
    tz = zone(settings.get("time_zone"))
    closes = _closes_minutes()
    position, data = found.boards.board("open-space")
    now = found.app.clock()
    asked = request.args.get("day")
    try:
        grid = build(data, asked=asked, tz=tz, now=now, closes_minutes=closes,
                     me=person.id.hex if person else None)
    except BadDay as error:
        return render_template("app/message.html", title="That day is not right",
                               message=f"{error} Pick a day from the open-space page."), 400
    if person is not None:
        _mark_interests(grid, person)
    here = url_for("openspace.page", day=asked) if asked else url_for("openspace.page")
    response = render_template(
        "openspace/page.html", active="open-space", grid=grid, person=person,
        day_label=day_label(grid.day), window=window_text(closes), closes_minutes=closes,
        here=here, new_key=new_key, last_slot=session.pop(LAST_SLOT, None),
        position=position, time_zone=str(tz), now=now.astimezone(tz).isoformat(),
        join_url=url_for("accounts.register_form", next=url_for("openspace.page")),
        notices=notices_for(person.id, wait=False)[:NOTICES_SHOWN] if person else [],
    )
    return response, 200, {"Cache-Control": "no-store"}


_slot_id = page_id


def _act(slot_id: str, run: Callable[..., Outcome], done: str, *args: Any) -> ResponseReturnValue:
    """Run ``run(slot, person, *args)`` for the signed-in person and go back to the grid."""
    target = safe_next(request.form.get("next"), url_for("openspace.page"))
    person = signed_in()
    if person is None:
        flash(JOIN_FIRST, "error")
        return redirect(url_for("accounts.register_form", next=target), code=303)
    slot = _slot_id(slot_id)
    run_form(run, slot, person.id, *args, scope=person.id.hex, done=done)
    session[LAST_SLOT] = slot.hex
    return redirect(f"{target}#slot-{slot.hex}", code=303)


def _text(name: str) -> str | None:
    """A form field as typed; browsers send a textarea's line breaks as CR LF."""
    value = request.form.get(name)
    return None if value is None else value.replace("\r\n", "\n")


def _claim(*args: Any, **kwargs: Any) -> Outcome:
    try:
        return services().app.claim_slot(*args, **kwargs)
    except SlotTaken as error:  # the same words as the page's script uses
        raise SlotTaken(f"Someone was quicker. {error.message} Pick another free slot.") from None


@bp.post("/open-space/slots/<slot_id>/claim")
def claim(slot_id: str) -> ResponseReturnValue:
    return _act(slot_id, _claim,
                "Claimed: the slot is yours, and your session is on the boards.",
                _text("topic"), _text("description") or None)


@bp.post("/open-space/slots/<slot_id>/release")
def release(slot_id: str) -> ResponseReturnValue:
    return _act(slot_id, services().app.release_slot,
                "Released: the slot is free again for someone else.")


@bp.post("/open-space/slots/<slot_id>/interest")
def interest(slot_id: str) -> ResponseReturnValue:
    return _act(slot_id, services().app.register_interest,
                "Marked: you are interested in this session.")


@bp.post("/open-space/slots/<slot_id>/interest/withdraw")
def withdraw_interest(slot_id: str) -> ResponseReturnValue:
    return _act(slot_id, services().app.withdraw_interest,
                "Unmarked: you are no longer counted as interested.")
