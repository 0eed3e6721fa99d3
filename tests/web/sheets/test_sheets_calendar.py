"""The sheets a person joined or posted are in their calendar feed (with their shifts),
parsed as iCalendar; a cancelled one, or one they left, is gone from it."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from uuid import UUID

from flask import Flask
from icalendar import Calendar

from tests.web.sheets_helpers import app_of, local, post_sheet, site  # noqa: F401
from tests.web.volunteer_helpers import phone, schedule


def feed_path(page: str) -> str:
    found = re.search(r'value="https?://[^/"]+(/calendar/[^"]+\.ics)"', page)
    assert found, "the feed address is on /sheets"
    return found.group(1)


def events(body: bytes) -> dict[str, dict[str, object]]:
    calendar = Calendar.from_ical(body)
    return {str(e["summary"]): {"start": e.decoded("dtstart"), "end": e.decoded("dtend"),
                                "location": str(e.get("location", "")),
                                "description": str(e.get("description", "")),
                                "uid": str(e["uid"])}
            for e in calendar.walk("VEVENT")}


def test_joined_and_posted_sheets_are_in_the_feed(site: Flask) -> None:  # noqa: F811
    ana = phone(site)
    ana.join("Ana Lima")
    shift = schedule(site, "Registration", local(17), local(18))
    ana.submit("/volunteer", f"/volunteer/shifts/{shift}/claim")
    talks = post_sheet(site, "lightning_talks", "Lightning talks", hour=18, capacity=5)
    dinner = post_sheet(site, "dinner", "Ramen", hour=20, capacity=4,
                        meeting_point="Lobby", location="Ippudo")
    post_sheet(site, "sprint", "Docs sprint", hour=17, capacity=None,
               owner=ana.person_id, location="Table 4", description="Docs help")
    post_sheet(site, "dinner", "Tacos", hour=20, capacity=4)  # not Ana's
    ana.submit("/sheets", f"/sheets/{talks}/join", title="Ten tips")
    ana.submit("/sheets", f"/sheets/{dinner}/join")

    page = ana.get("/sheets").get_data(as_text=True)
    assert "webcal://" in page and ">Add to calendar</a>" in page
    response = site.test_client().get(feed_path(page))  # a calendar app: no cookie
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    found = events(response.data)
    assert set(found) == {"Registration shift (PyCon Test)",
                          "Lightning talks: Lightning talks (PyCon Test)",
                          "Dinner: Ramen (PyCon Test)", "Sprint: Docs sprint (PyCon Test)"}
    ramen = found["Dinner: Ramen (PyCon Test)"]
    assert ramen["start"] == local(20).astimezone(UTC)
    assert ramen["end"] == local(22).astimezone(UTC)  # a dinner's default two hours
    assert ramen["location"] == "Ippudo (meet: Lobby)"
    assert ramen["uid"] == f"sheet-{dinner}@coordinator"
    assert found["Lightning talks: Lightning talks (PyCon Test)"]["description"] == \
        "Your talk: Ten tips"
    assert found["Sprint: Docs sprint (PyCon Test)"]["description"] == "Docs help"
    assert isinstance(ramen["start"], datetime) and ramen["start"].tzinfo is not None

    download = ana.client.get("/volunteer/mine.ics")
    assert set(events(download.data)) == set(found)


def test_a_sheet_left_or_cancelled_leaves_the_feed(site: Flask) -> None:  # noqa: F811
    ana = phone(site)
    ana.join("Ana Lima")
    dinner = post_sheet(site, "dinner", "Ramen", hour=20, capacity=4)
    sprint = post_sheet(site, "sprint", "Docs sprint", hour=17, capacity=None)
    ana.submit("/sheets", f"/sheets/{dinner}/join")
    ana.submit("/sheets", f"/sheets/{sprint}/join")
    feed = feed_path(ana.get("/sheets").get_data(as_text=True))
    assert len(events(site.test_client().get(feed).data)) == 2
    ana.submit("/sheets", f"/sheets/{sprint}/leave")
    app_of(site).cancel_sheet(UUID(dinner), "Closed tonight")
    assert events(site.test_client().get(feed).data) == {}
