"""The set-up file's `lightning_talks` section: an organizer's lightning-talk sessions,
each a sheet people put their talks on (docs/setup-file.md).

Read like the shifts (a day or several, a start and an end, in the conference's time
zone) and stored in the same atomic save as the rest of the file. A session identical
to one already stored (title, place, start, end, talks) is skipped, so loading a file
twice adds nothing; the same title, place and time with another number of talks is
refused.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from coordinator import validation
from coordinator.setup.plan import TalksPlan
from coordinator.sheets.aggregate import Sheet
from coordinator.sheets.commands import MAX_ENTRIES

if TYPE_CHECKING:
    from coordinator.setup.nodes import Value
    from coordinator.setup.reader import Reader

KEYS = ("title", "location", "day", "days", "start", "end", "talks", "description")
KIND = "lightning_talks"


def read_talks(section: Value | None, reader: Reader) -> tuple[TalksPlan, ...]:
    sessions: dict[tuple[str, str, datetime, datetime], TalksPlan] = {}
    for item in section.items("'lightning_talks'") if section else []:
        fields = item.mapping("a lightning-talk session", allowed=KEYS,
                              required=("title", "location", "start", "end", "talks"))
        if ("day" in fields) == ("days" in fields):
            item.fail("a lightning-talk session needs either 'day' (one day) or 'days' "
                      "(a list, or all).")
        title = fields["title"].text("title", limit=validation.TOPIC_LIMIT)
        assert title is not None
        location = fields["location"].name("location")
        talks = fields["talks"].whole("talks", 1, MAX_ENTRIES)
        description = fields["description"].text(
            "description", limit=validation.TEXT_LIMIT, multiline=True, required=False
        ) if "description" in fields else None
        days = (reader.day_list(fields["days"], "days") if "days" in fields
                else [reader.day(fields["day"], "day")])
        for day in days:
            starts_at, ends_at = reader.span(day, fields["start"], fields["end"])
            session = TalksPlan(title, location, starts_at, ends_at, talks,
                                description or "", item.line)
            if session.key in sessions:
                item.fail(f"this repeats the lightning-talk session of line "
                          f"{sessions[session.key].line} (same title, place and time).")
            sessions[session.key] = session
    return tuple(sessions.values())


def new_sessions(plan: tuple[TalksPlan, ...], stored: list[Sheet]
                 ) -> tuple[list[Sheet], int, list[tuple[int, str]]]:
    """The sheets to add, how many sessions are stored already, and the (line, problem)
    of each session stored with another number of talks."""
    known = {(s.title, s.location, s.starts_at, s.ends_at): s for s in stored
             if s.kind == KIND and not s.cancelled}
    new: list[Sheet] = []
    unchanged = 0
    problems: list[tuple[int, str]] = []
    for session in plan:
        existing = known.get(session.key)
        if existing is None:
            new.append(Sheet(kind=KIND, title=session.title, starts_at=session.starts_at,
                             ends_at=session.ends_at, location=session.location,
                             capacity=session.talks, description=session.description,
                             meeting_point="", owner_id=None, owner_name=None))
        elif existing.capacity == session.talks:
            unchanged += 1
        else:
            problems.append((session.line, f"the lightning-talk session '{session.title}' "
                             f"at '{session.location}' {session.starts_at:%Y-%m-%d %H:%M} "
                             f"is already stored for {existing.capacity} talks; change it "
                             "on the organizer page instead."))
    return new, unchanged, problems
