"""Sign-up sheets: lightning talks, dinner groups and sprint projects; entries on them;
what the owner or an organizer does to a sheet, and a lightning session's order."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from flask import jsonify, request
from flask.typing import ResponseReturnValue

from coordinator import validation
from coordinator.core.commands import Outcome
from coordinator.errors import InvalidInput
from coordinator.sheets.commands import kind_of
from web.api.blueprint import api
from web.api.requests import (
    Caller,
    answer,
    body,
    caller,
    organizer,
    parse_id,
    person,
    require,
)
from web.services import services

# The board's fields the contract names, and a few a screen needs besides.
FIELDS = ("id", "kind", "title", "starts_at", "ends_at", "location", "meeting_point",
          "description", "capacity", "closed", "taken", "places_left", "owner", "entries")


def _manager(who: Caller) -> UUID | None:
    """The person acting as the sheet's owner, or None for an organizer (the command
    checks that this person owns the sheet)."""
    return None if who.is_organizer else person()


@api.get("/sheets")
def list_sheets() -> ResponseReturnValue:
    kind = request.args.get("kind")
    if kind is not None:
        kind = kind_of(kind)
    position, data = services().boards.board("sheets")
    sheets = [{k: s[k] for k in FIELDS} for s in data["sheets"]
              if kind is None or s["kind"] == kind]
    return jsonify(sheets=sheets, position=position)


@api.post("/sheets")
def post_sheet() -> ResponseReturnValue:
    who = caller()
    owner = _manager(who)
    data = body()
    require(data, "kind", "title", "starts_at", "location")
    return answer(services().app.post_sheet, data["kind"], data["title"], data["starts_at"],
                  data["location"], data.get("capacity"), data.get("description"),
                  data.get("meeting_point"), data.get("ends_at"), owner_id=owner,
                  who=who, status=201)


def _managed(command: Callable[..., Outcome], sheet_id: str,
             read: Callable[[], tuple[Any, ...]] = tuple) -> ResponseReturnValue:
    """A command on a sheet by its owner or an organizer (``person_id`` None); the
    body is ``read`` once the caller is known, so a stranger is refused first."""
    who = caller()
    by = _manager(who)
    return answer(command, parse_id(sheet_id, "sheet"), *read(), person_id=by, who=who)


@api.patch("/sheets/<sheet_id>")
def change_sheet(sheet_id: str) -> ResponseReturnValue:
    return _managed(services().app.change_sheet, sheet_id, lambda: (body(),))


@api.post("/sheets/<sheet_id>/close")
def close_sheet(sheet_id: str) -> ResponseReturnValue:
    return _managed(services().app.close_sheet, sheet_id)


@api.post("/sheets/<sheet_id>/reopen")
def reopen_sheet(sheet_id: str) -> ResponseReturnValue:
    return _managed(services().app.reopen_sheet, sheet_id)


@api.delete("/sheets/<sheet_id>")
def cancel_sheet(sheet_id: str) -> ResponseReturnValue:
    return _managed(services().app.cancel_sheet, sheet_id, lambda: (body().get("reason"),))


@api.post("/sheets/<sheet_id>/entries")
def add_entry(sheet_id: str) -> ResponseReturnValue:
    me = person()
    return answer(services().app.add_entry, parse_id(sheet_id, "sheet"), me,
                  body().get("title"), who=caller(), status=201)


@api.delete("/sheets/<sheet_id>/entries/me")
def remove_my_entry(sheet_id: str) -> ResponseReturnValue:
    me = person()
    return answer(services().app.remove_entry, parse_id(sheet_id, "sheet"), me, who=caller())


@api.delete("/sheets/<sheet_id>/entries/<person_id>")
def remove_entry(sheet_id: str, person_id: str) -> ResponseReturnValue:
    """The owner or an organizer takes someone's name off."""
    who = caller()
    by = _manager(who)
    return answer(services().app.remove_entry, parse_id(sheet_id, "sheet"),
                  parse_id(person_id, "person"), manager_id=by,
                  by_manager=who.is_organizer, who=who)


@api.put("/sheets/<sheet_id>/order")
def reorder_talks(sheet_id: str) -> ResponseReturnValue:
    who = organizer()
    data = body()
    require(data, "order")
    order: Any = data["order"]
    if not isinstance(order, list):
        raise InvalidInput("'order' must be a list of person ids.")
    return answer(services().app.reorder_talks, parse_id(sheet_id, "sheet"),
                  [_person_id(p) for p in order], who=who)


@api.post("/sheets/<sheet_id>/entries/<person_id>/outcome")
def mark_talk(sheet_id: str, person_id: str) -> ResponseReturnValue:
    who = organizer()
    data = body()
    require(data, "outcome")
    return answer(services().app.mark_talk, parse_id(sheet_id, "sheet"),
                  parse_id(person_id, "person"), data["outcome"], who=who)


def _person_id(value: Any) -> UUID:
    """An id in a list: anything else is bad input, not a missing person."""
    found = validation.identifier(value)
    if found is None:
        raise InvalidInput("'order' must be a list of person ids.")
    return found
