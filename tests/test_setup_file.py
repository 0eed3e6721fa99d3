"""Conference set-up files: the demo's promised contents, and bad files that store nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

import pytest
from eventsourcing.utils import get_topic

from coordinator.application import Coordinator
from coordinator.booths.aggregate import Booth
from coordinator.core.commands import Outcome
from coordinator.open_space.aggregate import OpenSpaceSlot
from coordinator.setup.file import SetupFileError, load, load_demo, parse
from coordinator.shifts.aggregate import Shift
from tests.support.threads import race

NEW_YORK = ZoneInfo("America/New_York")


def stored_ids(app: Coordinator, created_event: Any) -> list[UUID]:
    page = app.recorder.select_notifications(1, 10_000, topics=[get_topic(created_event)])
    return [UUID(str(n.originator_id)) for n in page]


def read_back(app: Coordinator) -> tuple[list[Shift], list[Booth], list[OpenSpaceSlot]]:
    shifts = [app.shift(i) for i in stored_ids(app, Shift.Scheduled)]
    booths = [app.booth(i) for i in stored_ids(app, Booth.Opened)]
    slots = [app.slot(i) for i in stored_ids(app, OpenSpaceSlot.Opened)]
    return shifts, booths, slots


# -- the demo -------------------------------------------------------------------------


def test_demo_has_what_it_promises(app: Coordinator) -> None:
    outcome = load_demo(app, start=date(2026, 5, 15))
    assert outcome.position == app.recorder.max_notification_id()
    conference = app.conference()
    assert conference.settings["time_zone"] == "America/New_York"
    assert conference.join_code is None
    assert len(conference.rooms) == 7

    shifts, booths, slots = read_back(app)
    assert len(slots) == 147
    assert len(booths) == 5
    assert {b.name for b in booths} >= {"Registration Desk", "Info Desk", "PSF Booth"}
    assert len(shifts) >= 60
    assert len({s.role for s in shifts}) >= 6
    days = {s.starts_at.astimezone(NEW_YORK).date() for s in slots}
    assert days == {date(2026, 5, 15), date(2026, 5, 16), date(2026, 5, 17)}
    assert {s.starts_at.astimezone(NEW_YORK).date() for s in shifts} == days
    assert {s.room_id.hex for s in slots} == set(conference.rooms)
    for slot in slots:
        local = slot.starts_at.astimezone(NEW_YORK)
        assert 11 <= local.hour <= 17 and local.minute == 0
        assert slot.ends_at - slot.starts_at == timedelta(hours=1)
    assert all(1 <= s.capacity <= 10 and s.ends_at > s.starts_at for s in shifts)


def test_demo_times_are_local_times_in_the_conference_zone(app: Coordinator) -> None:
    load_demo(app, start=date(2026, 5, 15))
    shifts, _, slots = read_back(app)
    first = min(shifts, key=lambda s: s.starts_at)
    assert first.role == "Registration"
    assert first.starts_at.utcoffset() == timedelta(hours=-4)  # EDT in May
    assert first.starts_at == datetime(2026, 5, 15, 7, 30, tzinfo=NEW_YORK)
    assert first.starts_at.astimezone(UTC) == datetime(2026, 5, 15, 11, 30, tzinfo=UTC)
    earliest_slot = min(s.starts_at for s in slots)
    assert earliest_slot == datetime(2026, 5, 15, 11, 0, tzinfo=NEW_YORK)


def test_demo_starts_today_in_its_zone_by_default(app: Coordinator) -> None:
    # 02:00 UTC on 1 December is still 30 November in New York.
    app.clock = lambda: datetime(2026, 12, 1, 2, 0, tzinfo=UTC)
    load_demo(app)
    shifts, _, slots = read_back(app)
    days = sorted({s.starts_at.astimezone(NEW_YORK).date() for s in slots})
    assert days == [date(2026, 11, 30), date(2026, 12, 1), date(2026, 12, 2)]
    # In December New York is on EST, and local times stay as written.
    first = min(shifts, key=lambda s: s.starts_at)
    assert first.starts_at.utcoffset() == timedelta(hours=-5)
    assert first.starts_at.astimezone(NEW_YORK).hour == 7


def test_loading_the_same_file_twice_stores_nothing_new(app: Coordinator) -> None:
    first = load_demo(app, start=date(2026, 5, 15))
    again = load_demo(app, start=date(2026, 5, 15))
    assert again.position == first.position
    assert again.result["created"] == {"rooms": 0, "slots": 0, "booths": 0, "shifts": 0,
                                      "talk sessions": 0}
    assert again.result["unchanged"]["slots"] == 147


def test_two_loads_at_once_add_each_new_day_once(
        app: Coordinator, make_app: Callable[..., Coordinator]) -> None:
    """Two organizers (or two server processes) load the same file at the same moment."""
    load_demo(app, start=date(2026, 5, 15))
    loaders = [make_app(), make_app()]
    for loader in loaders:
        loader.command_locks = None  # as in two processes: only the store decides
    results = race(2, lambda i: load_demo(loaders[i], start=date(2026, 5, 16)))
    assert all(isinstance(r, Outcome) for r in results), results
    created = sorted(r.result["created"]["slots"] for r in results)  # type: ignore[union-attr]
    assert created == [0, 49]
    shifts, booths, slots = read_back(app)
    assert len(slots) == 147 + 49
    assert len({(s.role, s.location, s.starts_at) for s in shifts}) == len(shifts)
    assert len({b.name for b in booths}) == len(booths)


def test_reloading_reuses_rooms_and_adds_only_new_days(app: Coordinator) -> None:
    load_demo(app, start=date(2026, 5, 15))
    outcome = load_demo(app, start=date(2026, 5, 16))  # days 16, 17 stored; 18 is new
    assert outcome.result["created"]["rooms"] == 0
    assert outcome.result["created"]["slots"] == 49
    assert len(app.conference().rooms) == 7
    _, booths, slots = read_back(app)
    assert len(slots) == 196
    assert len(booths) == 5


# -- bad files --------------------------------------------------------------------------

GOOD = """\
conference:
  name: Test Con
  time_zone: Europe/Prague
  days: [2026-06-01, 2026-06-02]
