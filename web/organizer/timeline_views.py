"""Time travel (``/organizer/timeline``): every board exactly as it was after any event.

``?at=POSITION`` (after every event at or before it) or ``?as_of=TIME`` (after every
event stored by then; ISO-8601 with an offset, or a local time in the conference's
time zone) — a link that can be shared. The boards come from
``ProjectionRunner.states_at``: the nearest checkpoint before that point, folded
forward: the open-space grid, the shifts and booths, the sign-up sheets, and the
announcements in force at that moment. They are drawn read-only, with a banner
saying so; the scrubber and the step links move through the log event by event.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import request, url_for
from flask.typing import ResponseReturnValue

from coordinator import validation
from coordinator.errors import InvalidInput
from projections.boards.announcements import in_force
from projections.boards.base import State
from projections.boards.overview import when
from projections.history.query import Filters
from web.organizer.blueprint import bp
from web.organizer.common import local_moment, now, render, time_zone
from web.organizer.history_views import shown_rows, still_indexing
from web.services import services
from web.shared.days import BadDay, pick_day
from web.shared.history import history_index

BOARDS = ("open-space", "shifts", "booths", "sheets", "announcements")


def boards_at(states: dict[str, State]) -> dict[str, dict[str, Any]]:
    """The public boards (as ``GET /boards/BOARD`` answers them) from folded states."""
    projections = services().boards.projections
    return {name: projections[name].query(states[name]) for name in BOARDS}


def grid(space: dict[str, Any], day: str) -> dict[str, Any]:
    """The open-space board for one local day: rooms across, start times down."""
    tz = time_zone()
    rooms = space["rooms"]
    slots = [s for s in space["slots"]
             if when(s["starts_at"]).astimezone(tz).date().isoformat() == day]
    times = sorted({s["starts_at"] for s in slots}, key=when)
    cells = {(s["starts_at"], s["room_id"]): s for s in slots}
    return {"rooms": rooms, "rows": [{"starts_at": t, "cells": [cells.get((t, r["id"]))
                                                                for r in rooms]}
                                     for t in times]}


def _target() -> tuple[int | None, datetime | None]:
    at, as_of = request.args.get("at", "").strip(), request.args.get("as_of", "").strip()
    if at and as_of:
        raise InvalidInput("Give 'at' or 'as_of', not both.")
    if at:
        return validation.whole_number(at, "at"), None
    if as_of:
        return None, local_moment(as_of, "as_of")
    return None, None


@bp.get("/timeline")
def timeline() -> ResponseReturnValue:
    runner, index = services().boards, history_index()
    waiting = still_indexing(index)
    if waiting is not None:
        return waiting
    last = index.catch_up()
    error = None
    try:
        position, moment = _target()
    except InvalidInput as problem:
        error, position, moment = problem.message, None, None
    if position is None and moment is None:
        position = last
    reached, states = runner.states_at(position, moment)
    data = boards_at(states)
    event = index.query(Filters(), before=reached + 1, limit=1) if reached else []
    shown = shown_rows(event)[0] if event else None
    stamp = datetime.fromisoformat(event[0].timestamp) if event else now()
    tz = time_zone()
    starts = [s["starts_at"] for s in data["open-space"]["slots"]] + \
        [s["starts_at"] for s in data["shifts"]["shifts"]]
    try:
        day = pick_day(request.args.get("day"), starts, tz, stamp)
    except BadDay:
        day = pick_day(None, starts, tz, stamp)
    previous, following = index.neighbours(reached)
    shifts = [s for s in data["shifts"]["shifts"]
              if when(s["starts_at"]).astimezone(tz).date() == day]
    days = sorted({when(t).astimezone(tz).date().isoformat() for t in starts})
    return render(
        "organizer/timeline.html", active="timeline", status=400 if error else 200,
        error=error, reached=reached, last=last, event=shown,
        moment=stamp.astimezone(tz), day=day.isoformat(), days=days,
        grid=grid(data["open-space"], day.isoformat()), shifts=shifts,
        booths=data["booths"]["booths"], sheets=data["sheets"]["sheets"],
        announcements=in_force(data["announcements"]["announcements"], stamp),
        as_of=request.args.get("as_of", ""),
        previous=url_for("organizer.timeline", at=previous, day=day.isoformat())
        if previous is not None else (url_for("organizer.timeline", at=0) if reached else None),
        following=url_for("organizer.timeline", at=following, day=day.isoformat())
        if following is not None else None,
        share=url_for("organizer.timeline", at=reached, _external=True))
