"""What the organizers' live overview shows, as pure queries over the boards' states.

Not boards of their own (nothing here is published to the hallway screens: the
lists name people). Each function takes the states of the ``shifts``, ``booths``
and ``open-space`` projections (``ProjectionRunner.read`` runs them under its
lock) and returns new plain dicts, keeping no reference into the states.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from projections.boards.base import State

States = dict[str, State]
# Shifts shown for check-ins: starting within this long, or started this long ago.
CHECK_IN_AHEAD = timedelta(hours=1)
CHECK_IN_BEHIND = timedelta(hours=12)


def when(text: str) -> datetime:
    return datetime.fromisoformat(text)


def active_shifts(states: States) -> list[dict[str, Any]]:
    shifts = [s for s in states["shifts"]["shifts"].values() if not s["cancelled"]]
    return sorted(shifts, key=lambda s: (s["starts_at"], s["role"], s["location"]))


def name_of(states: States, person_id: str) -> str:
    name: str = states["booths"]["names"].get(person_id, "someone")
    return name


def fill_by_day(states: States, zone: ZoneInfo) -> list[dict[str, Any]]:
    """Per local day, per role: places taken and offered, days and roles in order."""
    days: dict[date, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for shift in active_shifts(states):
        day = when(shift["starts_at"]).astimezone(zone).date()
        totals = days[day][shift["role"]]
        totals[0] += shift["taken"]
        totals[1] += shift["capacity"]
    return [{"day": day.isoformat(),
             "roles": [{"role": role, "taken": taken, "capacity": capacity}
                       for role, (taken, capacity) in sorted(roles.items())]}
            for day, roles in sorted(days.items())]


def short_shifts(states: States, now: datetime, hours: float) -> list[dict[str, Any]]:
    """Shifts running now or starting within ``hours`` that still need people."""
    horizon = now + timedelta(hours=hours)
    found = []
    for shift in active_shifts(states):
        start, end = when(shift["starts_at"]), when(shift["ends_at"])
        if end <= now or start > horizon or shift["taken"] >= shift["capacity"]:
            continue
        found.append({"id": shift["id"], "role": shift["role"], "location": shift["location"],
                      "starts_at": shift["starts_at"], "ends_at": shift["ends_at"],
                      "taken": shift["taken"], "capacity": shift["capacity"],
                      "needs": shift["capacity"] - shift["taken"], "running": start <= now})
    return found


def unstaffed_booths(states: States) -> list[dict[str, Any]]:
    booths = [b for b in states["booths"]["booths"].values()
              if not b["closed"] and b["holder"] is None]
    return [{"id": b["id"], "name": b["name"], "location": b["location"]}
            for b in sorted(booths, key=lambda b: (b["name"], b["location"]))]


def _status(shift: dict[str, Any], person_id: str) -> str:
    if person_id in shift["checked_in"]:
        return "checked_in"
    if person_id in shift["no_shows"]:
        return "no_show"
    return "waiting"


def check_ins(states: States, now: datetime) -> list[dict[str, Any]]:
    """Shifts starting within the hour or started in the last twelve hours, each with
    everyone signed up and whether they checked in, were marked no-show, or not yet."""
    found = []
    for shift in active_shifts(states):
        start, end = when(shift["starts_at"]), when(shift["ends_at"])
        if start > now + CHECK_IN_AHEAD or end < now - CHECK_IN_BEHIND or not shift["signups"]:
            continue
        people = [{"id": p, "name": name_of(states, p), "status": _status(shift, p)}
                  for p in shift["signups"]]
        people.sort(key=lambda p: (p["status"] != "waiting", p["name"].casefold()))
        found.append({"id": shift["id"], "role": shift["role"], "location": shift["location"],
                      "starts_at": shift["starts_at"], "ends_at": shift["ends_at"],
                      "started": start <= now, "ended": end <= now, "people": people,
                      "waiting": sum(p["status"] == "waiting" for p in people)})
    return found


def no_shows(states: States) -> list[dict[str, Any]]:
    """Everyone marked a no-show, the latest shifts first."""
    found = []
    for shift in active_shifts(states):
        for person_id in shift["no_shows"]:
            found.append({"shift_id": shift["id"], "role": shift["role"],
                          "location": shift["location"], "starts_at": shift["starts_at"],
                          "person_id": person_id, "name": name_of(states, person_id)})
    found.sort(key=lambda row: row["starts_at"], reverse=True)
    return found


def sessions_on(states: States, day: date, zone: ZoneInfo) -> dict[str, Any]:
    """The day's open-space sessions (with their room) and the free slots to move one to."""
    space = states["open-space"]
    rooms = space["rooms"]
    sessions, free = [], []
    for slot in sorted(space["slots"].values(), key=lambda s: (s["starts_at"], s["room_id"])):
        if when(slot["starts_at"]).astimezone(zone).date() != day:
            continue
        room = rooms.get(slot["room_id"], {}).get("name", "?")
        row = {"id": slot["id"], "room": room, "starts_at": slot["starts_at"],
               "ends_at": slot["ends_at"]}
        session = slot["session"]
        if session is not None:
            sessions.append({**row, "topic": session["topic"], "host_id": session["host_id"],
                             "host_name": session["host_name"],
                             "interested": len(session["interested"])})
        elif slot["blocked"] is None:
            free.append(row)
    return {"sessions": sessions, "free": free}


def days_with_slots(states: States, zone: ZoneInfo) -> list[str]:
    return sorted({when(s["starts_at"]).astimezone(zone).date().isoformat()
                   for s in states["open-space"]["slots"].values()})


def shift_roster(states: States, shift_id: str) -> dict[str, Any] | None:
    """One shift with everyone signed up and their status (None: no such shift)."""
    shift = states["shifts"]["shifts"].get(shift_id)
    if shift is None:
        return None
    people = [{"id": p, "name": name_of(states, p), "status": _status(shift, p)}
              for p in shift["signups"]]
    keys = ("id", "role", "location", "starts_at", "ends_at", "capacity", "taken",
            "description", "cancelled")
    return {**{k: shift[k] for k in keys}, "people": people}
