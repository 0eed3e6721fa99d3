"""Sign-up sheets (``/organizer/sheets``): lightning-talk sessions, dinner groups and
sprint projects, grouped by kind with their entries. Organizers post a sheet of any
kind, change, close, reopen or cancel it, take a name off, and run a lightning-talk
session: the speaking order (a talk up or down, or the whole order at once) and each
talk marked given or skipped. Each action is a plain form running one command."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from flask import request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.datastructures import MultiDict

from coordinator import validation
from coordinator.core.commands import Outcome
from coordinator.errors import InvalidInput, NotFound
from coordinator.sheets.aggregate import KINDS
from coordinator.sheets.commands import kind_of
from projections.boards.overview import States
from projections.boards.sheets import public
from web.organizer.blueprint import bp
from web.organizer.common import act, local_moment, parse_id, read, render
from web.services import services

LABELS = {"lightning_talks": "Lightning talks", "dinner": "Dinner groups",
          "sprint": "Sprints"}
# A talk's length is typed in minutes; a day is longer than any session.
MAX_MINUTES = 24 * 60


def _sheets() -> str:
    return url_for("organizer.sheets")


def _capacity(kind: str, text: str | None) -> int | None:
    """Places (talks for a lightning session); a sprint left empty takes anyone."""
    if kind == "sprint" and not (text or "").strip():
        return None
    return validation.whole_number(text, "capacity")


def _end(form: MultiDict[str, str], start: datetime) -> datetime | None:
    """The end typed as a time, or as a length in minutes; neither: the kind's default."""
    if (form.get("ends_at") or "").strip():
        return local_moment(form.get("ends_at"), "ends_at")
    if (form.get("minutes") or "").strip():
        length = validation.whole_number(form.get("minutes"), "minutes", minimum=1,
                                         maximum=MAX_MINUTES)
        return start + timedelta(minutes=length)
    return None


def listing(states: States) -> dict[str, Any]:
    """Every sheet by kind (soonest first), the cancelled ones apart, and the rooms'
    names (a lightning session's place is usually a room)."""
    groups: dict[str, list[dict[str, Any]]] = {kind: [] for kind in KINDS}
    cancelled = []
    for sheet in states["sheets"]["sheets"].values():
        if sheet["cancelled"]:
            cancelled.append(sheet)
        else:
            groups[sheet["kind"]].append(public(sheet))
    for group in groups.values():
        group.sort(key=lambda s: (s["starts_at"], s["title"], s["id"]))
    cancelled.sort(key=lambda s: (s["starts_at"], s["id"]))
    rooms = sorted(r["name"] for r in states["open-space"]["rooms"].values())
    return {"groups": groups, "cancelled": cancelled, "rooms": rooms}


def summary(states: States, moment: datetime) -> dict[str, Any]:
    """For the overview: dinner groups still taking names, the next lightning-talk
    session (or the one running) and how full it is."""
    sheets = [s for s in states["sheets"]["sheets"].values() if not s["cancelled"]]
    open_dinners = [s for s in sheets if s["kind"] == "dinner" and not s["closed"]
                    and datetime.fromisoformat(s["starts_at"]) > moment
                    and (s["capacity"] is None or len(s["entries"]) < s["capacity"])]
    coming = sorted((s for s in sheets if s["kind"] == "lightning_talks"
                     and datetime.fromisoformat(s["ends_at"]) > moment),
                    key=lambda s: s["starts_at"])
    sprints = [s for s in sheets if s["kind"] == "sprint"
               and datetime.fromisoformat(s["ends_at"]) > moment]
    return {"open_dinners": len(open_dinners), "sprints": len(sprints),
            "next_talks": public(coming[0]) if coming else None}


@bp.get("/sheets")
def sheets() -> ResponseReturnValue:
    return render("organizer/sheets.html", active="sheets", labels=LABELS,
                  **read(listing))


@bp.post("/sheets")
def post_sheet() -> ResponseReturnValue:
    form = request.form

    def post(**kwargs: Any) -> Outcome:
        kind = kind_of(form.get("kind"))
        start = local_moment(form.get("starts_at"), "starts_at")
        return services().app.post_sheet(
            kind, form.get("title", ""), start, form.get("location", ""),
            _capacity(kind, form.get("capacity")), form.get("description") or None,
            form.get("meeting_point") or None, _end(form, start), **kwargs)

    return act(post, done="Sheet posted.", default=_sheets())


