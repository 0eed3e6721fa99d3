"""Every event in words ("Ana claimed Room 3 at Fri 15:00: 'Packaging in 2027'"), and
what it is about (its subjects: a person, a shift, a booth, a slot, a room, a sheet, an
announcement).

Words are made when an event is indexed, from a ``Directory`` of the names and
facts known at that moment (a slot's room and time, a session's topic, a booth's
holder), so the history says what was true then, not what is true now. Pure: the
same events in the same order give the same words. A sentence is a list of parts:
plain text, or ``{"k": KIND, "id": HEX, "t": LABEL}`` for a thing with its own page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from projections.history.describe import WORDS as PEOPLE_AND_SHIFT_WORDS
from projections.history.directory import Directory, Part
from projections.history.places import WORDS as PLACE_WORDS
from projections.history.registry import Describe
from projections.history.sheets import WORDS as SHEET_WORDS

KINDS = {"Person": "person", "Shift": "shift", "Booth": "booth", "OpenSpaceSlot": "slot",
         "Conference": "conference", "IdempotencyRecord": "record", "Sheet": "sheet",
         "Announcement": "announcement"}
# Events that repeat another event's news for the store's own bookkeeping.
BOOKKEEPING = {"IdempotencyRecord.Answered", "Person.ShiftCommitted",
               "Person.CommitmentMoved", "Person.ShiftReleased"}
# Every event type's words; a type missing here is told generically ("Booth: Renamed").
DESCRIBE: dict[str, Describe] = {**PEOPLE_AND_SHIFT_WORDS, **PLACE_WORDS, **SHEET_WORDS}


@dataclass
class Entry:
    type: str
    subjects: list[str]  # "person:HEX", "shift:HEX", ...
    parts: list[Part]
    by: str | None


def describe(event: dict[str, Any], directory: Directory) -> Entry:
    """Words and subjects for one event (``event_log.event_to_dict(..., plain=True)``),
    updating ``directory`` with what the event tells."""
    kind = event["type"].partition(".")[0]
    subject_kind = KINDS.get(kind)
    data = event["data"]
    subjects = [f"{subject_kind}:{event['aggregate_id']}"] if subject_kind not in (
        None, "conference", "record") else []
    handler = DESCRIBE.get(event["type"])
    if handler is None:
        parts: list[Part] = [directory.ref(subject_kind or "thing", event["aggregate_id"],
                                           kind), f": {event['type'].partition('.')[2]}"]
    else:
        parts = handler(event["aggregate_id"], data, directory)
    for part in parts:
        if isinstance(part, dict):
            subject = f"{part['k']}:{part['id']}"
            if subject not in subjects:
                subjects.append(subject)
    by = data.get("by")
    return Entry(event["type"], subjects, parts, by if isinstance(by, str) else None)


def text_of(parts: list[Part]) -> str:
    return "".join(p if isinstance(p, str) else p["t"] for p in parts)
