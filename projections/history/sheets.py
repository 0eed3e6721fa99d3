"""Words for sign-up sheet and announcement events (see ``registry``)."""

from __future__ import annotations

from typing import Any

from projections.history.directory import Directory, Part
from projections.history.registry import Words, quoted

WORDS = Words()
on = WORDS.on

KIND_WORDS = {"lightning_talks": "Lightning talks", "dinner": "Dinner group",
              "sprint": "Sprint"}
CHANGE_WORDS = {"title": "title", "starts_at": "start", "ends_at": "end",
                "location": "place", "capacity": "places", "description": "description",
                "meeting_point": "meeting point"}


def _sheet(directory: Directory, ident: str) -> Part:
    return directory.ref("sheet", ident, "a sheet")


def _label(kind: str, title: str) -> str:
    return f"{KIND_WORDS.get(kind, 'Sheet')} '{title}'"


@on("Sheet.Posted")
def _posted(ident: str, d: dict[str, Any], directory: Directory) -> list[Part]:
    directory.put("sheet", ident, _label(d["kind"], d["title"]), sheet_kind=d["kind"])
    places = f" for {d['capacity']}" if d.get("capacity") else ""
    where = f" at {d['location']}, {directory.at(d.get('starts_at'))}"
    owner = d.get("owner_id")
    lead: list[Part] = ([directory.ref("person", owner, d.get("owner_name") or "someone"),
                         " posted "] if owner else ["An organizer posted "])
    return [*lead, _sheet(directory, ident), where + places]


@on("Sheet.EntryAdded")
def _entry_added(ident: str, d: dict[str, Any], directory: Directory) -> list[Part]:
    return [directory.ref("person", d["person_id"], d.get("name") or "someone"),
            " put their name on ", _sheet(directory, ident), quoted(d.get("title"))]


@on("Sheet.EntryRemoved")
def _entry_removed(ident: str, d: dict[str, Any], directory: Directory) -> list[Part]:
    person = directory.ref("person", d["person_id"], "someone")
    if d.get("by_manager"):
        return [person, " was taken off ", _sheet(directory, ident)]
    return [person, " took their name off ", _sheet(directory, ident)]


@on("Sheet.Reordered")
def _reordered(ident: str, d: dict[str, Any], directory: Directory) -> list[Part]:
    parts: list[Part] = ["The speaking order of ", _sheet(directory, ident), " changed: "]
    for place, person in enumerate(d.get("order") or [], start=1):
        parts += [", " if place > 1 else "", f"{place}. ",
                  directory.ref("person", person, "someone")]
    return parts


@on("Sheet.TalkMarked")
def _talk_marked(ident: str, d: dict[str, Any], directory: Directory) -> list[Part]:
    return [directory.ref("person", d["person_id"], "someone"), "'s talk on ",
            _sheet(directory, ident), f" was marked {d.get('outcome')}"]


@on("Sheet.Changed")
def _changed(ident: str, d: dict[str, Any], directory: Directory) -> list[Part]:
    before = _sheet(directory, ident)
    changes = d.get("changes") or {}
    if "title" in changes:
        kind = directory.get("sheet", ident)["data"].get("sheet_kind", "")
        directory.put("sheet", ident, _label(kind, changes["title"]))
    said = []
    for key, value in changes.items():
        shown = directory.at(value) if key in ("starts_at", "ends_at") else value
        said.append(f"{CHANGE_WORDS.get(key, key)} '{shown}'" if shown not in (None, "")
                    else f"no {CHANGE_WORDS.get(key, key)}")
    return [before, " changed: " + ", ".join(said)]


@on("Sheet.Closed")
def _closed(ident: str, _: dict[str, Any], directory: Directory) -> list[Part]:
    return [_sheet(directory, ident), " closed to new names"]


@on("Sheet.Reopened")
def _reopened(ident: str, _: dict[str, Any], directory: Directory) -> list[Part]:
    return [_sheet(directory, ident), " open to new names again"]


@on("Sheet.Cancelled")
def _cancelled(ident: str, d: dict[str, Any], directory: Directory) -> list[Part]:
    return [_sheet(directory, ident), " cancelled" + quoted(d.get("reason"))]


# -- announcements --------------------------------------------------------------------


def _announcement_label(text: str) -> str:
    return f"'{text[:60]}…'" if len(text) > 60 else f"'{text}'"


def _until(directory: Directory, until: str | None) -> str:
    return f" (until {directory.at(until)})" if until else ""


@on("Announcement.Posted")
def _announced(ident: str, d: dict[str, Any], directory: Directory) -> list[Part]:
    directory.put("announcement", ident, _announcement_label(d["text"]))
    return ["Announcement ", directory.ref("announcement", ident, "an announcement"),
            " posted" + _until(directory, d.get("until"))]


@on("Announcement.Changed")
def _announcement_changed(ident: str, d: dict[str, Any], directory: Directory) -> list[Part]:
    before = directory.ref("announcement", ident, "an announcement")
    directory.put("announcement", ident, _announcement_label(d["text"]))
    return ["Announcement ", before, f" now reads '{d['text']}'"
            + _until(directory, d.get("until"))]


@on("Announcement.Withdrawn")
def _withdrawn(ident: str, _: dict[str, Any], directory: Directory) -> list[Part]:
    return ["Announcement ", directory.ref("announcement", ident, "an announcement"),
            " withdrawn"]
