"""The sheets board: lightning-talk sessions, dinner groups and sprint projects, with
their entries in order and the places left."""

from __future__ import annotations

from typing import Any, ClassVar

from coordinator.sheets.aggregate import Sheet
from projections.boards.base import Handler, Projection, State, hex_id, iso


def _posted(state: State, e: Any) -> None:
    owner = None if e.owner_id is None else {"id": e.owner_id, "name": e.owner_name}
    state["sheets"][e.originator_id.hex] = {
        "id": e.originator_id.hex, "kind": e.kind, "title": e.title,
        "starts_at": iso(e.starts_at), "ends_at": iso(e.ends_at),
        "location": e.location, "meeting_point": e.meeting_point,
        "description": e.description, "capacity": e.capacity, "owner": owner,
        "entries": [], "closed": False, "cancelled": False, "cancel_reason": "",
    }


def _sheet(state: State, e: Any) -> dict[str, Any]:
    return state["sheets"][e.originator_id.hex]


def _entry_added(state: State, e: Any) -> None:
    entry: dict[str, Any] = {"person_id": hex_id(e.person_id), "name": e.name}
    if e.title is not None:
        entry["title"] = e.title
    _sheet(state, e)["entries"].append(entry)


def _entry_removed(state: State, e: Any) -> None:
    sheet = _sheet(state, e)
    person = hex_id(e.person_id)
    sheet["entries"] = [x for x in sheet["entries"] if x["person_id"] != person]


def _reordered(state: State, e: Any) -> None:
    sheet = _sheet(state, e)
    by_person = {x["person_id"]: x for x in sheet["entries"]}
    sheet["entries"] = [by_person[p] for p in e.order]


def _talk_marked(state: State, e: Any) -> None:
    person = hex_id(e.person_id)
    for entry in _sheet(state, e)["entries"]:
        if entry["person_id"] == person:
            entry["outcome"] = e.outcome


def _changed(state: State, e: Any) -> None:
    sheet = _sheet(state, e)
    for key, value in e.changes.items():
        sheet[key] = iso(value) if key in ("starts_at", "ends_at") else value


def _closed(state: State, e: Any) -> None:
    _sheet(state, e)["closed"] = True


def _reopened(state: State, e: Any) -> None:
    _sheet(state, e)["closed"] = False


def _cancelled(state: State, e: Any) -> None:
    _sheet(state, e).update(cancelled=True, cancel_reason=e.reason)


def public(sheet: dict[str, Any]) -> dict[str, Any]:
    capacity = sheet["capacity"]
    taken = len(sheet["entries"])
    entries = [dict(x) for x in sheet["entries"]]
    if sheet["kind"] == "lightning_talks":
        # Where each talk still to come stands: 1 is up next.
        waiting = 0
        for entry in entries:
            if not entry.get("outcome"):
                waiting += 1
                entry["queue_position"] = waiting
    return {
        **{k: sheet[k] for k in ("id", "kind", "title", "starts_at", "ends_at", "location",
                                 "meeting_point", "description", "capacity", "closed")},
        "owner": dict(sheet["owner"]) if sheet["owner"] else None,
        "taken": taken,
        "places_left": None if capacity is None else max(0, capacity - taken),
        "entries": entries,
    }


class SheetsProjection(Projection):
    name = "sheets"
    handlers: ClassVar[dict[type, Handler]] = {
        Sheet.Posted: _posted,
        Sheet.EntryAdded: _entry_added,
        Sheet.EntryRemoved: _entry_removed,
        Sheet.Reordered: _reordered,
        Sheet.TalkMarked: _talk_marked,
        Sheet.Changed: _changed,
        Sheet.Closed: _closed,
        Sheet.Reopened: _reopened,
        Sheet.Cancelled: _cancelled,
    }

    def initial(self) -> State:
        return {"sheets": {}}

    def query(self, state: State, **params: Any) -> dict[str, Any]:
        kind = params.get("kind")
        sheets = [public(s) for s in state["sheets"].values()
                  if not s["cancelled"] and (kind is None or s["kind"] == kind)]
        sheets.sort(key=lambda s: (s["starts_at"], s["title"], s["id"]))
        return {"sheets": sheets}

    def patches(self, state: State, event: Any) -> list[tuple[str, dict[str, Any]]]:
        if type(event) not in self.handlers:
            return []
        sheet = state["sheets"][event.originator_id.hex]
        if sheet["cancelled"]:
            return [(self.name, {"removed": sheet["id"]})]
        return [(self.name, {"sheet": public(sheet)})]
