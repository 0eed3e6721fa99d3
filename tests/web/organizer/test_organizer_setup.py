"""Set-up from the organizer pages: a YAML file (refused with the same messages as
``coordinator load``), the demo, the settings, and rooms, slots, booths and shifts
added, changed, rescheduled and cancelled."""

from __future__ import annotations

import html
import io
import re
from datetime import date, timedelta
from typing import Any

from coordinator.setup.file import SetupFileError, parse
from tests.web.organizer_support import Browser, browser, organizer  # noqa: F401

SETUP = """\
conference:
  name: Test Con
  time_zone: Europe/Prague
  days: [2030-06-01]
rooms:
  - {name: Room A, capacity: 20}
open_space:
  days: all
  from: "10:00"
  to: "12:00"
  slot_minutes: 60
  rooms: all
booths:
  - {name: PSF, location: Hall}
shifts:
  - {role: Registration, location: Lobby, days: all, times: ["08:00-10:00"], capacity: 3}
"""


def upload(b: Browser, text: str, name: str = "setup.yaml") -> str:
    response = b.post("/organizer/setup/file",
                      {"file": (io.BytesIO(text.encode()), name)},
                      content_type="multipart/form-data")
    return html.unescape(b.flashes(response))


def board(b: Browser, name: str) -> dict[str, Any]:
    data: dict[str, Any] = b.services.boards.board(name)[1]
    return data


def test_a_setup_file_is_loaded_from_the_page(organizer: Browser) -> None:  # noqa: F811
    page = upload(organizer, SETUP)
    assert "Loaded setup.yaml. Stored: 1 rooms, 2 slots, 1 booths, 1 shifts." in page
    assert board(organizer, "shifts")["shifts"][0]["role"] == "Registration"
    assert organizer.app.conference().settings["name"] == "Test Con"
    again = upload(organizer, SETUP)
    assert "Stored: nothing new. Already there: 1 rooms, 2 slots, 1 booths, 1 shifts." in again


def test_a_bad_setup_file_is_refused_like_the_cli_refuses_it(organizer: Browser) -> None:  # noqa: F811
    bad = SETUP.replace("capacity: 3", "capacity: lots")
    with_cli = None
    try:
        parse(bad, "setup.yaml")
    except SetupFileError as error:
        with_cli = error.message
    assert with_cli is not None and "line 16" in with_cli
    page = upload(organizer, bad)
    assert with_cli in page
    assert organizer.stored() == 0
    assert "not UTF-8 text" in html.unescape(organizer.flashes(organizer.post(
        "/organizer/setup/file", {"file": (io.BytesIO(b"conference:\n  name: \xff"), "x.yaml")},
        content_type="multipart/form-data")))
    assert organizer.stored() == 0


def test_the_demo_loads_with_its_people(organizer: Browser) -> None:  # noqa: F811
    page = html.unescape(organizer.flashes(organizer.post("/organizer/setup/demo",
                                                          {"activity": "1"})))
    assert "Loaded the demo conference." in page and "demo actions" in page
    assert len(board(organizer, "open-space")["rooms"]) == 7
    people = len(organizer.services.boards.read(lambda s: s["booths"]["names"]))
    organizer.post("/organizer/setup/demo", {"activity": "1"})
    assert len(organizer.services.boards.read(lambda s: s["booths"]["names"])) == people


def test_the_settings_are_changed(organizer: Browser) -> None:  # noqa: F811
    response = organizer.post("/organizer/setup/settings", {
        "name": "PyCon Test", "time_zone": "America/New_York", "join_code": "snake",
        "cancellation_cutoff_minutes": "90", "claim_closes_minutes_before": "10"})
    assert "Settings saved." in organizer.flashes(response)
    settings = organizer.app.conference().settings
    assert settings == {"name": "PyCon Test", "time_zone": "America/New_York",
                        "join_code": "snake", "cancellation_cutoff_minutes": 90,
                        "claim_closes_minutes_before": 10}
    refused = organizer.post("/organizer/setup/settings", {"time_zone": "Mars/Olympus"})
    assert "not a time zone" in html.unescape(organizer.flashes(refused))
    organizer.post("/organizer/setup/settings", {"join_code": ""})
    assert organizer.app.conference().join_code is None


