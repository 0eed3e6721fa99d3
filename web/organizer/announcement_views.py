"""Announcements (``/organizer/announcements``): organizers' short news for every
screen. Post one (with an optional end, in the conference's time zone), change its
text or end, withdraw it; each a plain form running one command."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import request, url_for
from flask.typing import ResponseReturnValue

from coordinator.announcements.commands import TEXT_LIMIT
from coordinator.core.commands import Outcome
from projections.boards.overview import States
from web.organizer.blueprint import bp
from web.organizer.common import act, local_moment, now, parse_id, read, render
from web.services import services


def _until(text: str | None) -> datetime | None:
    """An end typed in the form; left empty, the announcement stays until withdrawn."""
    return local_moment(text, "until") if (text or "").strip() else None


def by_state(states: States, moment: datetime) -> dict[str, list[dict[str, Any]]]:
    """What the board holds, as the screens see it at ``moment``: in force, not yet
    (posted with a later time), and over (the board drops those as it goes)."""
    groups: dict[str, list[dict[str, Any]]] = {"in_force": [], "scheduled": [], "ended": []}
    items = sorted(states["announcements"]["announcements"].values(),
                   key=lambda a: (a["posted_at"], a["id"]), reverse=True)
    for item in items:
        if datetime.fromisoformat(item["posted_at"]) > moment:
            groups["scheduled"].append(dict(item))
        elif item["until"] is not None and datetime.fromisoformat(item["until"]) <= moment:
            groups["ended"].append(dict(item))
        else:
            groups["in_force"].append(dict(item))
    return groups


def _announcements() -> str:
    return url_for("organizer.announcements")


@bp.get("/announcements")
def announcements() -> ResponseReturnValue:
    moment = now()
    return render("organizer/announcements.html", active="announcements",
                  limit=TEXT_LIMIT, **read(lambda states: by_state(states, moment)))


@bp.post("/announcements")
def post_announcement() -> ResponseReturnValue:
    def post(**kwargs: Any) -> Outcome:
        return services().app.post_announcement(
            request.form.get("text", ""), _until(request.form.get("until")), **kwargs)

    return act(post, done="Announcement posted: every screen shows it now.",
               default=_announcements())


@bp.post("/announcements/<announcement_id>/edit")
def edit_announcement(announcement_id: str) -> ResponseReturnValue:
    target = parse_id(announcement_id)

    def change(**kwargs: Any) -> Outcome:
        return services().app.change_announcement(
            target, request.form.get("text", ""), _until(request.form.get("until")),
            **kwargs)

    return act(change, done="Announcement changed.", default=_announcements())


@bp.post("/announcements/<announcement_id>/withdraw")
def withdraw_announcement(announcement_id: str) -> ResponseReturnValue:
    return act(services().app.withdraw_announcement, parse_id(announcement_id),
               done="Announcement withdrawn: the screens no longer show it.",
               default=_announcements())
