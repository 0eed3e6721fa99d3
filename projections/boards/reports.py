"""The organizers' reports, as pure queries over the boards' states: hours per
volunteer, fill rate by role and day, no-shows, open-space sessions per room.

Each report is a list of rows (plain dicts with the same keys, in column order),
ready for a table, a chart and a CSV file. Cancelled shifts and slots count for
nothing.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from projections.boards.overview import States, active_shifts, name_of

Row = dict[str, Any]


def _hours(shift: dict[str, Any]) -> float:
    start = datetime.fromisoformat(shift["starts_at"])
    end = datetime.fromisoformat(shift["ends_at"])
    return (end - start).total_seconds() / 3600


def hours_per_volunteer(states: States) -> list[Row]:
    """Everyone signed up for a shift: hours signed up (no-shows not counted), hours
    checked in, and no-shows; the most hours first (for the thank-you gifts)."""
    rows: dict[str, Row] = {}
    for shift in active_shifts(states):
        length = _hours(shift)
        for person_id in shift["signups"]:
            row = rows.setdefault(person_id, {
                "person_id": person_id, "name": name_of(states, person_id), "shifts": 0,
                "hours": 0.0, "checked_in_hours": 0.0, "no_shows": 0})
            if person_id in shift["no_shows"]:
                row["no_shows"] += 1
                continue
            row["shifts"] += 1
            row["hours"] += length
            if person_id in shift["checked_in"]:
                row["checked_in_hours"] += length
    for row in rows.values():
        row["hours"] = round(row["hours"], 2)
        row["checked_in_hours"] = round(row["checked_in_hours"], 2)
    return sorted(rows.values(), key=lambda r: (-r["hours"], r["name"].casefold()))


def fill_rate(states: States, zone: ZoneInfo) -> list[Row]:
    """Per day and role: shifts, places offered and taken, and the fill rate in percent."""
    totals: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    for shift in active_shifts(states):
        day = datetime.fromisoformat(shift["starts_at"]).astimezone(zone).date().isoformat()
        entry = totals[day, shift["role"]]
        entry[0] += 1
        entry[1] += shift["capacity"]
        entry[2] += shift["taken"]
    return [{"day": day, "role": role, "shifts": count, "capacity": capacity, "taken": taken,
             "percent": round(100 * taken / capacity) if capacity else 0}
            for (day, role), (count, capacity, taken) in sorted(totals.items())]


def fill_by_role(states: States) -> list[Row]:
    """The whole conference per role: places offered and taken."""
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for shift in active_shifts(states):
        totals[shift["role"]][0] += shift["capacity"]
        totals[shift["role"]][1] += shift["taken"]
    return [{"role": role, "capacity": capacity, "taken": taken}
            for role, (capacity, taken) in sorted(totals.items())]


def no_shows(states: States, zone: ZoneInfo) -> list[Row]:
    rows = []
    for shift in active_shifts(states):
        start = datetime.fromisoformat(shift["starts_at"]).astimezone(zone)
        for person_id in shift["no_shows"]:
            rows.append({"person_id": person_id, "name": name_of(states, person_id),
                         "role": shift["role"], "location": shift["location"],
                         "day": start.date().isoformat(), "starts": f"{start:%H:%M}",
                         "shift_id": shift["id"]})
    return sorted(rows, key=lambda r: (r["day"], r["starts"], r["name"].casefold()))


def sessions_per_room(states: States) -> list[Row]:
    """Per open-space room: slots, sessions held in them, and interest in those."""
    space = states["open-space"]
    rows = {room_id: {"room_id": room_id, "room": room["name"], "slots": 0, "sessions": 0,
                      "interest": 0}
            for room_id, room in space["rooms"].items()}
    for slot in space["slots"].values():
        row = rows.get(slot["room_id"])
        if row is None:
            continue
        row["slots"] += 1
        if slot["session"] is not None:
            row["sessions"] += 1
            row["interest"] += len(slot["session"]["interested"])
    return sorted(rows.values(), key=lambda r: r["room"].casefold())


def sessions(states: States, zone: ZoneInfo) -> list[Row]:
    """Every session, the most interest first."""
    space = states["open-space"]
    rows = []
    for slot in space["slots"].values():
        session = slot["session"]
        if session is None:
            continue
        start = datetime.fromisoformat(slot["starts_at"]).astimezone(zone)
        rows.append({"topic": session["topic"], "host": session["host_name"],
                     "room": space["rooms"].get(slot["room_id"], {}).get("name", "?"),
                     "day": start.date().isoformat(), "starts": f"{start:%H:%M}",
                     "interested": len(session["interested"]), "slot_id": slot["id"]})
    return sorted(rows, key=lambda r: (-r["interested"], r["day"], r["starts"], r["room"]))
