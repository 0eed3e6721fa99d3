"""The volunteer pages without JavaScript: first visit, the day rule, claiming, cancelling
and checking in through plain forms (with CSRF tokens), the answers people see, that a
person acts only for themselves, escaping, and the calendar feed."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from icalendar import Calendar

from tests.web.api_helpers import close_flask_app, make_flask_app
from tests.web.volunteer_helpers import (
    XSS,
    Form,
    api,
    forms_of,
    phone,
    register,
    schedule,
    stored,
    taken,
)

TZ = ZoneInfo("America/New_York")
NOW = datetime(2026, 5, 15, 13, 0, tzinfo=UTC)  # Friday 09:00 in New York


def local(hour: int, minute: int = 0, days: int = 0) -> datetime:
    today = NOW.astimezone(TZ).date() + timedelta(days=days)
    return datetime(today.year, today.month, today.day, hour, minute, tzinfo=TZ)


@pytest.fixture
def site(database_url: str) -> Iterator[Flask]:
    flask_app = make_flask_app(database_url)
    flask_app.extensions["coordinator"].app.clock = lambda: NOW
    api(flask_app, "PATCH", "/conference", {"name": "PyCon Test", "time_zone": TZ.key})
    try:
        yield flask_app
    finally:
        close_flask_app(flask_app)


def claim_action(shift_id: str) -> str:
    return f"/volunteer/shifts/{shift_id}/claim"


def crafted(action: str, csrf: str, key: str = "k-1", back: str = "/volunteer") -> Form:
    """A form as a stale page (or a forger) would send it."""
    return Form(action, "post", {"csrf_token": csrf, "idempotency_key": key, "next": back})


def test_a_first_visit_without_a_cookie_shows_open_shifts_and_how_to_join(site: Flask) -> None:
    schedule(site, "Registration", local(10), local(12), capacity=3)
    response = site.test_client().get("/volunteer")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Registration" in html and "3 of 3 places free" in html
    assert "Join to claim shifts" in html and 'href="/register?next=/volunteer"' in html
    actions = [f.action for f in forms_of(html)]
    assert actions == ["/volunteer", "/register"], "read-only: a filter and the join form"
    for path in ("/volunteer/mine", "/volunteer/booths"):
        assert site.test_client().get(path).status_code == 200


def _shown_day(site: Flask, query: str = "") -> str:
    html = site.test_client().get(f"/volunteer{query}").get_data(as_text=True)
    found = re.search(r'name="day" value="([\d-]+)"', html)
    assert found, html
    return found.group(1)


def test_the_day_rule(site: Flask) -> None:
    today = NOW.astimezone(TZ).date()
    schedule(site, "Setup", local(10, days=1), local(12, days=1))
    schedule(site, "Teardown", local(10, days=3), local(12, days=3))
    assert _shown_day(site) == (today + timedelta(days=1)).isoformat(), "the next day with shifts"
    assert _shown_day(site, f"?day={today + timedelta(days=3)}") == str(today + timedelta(days=3))
    schedule(site, "Registration", local(7), local(8))  # ended, but today has a shift
    assert _shown_day(site) == today.isoformat()
    site.extensions["coordinator"].app.clock = lambda: NOW + timedelta(days=10)
    assert _shown_day(site) == (today + timedelta(days=3)).isoformat(), "else the last"
    assert site.test_client().get("/volunteer?day=2026-13-01").status_code == 400


def test_the_day_is_the_conference_s_not_utc(site: Flask) -> None:
    # 23:30 in New York is already the next day in UTC.
    site.extensions["coordinator"].app.clock = lambda: local(23, 30).astimezone(UTC)
    schedule(site, "Night watch", local(23, 45), local(23, 55))
    assert _shown_day(site) == NOW.astimezone(TZ).date().isoformat()


def test_filters_by_role_and_place(site: Flask) -> None:
    schedule(site, "Registration", local(10), local(12), location="Lobby")
    schedule(site, "Session runner", local(10), local(12), location="Ballroom A")
    html = site.test_client().get("/volunteer?role=Session+runner").get_data(as_text=True)
    assert "<h3>Session runner</h3>" in html and "<h3>Registration</h3>" not in html
    html = site.test_client().get("/volunteer?place=Lobby").get_data(as_text=True)
    assert "<h3>Registration</h3>" in html and "<h3>Session runner</h3>" not in html


def test_claim_and_cancel_through_the_forms(site: Flask) -> None:
    shift_id = schedule(site, "Registration", local(10), local(12), capacity=3)
    ana = phone(site)
    ana.join("Ana Lima")
    form = ana.form("/volunteer", claim_action(shift_id))
    response = ana.send(form)
    assert response.headers["Location"] == f"/volunteer#shift-{shift_id}"
    html = ana.get(response.headers["Location"]).get_data(as_text=True)
    assert "You&#39;re signed up: Registration, Fri 15 May, 10:00–12:00" in html
    assert taken(site, shift_id) == 1

    before = stored(site)
    ana.send(form)  # the same form again (a double tap, a retry): once only
    assert stored(site) == before and taken(site, shift_id) == 1

    html = ana.submit("/volunteer/mine", f"/volunteer/shifts/{shift_id}/cancel")
    assert "Cancelled: Registration" in html
    assert taken(site, shift_id) == 0


def test_full_and_overlapping_shifts_get_a_clear_answer(site: Flask) -> None:
    last_place = schedule(site, "Registration", local(10), local(12), capacity=1)
    runner = schedule(site, "Session runner", local(11), local(13))
    clash = schedule(site, "Info desk", local(12), local(14))
    ana = phone(site)
    ana.join("Ana Lima")
    stale = ana.form("/volunteer", claim_action(last_place))
    _ben, ben_token = register(site, "Ben Okafor")
    api(site, "POST", f"/shifts/{last_place}/signups", token=ben_token)

    before = stored(site)
    html = ana.get(ana.send(stale).headers["Location"]).get_data(as_text=True)
    assert "someone just took the last place" in html
    assert stored(site) == before
    assert "Full · 1 of 1 taken" in html

    ana.submit("/volunteer", claim_action(runner))
    html = ana.submit("/volunteer", claim_action(clash))
    assert "This shift overlaps your Fri 11:00 Session runner shift." in html


def test_too_late_to_cancel(site: Flask) -> None:
    api(site, "PATCH", "/conference", {"cancellation_cutoff_minutes": 60})
    soon = schedule(site, "Registration", NOW + timedelta(minutes=30), NOW + timedelta(hours=2))
    ana = phone(site)
    ana.join("Ana Lima")
    ana.submit("/volunteer", claim_action(soon))
    html = ana.get("/volunteer/mine").get_data(as_text=True)
    assert "Too late to cancel here" in html
    assert f"/volunteer/shifts/{soon}/cancel" not in html
    stale = crafted(f"/volunteer/shifts/{soon}/cancel", ana.csrf(), back="/volunteer/mine")
    html = ana.get(ana.send(stale).headers["Location"]).get_data(as_text=True)
    assert "Too late to cancel: signups can be cancelled until 60 minutes" in html
    assert taken(site, soon) == 1


def test_check_in_opens_shortly_before_the_start(site: Flask) -> None:
    soon = schedule(site, "Registration", NOW + timedelta(minutes=20), NOW + timedelta(hours=2))
    later = schedule(site, "Teardown", NOW + timedelta(hours=3), NOW + timedelta(hours=4))
    ana = phone(site)
    ana.join("Ana Lima")
    ana.submit("/volunteer", claim_action(soon))
    ana.submit("/volunteer", claim_action(later))

    html = ana.get("/volunteer/mine").get_data(as_text=True)
    assert "2 shifts · 2 h 40 min" in html
    assert html.index("Registration") < html.index("Teardown"), "the next shift first"
    assert not ana.has_form("/volunteer/mine", f"/volunteer/shifts/{later}/checkin")
    assert "Check-in opens at 11:30" in ana.last_html

    html = ana.submit("/volunteer/mine", f"/volunteer/shifts/{soon}/checkin")
    assert "Checked in: Registration" in html and "✓ Checked in" in html

    early = crafted(f"/volunteer/shifts/{later}/checkin", ana.csrf(), back="/volunteer/mine")
    html = ana.get(ana.send(early).headers["Location"]).get_data(as_text=True)
    assert "Check-in opens 30 minutes before the shift starts." in html


def test_forms_without_a_csrf_token_are_refused_and_store_nothing(site: Flask) -> None:
    shift_id = schedule(site, "Registration", local(10), local(12))
    ana = phone(site)
    ana.join("Ana Lima")
    form = ana.form("/volunteer", claim_action(shift_id))
    before = stored(site)
    without = {k: v for k, v in form.fields.items() if k != "csrf_token"}
    assert ana.client.post(form.action, data=without).status_code == 400
    forged = {**form.fields, "csrf_token": "forged"}
    assert ana.client.post(form.action, data=forged).status_code == 400
    assert site.test_client().post("/register", data={"name": "Eve"}).status_code == 400
    assert stored(site) == before and taken(site, shift_id) == 0


def test_one_person_cannot_cancel_another_s_signup(site: Flask) -> None:
    shift_id = schedule(site, "Registration", local(10), local(12))
    ana, ben = phone(site), phone(site)
    ana.join("Ana Lima")
    ben.join("Ben Okafor")
    ana.submit("/volunteer", claim_action(shift_id))
    before = stored(site)
    attempt = crafted(f"/volunteer/shifts/{shift_id}/cancel", ben.csrf())
    html = ben.get(ben.send(attempt).headers["Location"]).get_data(as_text=True)
    assert "You are not signed up for this shift." in html
    assert stored(site) == before and taken(site, shift_id) == 1

    nobody = phone(site)
    response = nobody.send(crafted(f"/volunteer/shifts/{shift_id}/cancel", nobody.csrf()))
    assert response.headers["Location"].startswith("/register?next=")
    assert stored(site) == before


def test_what_people_typed_is_escaped(site: Flask) -> None:
    shift_id = schedule(site, XSS, local(10), local(12), location=XSS, description=XSS)
    ana = phone(site)
    ana.join(XSS)
    ana.submit("/volunteer", claim_action(shift_id))
    for path in ("/volunteer", "/volunteer/mine", f"/volunteer/shifts/{shift_id}/card"):
        html = ana.get(path).get_data(as_text=True)
        assert "<img" not in html, path
        assert "&lt;img src=x onerror=alert(1)&gt;" in html, path


def test_the_card_of_one_shift(site: Flask) -> None:
    shift_id = schedule(site, "Registration", local(10), local(12))
    response = site.test_client().get(f"/volunteer/shifts/{shift_id}/card")
    assert response.status_code == 200
    assert response.get_data(as_text=True).lstrip().startswith("<li")
    assert site.test_client().get(f"/volunteer/shifts/{'0' * 32}/card").status_code == 404
    assert site.test_client().get("/volunteer/shifts/nope/card").status_code == 404


def _feed_path(html: str) -> str:
    found = re.search(r'value="https?://[^/"]+(/calendar/[^"]+\.ics)"', html)
    assert found, "the feed address is on the page"
    return found.group(1)


def _events(body: bytes) -> list[tuple[str, date]]:
    calendar = Calendar.from_ical(body)
    return [(str(e["summary"]), e.decoded("dtstart").date()) for e in calendar.walk("VEVENT")]


def test_the_calendar_feed_reads_shifts_and_cannot_act(site: Flask) -> None:
    shift_id = schedule(site, "Registration", local(10), local(12))
    other = schedule(site, "Teardown", local(16), local(18))
    ana = phone(site)
    ana.join("Ana Lima")
    ana.submit("/volunteer", claim_action(shift_id))
    feed = _feed_path(ana.get("/volunteer/mine").get_data(as_text=True))
    assert "webcal://" in ana.last_html

    response = site.test_client().get(feed)  # a calendar app: no cookie
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    assert _events(response.data) == [("Registration shift (PyCon Test)", date(2026, 5, 15))]

    token = feed.removeprefix("/calendar/").removesuffix(".ics")
    for method, path in (("GET", "/people/me"), ("GET", "/people/me/shifts.ics"),
                         ("POST", f"/shifts/{other}/signups"),
                         ("DELETE", f"/shifts/{shift_id}/signups/me")):
        api(site, method, path, token=token, status=401)
    assert taken(site, shift_id) == 1 and taken(site, other) == 0

    person_token = register(site, "Ben Okafor")[1]
    assert site.test_client().get(f"/calendar/{person_token}.ics").status_code == 404
    assert site.test_client().get("/calendar/nonsense.ics").status_code == 404

    download = ana.client.get("/volunteer/mine.ics")
    assert download.status_code == 200 and download.mimetype == "text/calendar"
    assert "attachment" in download.headers["Content-Disposition"]
    assert _events(download.data) == _events(response.data)
    assert site.test_client().get("/volunteer/mine.ics").status_code == 404
