"""The announcements board: organizers' news not withdrawn and not yet over.

Whether one is in force depends on the clock, which a fold does not read: the board
lists each with ``posted_at`` and ``until``, and screens show those in force by their
own clock (``in_force`` does it for the server's pages and the API). Ended ones are
dropped from the state as later announcement events are folded, so it stays small.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from coordinator.announcements.aggregate import Announcement
from projections.boards.base import Handler, Projection, State, iso


def _prune(state: State, now: datetime) -> None:
    over = [k for k, a in state["announcements"].items()
            if a["until"] is not None and datetime.fromisoformat(a["until"]) <= now]
    for key in over:
        del state["announcements"][key]


def _posted(state: State, e: Any) -> None:
    _prune(state, e.timestamp)
    state["announcements"][e.originator_id.hex] = {
        "id": e.originator_id.hex, "text": e.text,
        "posted_at": iso(e.posted_at), "until": iso(e.until),
    }


def _changed(state: State, e: Any) -> None:
    announcement = state["announcements"].get(e.originator_id.hex)
    if announcement is not None:
        announcement.update(text=e.text, until=iso(e.until))
    _prune(state, e.timestamp)


def _withdrawn(state: State, e: Any) -> None:
    state["announcements"].pop(e.originator_id.hex, None)


def in_force(announcements: list[dict[str, Any]], now: datetime) -> list[dict[str, Any]]:
    return [a for a in announcements
            if datetime.fromisoformat(a["posted_at"]) <= now
            and (a["until"] is None or now < datetime.fromisoformat(a["until"]))]


class AnnouncementsProjection(Projection):
    name = "announcements"
    handlers: ClassVar[dict[type, Handler]] = {
        Announcement.Posted: _posted,
        Announcement.Changed: _changed,
        Announcement.Withdrawn: _withdrawn,
    }

    def initial(self) -> State:
        return {"announcements": {}}

    def query(self, state: State, **params: Any) -> dict[str, Any]:
        items = sorted(state["announcements"].values(),
                       key=lambda a: (a["posted_at"], a["id"]), reverse=True)
        return {"announcements": [dict(a) for a in items]}

    def patches(self, state: State, event: Any) -> list[tuple[str, dict[str, Any]]]:
        if type(event) not in self.handlers:
            return []
        announcement = state["announcements"].get(event.originator_id.hex)
        if announcement is None:
            return [(self.name, {"removed": event.originator_id.hex})]
        return [(self.name, {"announcement": dict(announcement)})]
