"""A person's shifts, and the sheets they joined or posted, as an iCalendar file, for
phones' calendar apps."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from icalendar import Calendar, Event

from coordinator.shifts.aggregate import Shift

SHEET_WORDS = {"lightning_talks": "Lightning talks", "dinner": "Dinner", "sprint": "Sprint"}


def sheets_of(sheets: Iterable[dict[str, Any]], person_hex: str) -> list[dict[str, Any]]:
    """The sheets (as the ``sheets`` board lists them) a person is on or owns."""
    return [s for s in sheets
            if (s["owner"] and s["owner"]["id"] == person_hex)
            or any(e["person_id"] == person_hex for e in s["entries"])]


def _sheet_event(sheet: dict[str, Any], person_hex: str, conference_name: str,
                 stamp: datetime) -> Event:
    entry = Event()
    entry.add("uid", f"sheet-{sheet['id']}@coordinator")
    entry.add("dtstamp", stamp)
    entry.add("dtstart", datetime.fromisoformat(sheet["starts_at"]).astimezone(UTC))
    entry.add("dtend", datetime.fromisoformat(sheet["ends_at"]).astimezone(UTC))
    entry.add("summary", f"{SHEET_WORDS[sheet['kind']]}: {sheet['title']} ({conference_name})")
    place = sheet["location"]
    if sheet.get("meeting_point"):
        place = f"{place} (meet: {sheet['meeting_point']})"
    entry.add("location", place)
    lines = []
    mine = next((e for e in sheet["entries"] if e["person_id"] == person_hex), None)
    if mine and mine.get("title"):
        lines.append(f"Your talk: {mine['title']}")
    if sheet.get("description"):
        lines.append(sheet["description"])
    if lines:
        entry.add("description", "\n".join(lines))
    return entry


def shifts_calendar(shifts: Iterable[Shift], conference_name: str,
                    sheets: Iterable[dict[str, Any]] = (), person_hex: str = "") -> bytes:
    """The shifts, then ``sheets`` (board entries, see ``sheets_of``) for ``person_hex``."""
    calendar = Calendar()
    calendar.add("prodid", "-//Coordinator//volunteer shifts//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{conference_name}: my shifts")
    stamp = datetime.now(UTC)
    for shift in shifts:
        entry = Event()
        entry.add("uid", f"shift-{shift.id.hex}@coordinator")
        entry.add("dtstamp", stamp)
        # In UTC ("...Z"): a fixed offset has no time zone name that calendar apps know
        # ('TZID="UTC-04:00"' without a VTIMEZONE is read as local or floating time).
        entry.add("dtstart", shift.starts_at.astimezone(UTC))
        entry.add("dtend", shift.ends_at.astimezone(UTC))
        entry.add("summary", f"{shift.role} shift ({conference_name})")
        entry.add("location", shift.location)
        if shift.description:
            entry.add("description", shift.description)
        calendar.add_component(entry)
    for sheet in sheets:
        calendar.add_component(_sheet_event(sheet, person_hex, conference_name, stamp))
    return calendar.to_ical()
