"""Announcements: organizers' short news; anyone reads those in force."""

from __future__ import annotations

from flask import jsonify
from flask.typing import ResponseReturnValue

from projections.boards.announcements import in_force
from web.api.blueprint import api
from web.api.requests import answer, body, organizer, parse_id, require
from web.services import services


@api.get("/announcements")
def list_announcements() -> ResponseReturnValue:
    position, data = services().boards.board("announcements")
    # The board keeps ended ones until a later event prunes them: the clock decides.
    current = in_force(data["announcements"], services().app.clock())
    return jsonify(announcements=current, position=position)


@api.post("/announcements")
def post_announcement() -> ResponseReturnValue:
    who = organizer()
    data = body()
    require(data, "text")
    return answer(services().app.post_announcement, data["text"], data.get("until"),
                  who=who, status=201)


@api.patch("/announcements/<announcement_id>")
def change_announcement(announcement_id: str) -> ResponseReturnValue:
    """New text and end; an end left out (or null) means until withdrawn."""
    who = organizer()
    data = body()
    require(data, "text")
    return answer(services().app.change_announcement,
                  parse_id(announcement_id, "announcement"), data["text"], data.get("until"),
                  who=who)


@api.delete("/announcements/<announcement_id>")
def withdraw_announcement(announcement_id: str) -> ResponseReturnValue:
    who = organizer()
    return answer(services().app.withdraw_announcement,
                  parse_id(announcement_id, "announcement"), who=who)
