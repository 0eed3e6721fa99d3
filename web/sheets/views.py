"""``/sheets``: the page, the part of it that live changes draw again, and its forms.

Each form posts to a route here, which runs one command for the signed-in person (never
anyone else) with the form's idempotency key, then redirects back to the page (303)
where the answer or the refusal is flashed. Fields typed in a form are checked inside
the command's run, so a refusal of any kind is a flash and stores nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from coordinator import validation
from coordinator.core.commands import Outcome
from coordinator.errors import DomainError, InvalidInput
from coordinator.people.aggregate import Person
from coordinator.sheets.aggregate import PERSON_KINDS
from projections.boards.overview import States
from web.forms import new_key, page_id, run_form, safe_next
from web.services import services
from web.shared.browser_session import signed_in
from web.sheets.blueprint import bp
from web.sheets.cards import SheetCard
from web.volunteer.mine import feed_urls
from web.volunteer.times import Clock, clock, when

JOIN_FIRST = "Join first (just your name): then you can put your name on sheets."
ANCHORS = {"lightning_talks": "talks", "dinner": "dinners", "sprint": "sprints"}


def lists(person: Person | None) -> dict[str, Any]:
    """The page's lists for ``person``: each kind still to come or running, and theirs."""
    at: Clock = clock()
    position, data = services().boards.board("sheets")
    me = person.id.hex if person else ""
    cards = [SheetCard.from_board(s, at, me) for s in data["sheets"]]
    current = [c for c in cards if not c.ended]
    # A dinner group that has left is gone from the list (unless it is yours).
    shown = [c for c in current if c.kind != "dinner" or not c.started or c.mine]
    return {
        "position": position,
        "cancelled": _cancelled_for(me, at) if me else [],
        "talks": [c for c in shown if c.kind == "lightning_talks"],
        "dinners": [c for c in shown if c.kind == "dinner"],
        "sprints": [c for c in shown if c.kind == "sprint"],
        "yours": [c for c in shown if c.mine],
    }


def _cancelled_for(me: str, at: Clock) -> list[dict[str, Any]]:
    """Sheets the person was on (or posted) that were cancelled and would still be to
    come, with the reason: the board drops them, the page says why they went."""
    def reader(states: States) -> list[dict[str, Any]]:
        return [{"id": s["id"], "title": s["title"], "reason": s["cancel_reason"],
                 "starts_at": at.local(s["starts_at"]),
                 "when": when(at.local(s["starts_at"]), at.local(s["ends_at"]))}
                for s in states["sheets"]["sheets"].values()
                if s["cancelled"] and at.local(s["ends_at"]) > at.now
                and ((s["owner"] or {}).get("id") == me
                     or any(e["person_id"] == me for e in s["entries"]))]
    found: list[dict[str, Any]] = services().boards.read(reader)
    return sorted(found, key=lambda s: (s["starts_at"], s["id"]))


def _back() -> str:
    return safe_next(request.form.get("next"), url_for("sheets.page")).partition("#")[0]


def _render(template: str, **context: Any) -> str:
    person = signed_in()
    # The forms come back to /sheets, also from the fragment the script fetches.
    return render_template(template, person=person, new_key=new_key,
                           back=url_for("sheets.page"), active="sheets",
                           **lists(person), **context)


@bp.get("/sheets")
def page() -> ResponseReturnValue:
    person = signed_in()
    feed = feed_urls(person) if person else ("", "")
    return _render("sheets/page.html", feed_url=feed[0], webcal_url=feed[1],
                   join_code_required=bool(services().app.conference().join_code))


@bp.get("/sheets/live")
def live() -> ResponseReturnValue:
    """The page's lists alone, drawn again for the script when the board changes."""
    return _render("sheets/_lists.html"), 200, {"Cache-Control": "no-store"}