@bp.post("/sheets/<sheet_id>/edit")
def edit_sheet(sheet_id: str) -> ResponseReturnValue:
    target, form = parse_id(sheet_id), request.form

    def change(**kwargs: Any) -> Outcome:
        sheet = services().app.sheet(target)
        start = local_moment(form.get("starts_at"), "starts_at")
        changes = {
            "title": form.get("title", ""), "starts_at": start,
            "ends_at": _end(form, start) or start + (sheet.ends_at - sheet.starts_at),
            "location": form.get("location", ""),
            "capacity": _capacity(sheet.kind, form.get("capacity")),
            "description": form.get("description", ""),
            "meeting_point": form.get("meeting_point", ""),
        }
        return services().app.change_sheet(target, changes, **kwargs)

    return act(change, done="Sheet changed.", default=_sheets())


@bp.post("/sheets/<sheet_id>/close")
def close_sheet(sheet_id: str) -> ResponseReturnValue:
    return act(services().app.close_sheet, parse_id(sheet_id),
               done="Sheet closed: no more names are taken.", default=_sheets())


@bp.post("/sheets/<sheet_id>/reopen")
def reopen_sheet(sheet_id: str) -> ResponseReturnValue:
    return act(services().app.reopen_sheet, parse_id(sheet_id),
               done="Sheet open again.", default=_sheets())


@bp.post("/sheets/<sheet_id>/cancel")
def cancel_sheet(sheet_id: str) -> ResponseReturnValue:
    return act(services().app.cancel_sheet, parse_id(sheet_id),
               request.form.get("reason") or None, done="Sheet cancelled.",
               default=_sheets())


@bp.post("/sheets/<sheet_id>/entries/<person_id>/remove")
def remove_entry(sheet_id: str, person_id: str) -> ResponseReturnValue:
    return act(services().app.remove_entry, parse_id(sheet_id), parse_id(person_id),
               by_manager=True, done="Name taken off the sheet.", default=_sheets())


@bp.post("/sheets/<sheet_id>/entries/<person_id>/outcome")
def mark_talk(sheet_id: str, person_id: str) -> ResponseReturnValue:
    outcome = request.form.get("outcome", "")
    return act(services().app.mark_talk, parse_id(sheet_id), parse_id(person_id),
               outcome, done=f"Talk marked {outcome}." if outcome in ("given", "skipped")
               else "Talk marked.", default=_sheets())


@bp.post("/sheets/<sheet_id>/move")
def move_talk(sheet_id: str) -> ResponseReturnValue:
    """One talk a place earlier or later in the speaking order."""
    target = parse_id(sheet_id)
    person = parse_id(request.form.get("person_id", ""))
    direction = request.form.get("direction", "")

    def move(**kwargs: Any) -> Outcome:
        if direction not in ("up", "down"):
            raise InvalidInput("'direction' must be up or down.")
        # The order as stored now (not as the page showed it): a name added since
        # keeps its place.
        order = [e["person_id"] for e in services().app.sheet(target).entries]
        if person.hex not in order:
            raise NotFound("That name is not on this sheet.")
        here = order.index(person.hex)
        there = here - 1 if direction == "up" else here + 1
        if not 0 <= there < len(order):
            raise InvalidInput("That talk is " + ("first" if direction == "up" else "last")
                               + " already.")
        order[here], order[there] = order[there], order[here]
        return services().app.reorder_talks(target, [UUID(hex=p) for p in order], **kwargs)

    return act(move, done="Speaking order changed.", default=_sheets())


@bp.post("/sheets/<sheet_id>/order")
def reorder_talks(sheet_id: str) -> ResponseReturnValue:
    """The whole speaking order at once: a number for each talk (ties keep their order)."""
    target = parse_id(sheet_id)
    people, places = request.form.getlist("person_id"), request.form.getlist("place")

    def reorder(**kwargs: Any) -> Outcome:
        if not people or len(people) != len(places):
            raise InvalidInput("Give a place in the order for every talk.")
        ranked = []
        for index, (raw, place) in enumerate(zip(people, places, strict=True)):
            person = validation.identifier(raw)
            if person is None:
                raise InvalidInput("'person_id' must be a person's id.")
            ranked.append((validation.whole_number(place, "place", minimum=1,
                                                   maximum=10_000), index, person))
        order = [person for _place, _index, person in sorted(ranked)]
        return services().app.reorder_talks(target, order, **kwargs)

    return act(reorder, done="Speaking order changed.", default=_sheets())
