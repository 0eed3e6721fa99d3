"""A person's shifts as an iCalendar file, for phones' calendar apps."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from icalendar import Calendar, Event

from coordinator.shifts.aggregate import Shift


def shifts_calendar(shifts: Iterable[Shift], conference_name: str) -> bytes:
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
    return calendar.to_ical()