def _act(anchor: str, perform: Callable[[Person], object]) -> ResponseReturnValue:
    target = _back()
    person = signed_in()
    if person is None:
        flash(JOIN_FIRST, "error")
        return redirect(url_for("accounts.register_form", next=target), code=303)
    perform(person)
    return redirect(f"{target}#{anchor}", code=303)


def _title_of(sheet_id: Any) -> str:
    try:
        return str(services().app.sheet(sheet_id).title)
    except DomainError:  # the command itself says why the sheet is not there
        return "the sheet"


@bp.post("/sheets/<sheet_id>/join")
def join(sheet_id: str) -> ResponseReturnValue:
    target = page_id(sheet_id)
    talk = request.form.get("title")

    def perform(person: Person) -> None:
        run_form(services().app.add_entry, target, person.id, talk,
                 scope=person.id.hex, done=f"You're on it: {_title_of(target)}.")

    return _act(f"sheet-{target.hex}", perform)


@bp.post("/sheets/<sheet_id>/leave")
def leave(sheet_id: str) -> ResponseReturnValue:
    target = page_id(sheet_id)

    def perform(person: Person) -> None:
        run_form(services().app.remove_entry, target, person.id, scope=person.id.hex,
                 done=f"Your name is off {_title_of(target)}.")

    return _act(f"sheet-{target.hex}", perform)


def _moment(text: str | None, field: str) -> datetime:
    """A time typed in a ``datetime-local`` field, in the conference's time zone."""
    raw = (text or "").strip()
    if not raw:
        raise InvalidInput(f"'{field}' is required.")
    try:
        moment = datetime.fromisoformat(raw) if len(raw) <= 40 else None
    except ValueError:
        moment = None
    if moment is None:
        raise InvalidInput(f"'{field}' must be a date and time such as 2026-05-15 19:00.")
    return moment if moment.tzinfo else moment.replace(tzinfo=clock().tz)


def _capacity(kind: str, text: str | None) -> int | None:
    if kind == "sprint" and not (text or "").strip():
        return None  # a sprint may take anyone who comes
    return validation.whole_number(text, "capacity", minimum=1, maximum=500)


@bp.post("/sheets/new")
def post() -> ResponseReturnValue:
    form = request.form
    kind = form.get("kind", "")
    anchor = ANCHORS.get(kind, "post")

    def run(**kwargs: Any) -> Outcome:
        if kind not in PERSON_KINDS:
            raise InvalidInput("'kind' must be dinner or sprint.")
        return services().app.post_sheet(
            kind, form.get("title", ""), _moment(form.get("starts_at"), "starts_at"),
            form.get("location", ""), _capacity(kind, form.get("capacity")),
            form.get("description") or None, form.get("meeting_point") or None,
            **kwargs)

    def perform(person: Person) -> None:
        word = "Dinner group" if kind == "dinner" else "Sprint project"
        run_form(run, owner_id=person.id, scope=person.id.hex,
                 done=f"{word} posted: people can join it now.")

    return _act(anchor, perform)


def _manage(sheet_id: str, command: str, done: str, **extra: Any) -> ResponseReturnValue:
    target = page_id(sheet_id)

    def perform(person: Person) -> None:
        run_form(getattr(services().app, command), target, person_id=person.id,
                 scope=person.id.hex, done=done, **extra)

    return _act(f"sheet-{target.hex}", perform)


@bp.post("/sheets/<sheet_id>/close")
def close(sheet_id: str) -> ResponseReturnValue:
    return _manage(sheet_id, "close_sheet", "Closed: nobody else can join.")


@bp.post("/sheets/<sheet_id>/reopen")
def reopen(sheet_id: str) -> ResponseReturnValue:
    return _manage(sheet_id, "reopen_sheet", "Open again: people can join.")


@bp.post("/sheets/<sheet_id>/cancel")
def cancel(sheet_id: str) -> ResponseReturnValue:
    reason = request.form.get("reason") or None
    return _manage(sheet_id, "cancel_sheet", "Cancelled. The people on it see why.",
                   reason=reason)