def test_rooms_and_slots_are_managed(organizer: Browser) -> None:  # noqa: F811
    organizer.post("/organizer/setup/settings", {"time_zone": "Europe/Prague"})
    organizer.post("/organizer/rooms", {"name": "Room A", "capacity": "20"})
    room = board(organizer, "open-space")["rooms"][0]["id"]
    day = (date.today() + timedelta(days=30)).isoformat()
    done = organizer.post("/organizer/slots", {"room_id": room, "starts_at": f"{day}T10:00",
                                               "ends_at": f"{day}T11:00"})
    assert "Slot opened." in organizer.flashes(done)
    slot = board(organizer, "open-space")["slots"][0]
    assert slot["starts_at"].startswith(f"{day}T10:00:00+0")  # Prague time, with its offset
    page = organizer.text(f"/organizer/rooms?day={day}")
    assert "Room A" in page and f'id="slot-{slot["id"]}"' in page
    organizer.post(f"/organizer/slots/{slot['id']}/reschedule",
                   {"starts_at": f"{day}T14:00", "ends_at": f"{day}T15:00"})
    assert "T14:00" in board(organizer, "open-space")["slots"][0]["starts_at"]
    organizer.post(f"/organizer/rooms/{room}/edit", {"name": "Room A1", "capacity": "25"})
    assert board(organizer, "open-space")["rooms"][0] == {"id": room, "name": "Room A1",
                                                          "capacity": 25}
    organizer.post(f"/organizer/slots/{slot['id']}/cancel", {"reason": "Lunch"})
    assert board(organizer, "open-space")["slots"] == []
    organizer.post(f"/organizer/rooms/{room}/remove", {"reason": "Flooded"})
    assert board(organizer, "open-space")["rooms"] == []
    bad = organizer.post("/organizer/slots", {"room_id": room, "starts_at": "tomorrow",
                                              "ends_at": "later"})
    assert "must be a date and time" in organizer.flashes(bad)


def test_booths_are_managed(organizer: Browser) -> None:  # noqa: F811
    organizer.post("/organizer/booths", {"name": "PSF", "location": "Hall"})
    booth = board(organizer, "booths")["booths"][0]["id"]
    organizer.post(f"/organizer/booths/{booth}/edit", {"name": "PSF Booth",
                                                      "location": "Expo, booth 1"})
    assert board(organizer, "booths")["booths"][0]["location"] == "Expo, booth 1"
    assert "PSF Booth" in organizer.text("/organizer/booths")
    organizer.post(f"/organizer/booths/{booth}/close")
    assert board(organizer, "booths")["booths"] == []


def test_shifts_are_added_changed_and_cancelled(organizer: Browser) -> None:  # noqa: F811
    day = (date.today() + timedelta(days=30)).isoformat()
    organizer.post("/organizer/shifts", {"role": "Registration", "location": "Lobby",
                                         "starts_at": f"{day}T08:00",
                                         "ends_at": f"{day}T10:00", "capacity": "3",
                                         "description": "Badges"})
    shift = board(organizer, "shifts")["shifts"][0]
    page = organizer.text(f"/organizer/shifts?day={day}")
    assert f'id="shift-{shift["id"]}"' in page and "0 / 3" in page
    changed = organizer.post(f"/organizer/shifts/{shift['id']}/edit", {
        "starts_at": f"{day}T09:00", "ends_at": f"{day}T11:00", "capacity": "5",
        "location": "Main Lobby", "description": "Badges and lanyards"})
    assert "Shift changed." in organizer.flashes(changed)
    shift = board(organizer, "shifts")["shifts"][0]
    assert (shift["capacity"], shift["location"]) == (5, "Main Lobby")
    assert re.search(r"T09:00:00", shift["starts_at"])
    refused = organizer.post(f"/organizer/shifts/{shift['id']}/edit", {
        "starts_at": f"{day}T11:00", "ends_at": f"{day}T09:00", "capacity": "5",
        "location": "Main Lobby", "description": ""})
    assert "must be after" in html.unescape(organizer.flashes(refused))
    organizer.post(f"/organizer/shifts/{shift['id']}/cancel", {"reason": "Rain"})
    assert board(organizer, "shifts")["shifts"] == []
