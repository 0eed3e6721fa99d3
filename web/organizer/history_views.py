"""The history browser (``/organizer/history``): every event in words, newest first,
filtered by type, person, shift, booth, slot, who did it and time; and one thing's
whole history on its own page (``/organizer/history/KIND/ID``).

Pages go by position (``before=P`` for older, ``after=P`` for newer), so links to a
page stay right while new events arrive. The index is kept in the store
(``projections.history.index``) and caught up on each visit.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import abort, request, url_for
from flask.typing import ResponseReturnValue

from coordinator import validation
from coordinator.errors import InvalidInput
from projections.engine.runner import utc_key
from projections.history.index import LAG_LIMIT, HistoryIndex, Row
from projections.history.query import Filters
from projections.history.words import DESCRIBE
from web.organizer.blueprint import bp
from web.organizer.common import local_moment, render, time_zone
from web.shared.history import history_index

PAGE = 50
KINDS = {"person": "Person", "shift": "Shift", "booth": "Booth", "slot": "Open-space slot",
         "room": "Room", "sheet": "Sign-up sheet", "announcement": "Announcement"}
FILTER_KINDS = ("person", "shift", "booth", "slot", "sheet", "announcement")


def still_indexing(index: HistoryIndex) -> ResponseReturnValue | None:
    """A page that waits while the index catches up with a long log (after an import, a
    rebuild or a new version), instead of a request that takes a minute."""
    if index.behind() <= LAG_LIMIT:
        return None
    index.catch_up_in_background()
    done, total = index.progress
    return render("organizer/indexing.html", active="history", done=done, total=total)


def _position(name: str) -> int | None:
    raw = request.args.get(name, "")
    if not raw:
        return None
    return validation.whole_number(raw, name)


def _moment(name: str) -> str | None:
    raw = request.args.get(name, "").strip()
    return utc_key(local_moment(raw, name)) if raw else None


def _person(index: HistoryIndex, text: str) -> tuple[str | None, list[tuple[str, str]]]:
    """A person filter given as an id or (part of) a name: the id, or the candidates."""
    text = text.strip()
    people = index.things("person")
    if any(ident == text for ident, _ in people):
        return text, []
    folded = text.casefold()
    exact = [p for p in people if p[1].casefold() == folded]
    matches = exact or [p for p in people if folded in p[1].casefold()]
    if len(matches) == 1:
        return matches[0][0], []
    return None, matches[:30]


def page_rows(index: HistoryIndex, filters: Filters) -> dict[str, Any]:
    """A page of rows, with the positions for the newer and older links."""
    before, after = _position("before"), _position("after")
    rows = index.query(filters, before=before, after=after, limit=PAGE + 1)
    if after is not None and before is None:
        newer = len(rows) > PAGE
        rows = rows[-PAGE:] if newer else rows
        older = bool(rows)
    else:
        older = len(rows) > PAGE
        rows = rows[:PAGE]
        newer = before is not None and bool(rows)
    return {"rows": shown_rows(rows),
            "newer": _link(after=rows[0].position) if rows and newer else None,
            "newest": _link() if rows and newer else None,
            "older": _link(before=rows[-1].position) if rows and older else None}


def _link(**position: int) -> str:
    """This page again with the same filters, at another position."""
    args = {k: v for k, v in request.args.to_dict(flat=False).items()
            if k not in ("before", "after")}
    return url_for(str(request.endpoint), **(request.view_args or {}), **args, **position)


def shown_rows(rows: list[Row]) -> list[dict[str, Any]]:
    """Rows with their local time, and the day written once where it changes."""
    tz = time_zone()
    shown, last_day = [], None
    for row in rows:
        moment = datetime.fromisoformat(row.timestamp).astimezone(tz) if row.timestamp \
            else None
        day = moment.date() if moment else None
        shown.append({"position": row.position, "type": row.type, "by": row.by,
                      "parts": row.parts, "time": f"{moment:%H:%M:%S}" if moment else "",
                      "day": day if day != last_day else None})
        last_day = day
    return shown


@bp.get("/history")
def history() -> ResponseReturnValue:
    index = history_index()
    waiting = still_indexing(index)
    if waiting is not None:
        return waiting
    args = request.args
    filters = Filters(types=[t for t in args.getlist("type") if t],
                      by=args.get("by") or None,
                      hide_bookkeeping=args.get("bookkeeping") == "hide")
    candidates: list[tuple[str, str]] = []
    error = None
    try:
        filters.since, filters.until = _moment("from"), _moment("to")
        if args.get("person", "").strip():
            person, candidates = _person(index, args["person"])
            filters.subjects.append(f"person:{person}" if person else "person:none")
        for kind in FILTER_KINDS[1:]:
            if args.get(kind):
                filters.subjects.append(f"{kind}:{args[kind]}")
        page = page_rows(index, filters)
    except InvalidInput as problem:
        error, page = problem.message, {"rows": [], "newer": None, "newest": None,
                                        "older": None}
    choices = {kind: index.things(kind) for kind in FILTER_KINDS}
    return render("organizer/history.html", active="history", page=page, args=args,
                  choices=choices, types=sorted(DESCRIBE), candidates=candidates,
                  error=error, status=400 if error else 200)


@bp.get("/history/<kind>/<entity_id>")
def entity_history(kind: str, entity_id: str) -> ResponseReturnValue:
    if kind not in KINDS or len(entity_id) != 32 or not entity_id.isalnum():
        abort(404)
    index = history_index()
    waiting = still_indexing(index)
    if waiting is not None:
        return waiting
    thing = index.thing(kind, entity_id)
    if thing is None:
        abort(404)
    try:
        page = page_rows(index, Filters(subjects=[f"{kind}:{entity_id}"]))
    except InvalidInput:
        abort(400)
    return render("organizer/entity.html", active="history", kind=kind,
                  kind_label=KINDS[kind], entity_id=entity_id, thing=thing, page=page,
                  filter_url=url_for("organizer.history", **{kind: entity_id})
                  if kind in FILTER_KINDS else None)
