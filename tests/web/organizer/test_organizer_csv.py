"""Shifts from a CSV file: every bad line named with its number, a preview that stores
nothing, and one atomic save on confirmation."""

from __future__ import annotations

import html
import io
import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from coordinator.event_log import event_to_dict, iter_notifications
from coordinator.shifts import csv as shift_csv
from tests.web.organizer_support import Browser, browser, organizer  # noqa: F401

PRAGUE = "Europe/Prague"
GOOD = """role,place,start,end,capacity,description
Registration,Main Lobby,2030-06-01 08:00,10:00,6,Badges
Session runner,Ballroom A,2030-06-01T09:00:00+02:00,2030-06-01T12:30:00+02:00,2,
Teardown,"Expo Hall, back",2030-06-02 17:00,2030-06-02 19:00,8,
"""
BAD = """role,location,start,end,capacity
Registration,Main Lobby,2030-06-01 08:00,10:00,6
,Main Lobby,2030-06-01 08:00,10:00,6
Info desk,Hall,next tuesday,10:00,2
Info desk,Hall,2030-06-01 11:00,10:00,2
Info desk,Hall,2030-06-01 08:00,10:00,many
Info desk,Hall,2030-06-01 08:00,10:00,2,extra
"""


def test_a_good_file_is_read() -> None:
    parsed = shift_csv.parse(GOOD, "shifts.csv", PRAGUE)
    assert parsed.problems == [] and parsed.ok
    first, second, third = parsed.shifts
    assert (first.role, first.location, first.capacity, first.description, first.line) == (
        "Registration", "Main Lobby", 6, "Badges", 2)
    assert first.starts_at == datetime(2030, 6, 1, 8, tzinfo=ZoneInfo(PRAGUE))
    assert first.ends_at == datetime(2030, 6, 1, 10, tzinfo=ZoneInfo(PRAGUE))
    assert second.starts_at == datetime(2030, 6, 1, 7, tzinfo=UTC)
    assert third.location == "Expo Hall, back" and third.line == 4
    plan = parsed.plan()
    assert len(plan.shifts) == 3 and plan.settings == {}


def test_every_bad_line_is_reported_with_its_number() -> None:
    parsed = shift_csv.parse(BAD, "shifts.csv", PRAGUE)
    lines = [line for line, _ in parsed.problems]
    assert lines == [3, 4, 5, 6, 7]
    messages = dict(parsed.problems)
    assert "'role' must not be empty" in messages[3]
    assert "'start' must be a time" in messages[4]
    assert "'end' must be after 'start'" in messages[5]
    assert "'capacity' must be a whole number" in messages[6]
    assert "6 values for 5 columns" in messages[7]
    assert len(parsed.shifts) == 1 and not parsed.ok


def test_capacities_in_other_digits_are_reported_not_raised() -> None:
    rows = "".join(f"Info desk,Hall,2030-06-01 08:00,10:00,{raw}\n"
                   for raw in ("²", "١٢", "9" * 5000, "-2"))
    parsed = shift_csv.parse("role,location,start,end,capacity\n" + rows, "x.csv", PRAGUE)
    assert [line for line, _ in parsed.problems] == [2, 3, 4, 5]
    assert all("'capacity' must be a whole number" in m for _, m in parsed.problems)


def test_header_problems_are_reported() -> None:
    assert shift_csv.parse("", "x.csv", PRAGUE).problems[0][0] == 1
    wrong = shift_csv.parse("role,place,start\nA,B,2030-06-01 08:00\n", "x.csv", PRAGUE)
    assert "missing: end, capacity" in wrong.problems[0][1]
    unknown = shift_csv.parse("role,place,start,end,capacity,colour\n", "x.csv", PRAGUE)
    assert "unknown column 'colour'" in unknown.problems[0][1]
    only = shift_csv.parse("role,place,start,end,capacity\n", "x.csv", PRAGUE)
    assert "only its header" in only.problems[0][1]


def preview(b: Browser, text: str) -> str:
    response = b.post("/organizer/shifts/import/preview",
                      {"file": (io.BytesIO(text.encode()), "shifts.csv")},
                      content_type="multipart/form-data")
    assert response.status_code == 200
    return html.unescape(response.get_data(as_text=True))


def confirm_form(page: str) -> dict[str, str]:
    found = re.search(r'<form method="post" action="/organizer/shifts/import/confirm".*?</form>',
                      page, re.S)
    assert found, "no confirm form"
    form = found.group(0)
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form))
    text = re.search(r"<textarea[^>]*>\n?(.*?)</textarea>", form, re.S)
    assert text
    fields["text"] = text.group(1)
    return fields


def test_the_preview_stores_nothing_and_the_confirmation_stores_all(organizer: Browser) -> None:  # noqa: F811
    organizer.post("/organizer/setup/settings", {"time_zone": PRAGUE})
    before = organizer.stored()
    page = preview(organizer, GOOD)
    assert "3 new shifts" in page and "Store these 3 shifts" in page
    assert organizer.stored() == before
    fields = confirm_form(page)
    response = organizer.client.post("/organizer/shifts/import/confirm", data=fields)
    assert "Imported shifts.csv: 3 shifts added." in html.unescape(
        organizer.flashes(response))
    stored = [event_to_dict(n, organizer.app.mapper, plain=True)
              for n in iter_notifications(organizer.app.recorder, before)]
    scheduled = [e for e in stored if e["type"] == "Shift.Scheduled"]
    assert len(scheduled) == 3
    assert all(e["data"]["by"] == "Maria" for e in stored)
    # One save: the events sit together, with nothing between them.
    positions = [e["position"] for e in scheduled]
    assert positions == list(range(positions[0], positions[0] + 3))
    # The same form again is the same request: nothing more is stored.
    organizer.client.post("/organizer/shifts/import/confirm", data=fields)
    assert organizer.stored() == stored[-1]["position"]
    again = preview(organizer, GOOD)
    assert "0 new shifts; 3 already stored" in again and "Store these" not in again


def test_bad_lines_are_listed_and_nothing_can_be_stored(organizer: Browser) -> None:  # noqa: F811
    page = preview(organizer, BAD)
    for line in (3, 4, 5, 6, 7):
        assert f"Line {line}:" in page
    assert "Store these" not in page
    assert organizer.stored() == 0
    # A confirmation forged with bad lines is refused, naming the first one.
    response = organizer.post("/organizer/shifts/import/confirm",
                              {"text": BAD, "filename": "shifts.csv"})
    assert "Nothing was stored. shifts.csv, line 3" in html.unescape(
        organizer.flashes(response))
    assert organizer.stored() == 0


def test_a_clash_with_a_stored_shift_is_a_bad_line(organizer: Browser) -> None:  # noqa: F811
    organizer.post("/organizer/setup/settings", {"time_zone": PRAGUE})
    start = datetime(2030, 6, 1, 8, tzinfo=ZoneInfo(PRAGUE))
    organizer.app.schedule_shift("Registration", "Main Lobby", start,
                                 start + timedelta(hours=2), 4)
    before = organizer.stored()
    page = preview(organizer, GOOD)
    assert "Line 2: a Registration shift" in page and "Store these" not in page
    assert organizer.stored() == before


def test_pasted_text_works_too(organizer: Browser) -> None:  # noqa: F811
    response = organizer.post("/organizer/shifts/import/preview", {"text": GOOD})
    assert "3 new shifts" in response.get_data(as_text=True)
    empty = organizer.post("/organizer/shifts/import/preview", {"text": "  "})
    assert empty.status_code == 400
