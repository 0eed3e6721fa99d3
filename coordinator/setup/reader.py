"""Reading a composed set-up file's parts: the conference and its calendar, rooms,
booths and shifts, or a ``Problem`` naming the line.

It touches no store: ``setup.file`` does that, and puts the parts together in
``read_plan``. The open-space grid is read by ``setup.grid``; the format is
described in docs/setup-file.md.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from coordinator import validation
from coordinator.errors import InvalidInput
from coordinator.setup.nodes import Fields, Value, parse_clock
from coordinator.setup.plan import BoothPlan, RoomPlan, ShiftPlan

MAX_DAYS = 60
CONFERENCE_KEYS = ("name", "time_zone", "days", "join_code", "cancellation_cutoff_minutes",
                   "claim_closes_minutes_before")
SHIFT_KEYS = ("role", "location", "day", "days", "start", "end", "times", "capacity",
              "description")


class Reader:
    """The conference part of the file, and its calendar: day numbers, dates, local times."""

    def __init__(self, conference: Value, start: date | None) -> None:
        fields = conference.mapping("'conference'", allowed=CONFERENCE_KEYS,
                                    required=("name", "time_zone"))
        self.settings: dict[str, Any] = {"name": fields["name"].name("name")}
        self.zone = _zone(fields["time_zone"])
        self.settings["time_zone"] = self.zone.key
        if "join_code" in fields:
            code = fields["join_code"].text("join_code", required=False)
            self.settings["join_code"] = code or None
        for key in ("cancellation_cutoff_minutes", "claim_closes_minutes_before"):
            if key in fields:
                self.settings[key] = fields[key].whole(key, 0, 60 * 24 * 14)
        self.written_days = self._read_days(fields.get("days"))
        offset = timedelta(0)
        if start is not None:
            if not self.written_days:
                conference.fail("'conference' needs 'days' to be moved to another start date.")
            offset = start - self.written_days[0]
        self.offset = offset
        self.days = tuple(day + offset for day in self.written_days)

    def _read_days(self, value: Value | None) -> tuple[date, ...]:
        if value is None:
            return ()
        days: list[date] = []
        for item in value.items("'days'"):
            day = item.date("days")
            if days and day <= days[-1]:
                item.fail("'days' must be listed in order, each date once.")
            days.append(day)
        if not days or len(days) > MAX_DAYS:
            value.fail(f"'days' must list between 1 and {MAX_DAYS} dates.")
        return tuple(days)

    # -- days and times -----------------------------------------------------------

    def day(self, value: Value, field_name: str) -> date:
        """A day number (1 is the first of 'days') or a date, moved with the conference."""
        if value.looks_like_whole():
            if not self.days:
                value.fail(f"'{field_name}' is a day number, but 'conference' lists no 'days'.")
            return self.days[value.whole(field_name, 1, len(self.days)) - 1]
        written = value.date(field_name)
        if self.written_days and written not in self.written_days:
            value.fail(f"{written} is not one of the conference's 'days'.")
        return written + self.offset

    def day_list(self, value: Value, field_name: str) -> list[date]:
        if not value.is_list and value.scalar(field_name).strip() in ("all", "every day"):
            if not self.days:
                value.fail(f"'{field_name}: all' needs 'days' in 'conference'.")
            return list(self.days)
        if not value.is_list:
            return [self.day(value, field_name)]
        days = [self.day(item, field_name) for item in value.items(f"'{field_name}'")]
        if not days:
            value.fail(f"'{field_name}' must name at least one day.")
        return days

    def moment(self, day: date, clock: time | None, where: Value) -> datetime:
        """A local time on ``day`` in the conference zone; None is midnight after the day."""
        if clock is None:
            day, clock = day + timedelta(days=1), time(0, 0)
        local = datetime.combine(day, clock, tzinfo=self.zone)
        if local.astimezone(UTC).astimezone(self.zone).replace(tzinfo=None) != \
                local.replace(tzinfo=None):
            where.fail(f"{clock:%H:%M} on {day} does not exist in {self.zone.key} "
                       "(the clocks change then).")
        return local

    def span(self, day: date, start: Value, end: Value) -> tuple[datetime, datetime]:
        starts_at = self.moment(day, start.clock("start"), start)
        ends_at = self.moment(day, end.clock("end", allow_midnight_end=True), end)
        if ends_at <= starts_at:
            end.fail(f"'end' ({end.scalar('end')}) must be after 'start' "
                     f"({start.scalar('start')}).")
        return starts_at, ends_at

    # -- sections -------------------------------------------------------------------

    def rooms(self, section: Value | None) -> tuple[RoomPlan, ...]:
        rooms: dict[str, RoomPlan] = {}
        for item in section.items("'rooms'") if section else []:
            fields = item.mapping("a room", allowed=("name", "capacity"),
                                  required=("name", "capacity"))
            name = fields["name"].name("name")
            if name in rooms:
                fields["name"].fail(f"room '{name}' is already listed on line "
                                    f"{rooms[name].line}.")
            rooms[name] = RoomPlan(name, fields["capacity"].whole("capacity", 1, 10_000),
                                   item.line)
        return tuple(rooms.values())
    def booths(self, section: Value | None) -> tuple[BoothPlan, ...]:
        booths: dict[str, BoothPlan] = {}
        for item in section.items("'booths'") if section else []:
            fields = item.mapping("a booth", allowed=("name", "location"),
                                  required=("name", "location"))
            name = fields["name"].name("name")
            if name in booths:
                fields["name"].fail(f"booth '{name}' is already listed on line "
                                    f"{booths[name].line}.")
            booths[name] = BoothPlan(name, fields["location"].name("location"), item.line)
        return tuple(booths.values())

    def shifts(self, section: Value | None) -> tuple[ShiftPlan, ...]:
        shifts: dict[tuple[str, str, datetime, datetime], ShiftPlan] = {}
        for item in section.items("'shifts'") if section else []:
            for shift in self._shift_entry(item):
                key = (shift.role, shift.location, shift.starts_at, shift.ends_at)
                if key in shifts:
                    item.fail(f"this repeats the {shift.role} shift of line "
                              f"{shifts[key].line} (same place and time); raise its "
                              "'capacity' instead.")
                shifts[key] = shift
        return tuple(shifts.values())

    def _shift_entry(self, item: Value) -> list[ShiftPlan]:
        fields = item.mapping("a shift", allowed=SHIFT_KEYS,
                              required=("role", "location", "capacity"))
        if ("day" in fields) == ("days" in fields):
            item.fail("a shift needs either 'day' (one day) or 'days' (a list, or all).")
        if "times" in fields:
            for key in ("start", "end"):
                if key in fields:
                    fields[key].fail(f"a shift with 'times' takes no '{key}'.")
        else:
            for key in ("start", "end"):
                if key not in fields:
                    item.fail(f"a shift is missing '{key}' (or give 'times').")
        role = fields["role"].name("role")
        location = fields["location"].name("location")
        capacity = fields["capacity"].whole("capacity", 1, 10_000)
        description = fields["description"].text(
            "description", limit=validation.TEXT_LIMIT, multiline=True, required=False
        ) if "description" in fields else None
        days = (self.day_list(fields["days"], "days") if "days" in fields
                else [self.day(fields["day"], "day")])
        result: list[ShiftPlan] = []
        for day in days:
            for starts_at, ends_at in self._shift_times(fields, day):
                result.append(ShiftPlan(role, location, starts_at, ends_at, capacity,
                                        description or "", item.line))
        return result

    def _shift_times(self, fields: Fields, day: date) -> list[tuple[datetime, datetime]]:
        if "times" not in fields:
            return [self.span(day, fields["start"], fields["end"])]
        spans: list[tuple[datetime, datetime]] = []
        times = fields["times"]
        values = times.items("'times'") if times.is_list else [times]
        if not values:
            times.fail("'times' must list at least one \"09:00-11:00\" span.")
        for value in values:
            raw = value.scalar("times").strip()
            start, sep, end = raw.partition("-")
            if not sep:
                value.fail(f"each of 'times' must look like \"09:00-11:00\", not '{raw[:40]}'.")
            starts_at = self.moment(day, parse_clock(start.strip(), "times", value), value)
            ends_at = self.moment(day, parse_clock(end.strip(), "times", value,
                                                   allow_midnight_end=True), value)
            if ends_at <= starts_at:
                value.fail(f"in 'times', {end.strip()} must be after {start.strip()}.")
            spans.append((starts_at, ends_at))
        return spans

def _zone(value: Value) -> ZoneInfo:
    key = value.name("time_zone")
    try:
        return validation.time_zone(key)
    except InvalidInput:
        value.fail(f"'{key[:64]}' is not a time zone name such as America/New_York "
                   "or Europe/Prague.")
