"""Words for conference, people and shift events (booths and slots: ``places``).

Labels are looked up before the event changes them, so "Room 3 is now 'Room 3B'"
names the room as it was.
"""

from __future__ import annotations

from typing import Any

from projections.history.directory import Directory, Part
from projections.history.registry import Describe, Words, quoted

WORDS = Words()
on = WORDS.on

SETTING_WORDS = {
    "cancellation_cutoff_minutes": "signups can be cancelled until {} minutes before a shift",
    "claim_closes_minutes_before": "open-space claims close {} minutes before a slot",
}


# -- conference -----------------------------------------------------------------------


def _setting(key: str, value: Any) -> str:
    if key == "name":
        return f"name '{value}'"
    if key == "time_zone":
        return f"time zone {value}"
    if key == "join_code":
        return "a join code set" if value else "no join code"
    return SETTING_WORDS.get(key, key + " {}").format(value)


@on("Conference.Configured")
def _configured(_: str, d: dict[str, Any], directory: Directory) -> list[Part]:
    settings = d.get("settings") or {}
    directory.put("conference", "conference", str(settings.get("name") or "Conference"),
                  time_zone=settings.get("time_zone") or "UTC")
    if not settings:
        return ["The conference was created"]
    return ["The conference was set up: " + ", ".join(_setting(k, v)
                                                      for k, v in settings.items())]


@on("Conference.SettingsChanged")
def _settings(_: str, d: dict[str, Any], directory: Directory) -> list[Part]:
    changes = d.get("changes") or {}
    entry = directory.get("conference", "conference")
    directory.put("conference", "conference", str(changes.get("name") or entry["label"]),
                  **({"time_zone": changes["time_zone"]} if "time_zone" in changes else {}))
    return ["Settings changed: " + ", ".join(_setting(k, v) for k, v in changes.items())]


@on("Conference.SetupLoaded")
def _setup_loaded(_: str, d: dict[str, Any], directory: Directory) -> list[Part]:
    created = d.get("created") or {}
    added = ", ".join(f"{count} {kind}" for kind, count in created.items() if count)
    return [f"Set-up file '{d.get('filename', '')}' loaded: {added or 'nothing'} added"]


@on("Conference.RoomAdded")
def _room_added(_: str, d: dict[str, Any], directory: Directory) -> list[Part]:
    directory.put("room", d["room_id"], d["name"], capacity=d["capacity"])
    return [directory.ref("room", d["room_id"], "a room"), f" added ({d['capacity']} seats)"]


@on("Conference.RoomChanged")
def _room_changed(_: str, d: dict[str, Any], directory: Directory) -> list[Part]:
    before = directory.ref("room", d["room_id"], "a room")
    directory.put("room", d["room_id"], d["name"], capacity=d["capacity"])
    return [before, f" is now '{d['name']}' with {d['capacity']} seats"]


@on("Conference.RoomRemoved")
def _room_removed(_: str, d: dict[str, Any], directory: Directory) -> list[Part]:
    return [directory.ref("room", d["room_id"], "a room"), " removed"]


# -- people ---------------------------------------------------------------------------


@on("Person.Registered")
def _registered(ident: str, d: dict[str, Any], directory: Directory) -> list[Part]:
    directory.put("person", ident, d["name"], email=d.get("email"))
    return [directory.ref("person", ident, "someone"), " registered"]


@on("Person.ShiftCommitted")
def _committed(ident: str, d: dict[str, Any], directory: Directory) -> list[Part]:
    return [directory.ref("person", ident, "someone"), ": ",
            directory.ref("shift", d["shift_id"], "a shift"), " added to their shifts"]


@on("Person.CommitmentMoved")
def _commitment_moved(ident: str, d: dict[str, Any], directory: Directory) -> list[Part]:
    return [directory.ref("person", ident, "someone"), ": their ",
            directory.ref("shift", d["shift_id"], "shift"), " moved to ",
            directory.span(d["starts_at"], d["ends_at"])]


@on("Person.ShiftReleased")
def _shift_released(ident: str, d: dict[str, Any], directory: Directory) -> list[Part]:
    return [directory.ref("person", ident, "someone"), ": ",
            directory.ref("shift", d["shift_id"], "a shift"), " taken off their shifts"]


# -- shifts ---------------------------------------------------------------------------


def _shift_label(directory: Directory, role: str, location: str, start: str,
                 end: str) -> str:
    return f"{role} shift at {location}, {directory.span(start, end)}"


@on("Shift.Scheduled")
def _scheduled(ident: str, d: dict[str, Any], directory: Directory) -> list[Part]:
    directory.put("shift", ident, _shift_label(directory, d["role"], d["location"],
                                                d["starts_at"], d["ends_at"]),
                  role=d["role"], location=d["location"])
    return [directory.ref("shift", ident, "a shift"), f" scheduled for {d['capacity']} people"]


def _person_on_shift(verb: str) -> Describe:
    def describe(ident: str, d: dict[str, Any], directory: Directory) -> list[Part]:
        parts: list[Part] = [directory.ref("person", d["person_id"], "someone"), verb,
                             directory.ref("shift", ident, "a shift")]
        if d.get("by_organizer"):
            parts.append(" (by an organizer)")
        return parts
    return describe


WORDS["Shift.SignedUp"] = _person_on_shift(" signed up for ")
WORDS["Shift.SignupCancelled"] = _person_on_shift(" cancelled their signup for ")
WORDS["Shift.CheckedIn"] = _person_on_shift(" checked in for ")
WORDS["Shift.MarkedNoShow"] = _person_on_shift(" was marked a no-show for ")


@on("Shift.Rescheduled")
def _shift_rescheduled(ident: str, d: dict[str, Any], directory: Directory) -> list[Part]:
    before = directory.ref("shift", ident, "a shift")
    role = directory.get("shift", ident)["data"].get("role", "A")
    directory.put("shift", ident, _shift_label(directory, role, d["location"],
                                                d["starts_at"], d["ends_at"]),
                  location=d["location"])
    return [before, f" changed: now {directory.span(d['starts_at'], d['ends_at'])} at "
            f"{d['location']}"]


@on("Shift.CapacityChanged")
def _capacity(ident: str, d: dict[str, Any], directory: Directory) -> list[Part]:
    return [directory.ref("shift", ident, "a shift"), f" now takes {d['capacity']} people"]


@on("Shift.Cancelled")
def _shift_cancelled(ident: str, d: dict[str, Any], directory: Directory) -> list[Part]:
    return [directory.ref("shift", ident, "a shift"), " cancelled" + quoted(d.get("reason"))]

