"""Shifts from a CSV file: ``role, place, start, end, capacity`` (and ``description``).

``parse`` checks every line and returns the shifts it asks for together with every
problem found, each naming its line, so an organizer sees all of them at once.
Nothing is stored here: the shifts become a ``SetupPlan`` that
``setup.file.store`` saves in one atomic save (skipping shifts already stored,
refusing ones that clash), exactly as a set-up file's shifts are.

The first line names the columns, in any order; ``location`` may stand for
``place``. Times are ISO-8601 with an offset (``2026-05-15T09:00:00-04:00``) or
local times in the conference's time zone (``2026-05-15 09:00``). An end time
that is only a clock time (``12:30``) is on the start's day.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from coordinator import validation
from coordinator.errors import InvalidInput
from coordinator.setup.plan import SetupPlan, ShiftPlan

REQUIRED = ("role", "place", "start", "end", "capacity")
OPTIONAL = ("description",)
ALIASES = {"location": "place"}
MAX_LINES = 5000
_CLOCK = re.compile(r"([0-9]{1,2}):([0-9]{2})")


@dataclass
class ShiftCsv:
    """What a CSV file asks for: the good lines as shifts, and every bad line's problem."""

    filename: str
    time_zone: str
    shifts: list[ShiftPlan] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)  # (line, message)

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.shifts)

    def plan(self) -> SetupPlan:
        """The shifts as a set-up plan, for ``setup.file.store``."""
        if self.problems:
            raise InvalidInput(f"{self.filename}, line {self.problems[0][0]}: "
                               f"{self.problems[0][1]}")
        return SetupPlan(filename=self.filename, time_zone=self.time_zone, settings={},
                         shifts=tuple(self.shifts))


def parse(text: str, filename: str, time_zone: str) -> ShiftCsv:
    result = ShiftCsv(filename, time_zone)
    zone = ZoneInfo(time_zone)
    rows = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    try:
        header = next(rows, None)
        if header is None or not any(cell.strip() for cell in header):
            result.problems.append((1, "the file is empty: the first line must name the "
                                       f"columns {', '.join(REQUIRED)}."))
            return result
        columns = _columns(header)
        for row in rows:
            line = rows.line_num
            if line > MAX_LINES:
                result.problems.append((line, f"too many lines (at most {MAX_LINES})."))
                break
            if not any(cell.strip() for cell in row):
                continue
            try:
                result.shifts.append(_shift(row, columns, zone, line))
            except InvalidInput as problem:
                result.problems.append((line, problem.message))
    except InvalidInput as problem:
        result.problems.append((1, problem.message))
    except csv.Error as error:
        result.problems.append((rows.line_num, f"not valid CSV ({error})."))
    if not result.shifts and not result.problems:
        result.problems.append((1, "the file has no shifts, only its header line."))
    return result


def _columns(header: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = ALIASES.get(cell.strip().lower(), cell.strip().lower())
        if name not in REQUIRED + OPTIONAL:
            raise InvalidInput(f"unknown column '{cell.strip()[:40]}'; the columns are "
                               f"{', '.join(REQUIRED + OPTIONAL)}.")
        if name in columns:
            raise InvalidInput(f"the column '{name}' is named twice.")
        columns[name] = index
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        raise InvalidInput(f"the first line must name the columns {', '.join(REQUIRED)}; "
                           f"missing: {', '.join(missing)}.")
    return columns


def _shift(row: list[str], columns: dict[str, int], zone: ZoneInfo, line: int) -> ShiftPlan:
    if len(row) > len(columns):
        raise InvalidInput(f"{len(row)} values for {len(columns)} columns.")

    def cell(name: str) -> str:
        index = columns.get(name)
        return row[index].strip() if index is not None and index < len(row) else ""

    role = validation.name(cell("role"), "role")
    place = validation.name(cell("place"), "place")
    start = _moment(cell("start"), "start", zone)
    end = _moment(cell("end"), "end", zone, day=start.astimezone(zone).date())
    if end <= start:
        raise InvalidInput("'end' must be after 'start'.")
    capacity = validation.count(validation.whole_number(cell("capacity"), "capacity"),
                                "capacity")
    description = validation.description(cell("description") or None)
    return ShiftPlan(role=role, location=place, starts_at=start, ends_at=end,
                     capacity=capacity, description=description, line=line)


def _moment(text: str, name: str, zone: ZoneInfo, day: date | None = None) -> datetime:
    if not text:
        raise InvalidInput(f"'{name}' is missing.")
    clock = _CLOCK.fullmatch(text)
    if clock and day is not None:
        hour, minute = int(clock.group(1)), int(clock.group(2))
        if hour > 23 or minute > 59:
            raise InvalidInput(f"'{name}' is not a time of day: '{text}'.")
        return datetime.combine(day, time(hour, minute), tzinfo=zone)
    try:
        moment = datetime.fromisoformat(text) if len(text) <= 64 else None
    except ValueError:
        moment = None
    if moment is None:
        raise InvalidInput(f"'{name}' must be a time such as 2026-05-15 09:00 or "
                           f"2026-05-15T09:00:00-04:00, not '{text[:40]}'.")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return validation.moment(moment, name)