rooms:
  - name: Room A
    capacity: 30
  - name: Room B
    capacity: 20
open_space:
  days: all
  from: "11:00"
  to: "13:00"
  slot_minutes: 60
  rooms: [Room A, Room B]
booths:
  - name: Info Desk
    location: Lobby
shifts:
  - role: Registration
    location: Lobby
    day: 1
    start: "09:00"
    end: "11:00"
    capacity: 3
"""


def test_the_good_file_loads(app: Coordinator, tmp_path: Path) -> None:
    path = tmp_path / "good.yaml"
    path.write_text(GOOD)
    outcome = load(app, path)
    assert outcome.result["created"] == {"rooms": 2, "slots": 8, "booths": 1, "shifts": 1,
                                        "talk sessions": 0}
    shifts, _, _ = read_back(app)
    assert shifts[0].starts_at == datetime(2026, 6, 1, 9, 0, tzinfo=ZoneInfo("Europe/Prague"))


def _replace(old: str, new: str) -> str:
    assert old in GOOD
    return GOOD.replace(old, new, 1)


BAD_FILES: dict[str, tuple[str, int, str]] = {
    "yaml syntax": (_replace("  rooms: [Room A, Room B]", "  rooms: [Room A, Room B"), 16,
                    "YAML syntax error"),
    "unknown key": (_replace("    capacity: 3\n", "    capacity: 3\n    colour: red\n"), 26,
                    "unknown key 'colour' in a shift"),
    "missing field": (_replace('    end: "11:00"\n', ""), 20, "a shift is missing 'end'"),
    "bad time": (_replace('start: "09:00"', 'start: "9h"'), 23,
                 "'start' must be a time of day"),
    "bad hour": (_replace('start: "09:00"', 'start: "25:00"'), 23,
                 "'start' must be a time of day"),
    "end before start": (_replace('end: "11:00"', 'end: "08:30"'), 24,
                         "'end' (08:30) must be after 'start' (09:00)"),
    "negative capacity": (_replace("capacity: 3\n", "capacity: -1\n"), 25,
                          "'capacity' must be a whole number between 1 and 10000"),
    "huge name": (_replace("  - name: Room B", "  - name: " + "x" * 10_000), 8,
                  "'name' is 10000 characters long; the limit is 100"),
    "unknown room in grid": (_replace("[Room A, Room B]", "[Room A, Room C]"), 15,
                             "room 'Room C' is not listed under 'rooms'"),
    "duplicate room": (_replace("  - name: Room B", "  - name: Room A"), 8,
                       "room 'Room A' is already listed on line 6"),
    "bad time zone": (_replace("Europe/Prague", "Europe/Atlantis"), 3,
                      "'Europe/Atlantis' is not a time zone name"),
    "day out of range": (_replace("    day: 1", "    day: 3"), 22,
                         "'day' must be a whole number between 1 and 2"),
    "date not a conference day": (_replace("    day: 1", "    day: 2026-07-01"), 22,
                                  "2026-07-01 is not one of the conference's 'days'"),
    "repeated key": (_replace("    capacity: 3\n", "    capacity: 3\n    capacity: 4\n"), 26,
                     "'capacity' appears twice in a shift (first on line 25)"),
    "ragged grid": (_replace("slot_minutes: 60", "slot_minutes: 45"), 14,
                    "is not a whole number of 45-minute slots"),
    "control character": (_replace("location: Lobby\nshifts", "location: \"Lob\\u0007by\"\n"
                                   "shifts"), 18, "contains a control character"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_a_bad_file_names_its_line_and_stores_nothing(app: Coordinator, tmp_path: Path,
                                                      case: str) -> None:
    text, line, problem = BAD_FILES[case]
    path = tmp_path / "pycon.yaml"
    path.write_text(text)
    with pytest.raises(SetupFileError) as caught:
        load(app, path)
    message = str(caught.value)
    assert message.startswith(f"{path}, line {line}: "), message
    assert problem in message
    assert caught.value.line == line
    assert caught.value.code == "invalid_input"
    assert app.recorder.max_notification_id() is None


def test_the_message_reads_as_promised() -> None:
    with pytest.raises(SetupFileError) as caught:
        parse(BAD_FILES["negative capacity"][0], "pycon.yaml")
    assert str(caught.value) == (
        "pycon.yaml, line 25: 'capacity' must be a whole number between 1 and 10000."
    )


@pytest.mark.parametrize(("text", "problem"), [
    ("", "the file is empty"),
    ("- just\n- a list\n", "the file must be a mapping"),
    ("rooms: []\n", "the file is missing 'conference'"),
])
def test_files_without_a_conference_are_refused(text: str, problem: str) -> None:
    with pytest.raises(SetupFileError, match=problem):
        parse(text, "x.yaml")


def test_a_file_that_is_not_utf8_is_refused(app: Coordinator, tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(GOOD.replace("Lobby", "Foyer é").encode("latin-1"))
    with pytest.raises(SetupFileError, match=r"line 18: the file is not UTF-8 text"):
        load(app, path)
    assert app.recorder.max_notification_id() is None


def test_a_missing_file_is_refused(app: Coordinator, tmp_path: Path) -> None:
    with pytest.raises(SetupFileError, match="cannot read the file"):
        load(app, tmp_path / "nope.yaml")


def test_overlapping_slots_are_refused() -> None:
    text = _replace("  rooms: [Room A, Room B]\n", "  rooms: [Room A, Room B]\n"
                    "  extra_slots:\n"
                    "    - {room: Room B, day: 2, start: \"12:30\", end: \"13:30\"}\n")
    with pytest.raises(SetupFileError, match=r"line 17: an open-space slot in 'Room B' at "
                       r"2026-06-02 12:30 overlaps one from line 11"):
        parse(text, "x.yaml")


def test_a_nonexistent_local_time_is_refused() -> None:
    # Clocks in Prague jump from 02:00 to 03:00 on 29 March 2026.
    text = _replace("[2026-06-01, 2026-06-02]", "[2026-03-29]").replace(
        'start: "09:00"', 'start: "02:30"')
    with pytest.raises(SetupFileError, match=r"line 23: 02:30 on 2026-03-29 does not exist"):
        parse(text, "x.yaml")


def test_a_conflict_with_the_store_stores_nothing(app: Coordinator, tmp_path: Path) -> None:
    path = tmp_path / "good.yaml"
    path.write_text(GOOD)
    position = load(app, path).position
    changed = tmp_path / "changed.yaml"
    changed.write_text(_replace("    capacity: 20", "    capacity: 25").replace(
        "day: 1", "day: 2"))
    with pytest.raises(SetupFileError, match=r"line 8: room 'Room B' is already stored with "
                       r"capacity 20, not 25"):
        load(app, changed)
    assert app.recorder.max_notification_id() == position
    assert len(read_back(app)[0]) == 1
