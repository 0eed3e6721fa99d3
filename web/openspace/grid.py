"""The open-space page's grid for one day: rooms across, start times down, one cell per slot.

Built from the ``open-space`` board (the same data the kiosk and the live patches carry),
the conference's claim window and the signed-in person, so the page renders with the
right action in each cell: claim, "claims closed", release (the host) or interest.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from web.shared.days import local_days, pick_day

# What a cell shows; the page's script uses the same names (data-state).
FREE, CLOSED, TAKEN, BLOCKED, EMPTY = "free", "closed", "taken", "blocked", "empty"


@dataclass
class Cell:
    room: dict[str, Any]
    slot: dict[str, Any] | None = None
    state: str = EMPTY
    closes_at: datetime | None = None
    mine: bool = False  # the signed-in person hosts its session
    interested: bool = False  # the signed-in person marked interest in its session

    @property
    def session(self) -> dict[str, Any] | None:
        return self.slot["session"] if self.slot else None


@dataclass
class Row:
    starts_at: datetime
    ends_at: datetime
    cells: list[Cell]
    when: str = ""  # "past", "now" or "" (later), as of the page's rendering

    @property
    def label(self) -> str:
        return f"{self.starts_at:%H:%M}–{self.ends_at:%H:%M}"


@dataclass
class Tab:
    day: date
    label: str
    current: bool


@dataclass
class Grid:
    day: date
    tabs: list[Tab]
    rooms: list[dict[str, Any]]
    rows: list[Row] = field(default_factory=list)

    @property
    def free(self) -> int:
        return sum(cell.state == FREE for cell in self.cells())

    def cells(self) -> list[Cell]:
        return [cell for row in self.rows for cell in row.cells]


def day_label(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B}"


def tab_label(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def window_text(minutes: int) -> str:
    """How long before a slot starts its claims close, in words."""
    if minutes <= 0:
        return "when the slot starts"
    if minutes % 60 == 0:
        hours = minutes // 60
        return f"{hours} hour{'s' if hours != 1 else ''} before the slot starts"
    return f"{minutes} minute{'s' if minutes != 1 else ''} before the slot starts"


def cell_state(slot: dict[str, Any], closes_at: datetime, now: datetime) -> str:
    if slot["session"] is not None:
        return TAKEN
    if slot.get("blocked"):
        return BLOCKED
    return CLOSED if now >= closes_at else FREE


def build(data: dict[str, Any], *, asked: str | None, tz: ZoneInfo, now: datetime,
          closes_minutes: int, me: str | None = None) -> Grid:
    """The grid of the day asked for (``?day=``), or of the day the contract's rule picks.

    Raises ``BadDay`` for a ``day`` that is not YYYY-MM-DD.
    """
    slots = data["slots"]
    day = pick_day(asked, (s["starts_at"] for s in slots), tz, now)
    days = sorted(local_days((s["starts_at"] for s in slots), tz))
    tabs = [Tab(d, tab_label(d), d == day) for d in days]

    todays = []
    for slot in slots:
        start = datetime.fromisoformat(slot["starts_at"]).astimezone(tz)
        if start.date() == day:
            todays.append((start, datetime.fromisoformat(slot["ends_at"]).astimezone(tz), slot))
    used = {slot["room_id"] for _start, _end, slot in todays}
    rooms = sorted((r for r in data["rooms"] if r["id"] in used), key=lambda r: r["name"])
    window = timedelta(minutes=closes_minutes)

    by_start: dict[datetime, dict[str, tuple[datetime, dict[str, Any]]]] = {}
    for start, end, slot in todays:
        by_start.setdefault(start, {})[slot["room_id"]] = (end, slot)
    grid = Grid(day, tabs, rooms)
    for start in sorted(by_start):
        found = by_start[start]
        cells = []
        for room in rooms:
            if room["id"] not in found:
                cells.append(Cell(room))
                continue
            _end, slot = found[room["id"]]
            closes_at = start - window
            session = slot["session"]
            cells.append(Cell(
                room, slot, cell_state(slot, closes_at, now), closes_at,
                mine=bool(me and session and session["host_id"] == me),
            ))
        ends = min(end for end, _slot in found.values())
        when = "past" if ends <= now else "now" if start <= now else ""
        grid.rows.append(Row(start, ends, cells, when))
    return grid
