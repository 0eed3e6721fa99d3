"""The open-space page without JavaScript: a first visit, the day rule and its tabs,
claiming, releasing and marking interest through plain forms (with CSRF tokens), the
claim window, the answers people see, that a person acts only for themselves, and
escaping of what people type."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.web.api_helpers import ADMIN_TOKEN, close_flask_app, make_flask_app

TZ = ZoneInfo("America/New_York")
NOW = datetime(2026, 5, 15, 16, 0, tzinfo=UTC)  # Friday 12:00 in New York
XSS = "<img src=x onerror=alert(1)>"
CSRF = re.compile(r'name="csrf[_-]token" (?:value|content)="([^"]+)"')


def local(hour: int, minute: int = 0, days: int = 0) -> datetime:
    day = NOW.astimezone(TZ).date() + timedelta(days=days)
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


@dataclass
class Site:
    flask_app: Flask

    def api(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        response = self.flask_app.test_client().open(
            f"/api/v1{path}", method=method, json=body,
            headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
        assert response.status_code in (200, 201), response.get_data(as_text=True)
        return response.get_json()

    def stored(self) -> int:
        return self.flask_app.extensions["coordinator"].app.recorder.max_notification_id() or 0

    def room(self, name: str) -> str:
        room_id: str = self.api("POST", "/rooms", {"name": name, "capacity": 30})["id"]
        return room_id

    def slot(self, room_id: str, starts_at: datetime) -> str:
        body = {"room_id": room_id, "starts_at": starts_at.isoformat(),
                "ends_at": (starts_at + timedelta(hours=1)).isoformat()}
        slot_id: str = self.api("POST", "/open-space/slots", body)["id"]
        return slot_id

    def session(self, slot_id: str) -> dict[str, Any] | None:
        slots = self.api("GET", "/open-space")["slots"]
        found: dict[str, Any] | None = next(s for s in slots if s["id"] == slot_id)["session"]
        return found

    def visitor(self) -> Visitor:
        return Visitor(self.flask_app.test_client())


@dataclass
class Visitor:
    """One phone: its own cookies, the last page it saw."""

    client: FlaskClient
    html: str = ""

    def open(self, query: str = "") -> TestResponse:
        response = self.client.get(f"/open-space{query}")
        self.html = response.get_data(as_text=True)
        return response

    def join(self, name: str) -> str:
        page = self.client.get("/register?next=/open-space").get_data(as_text=True)
        token = CSRF.search(page)
        assert token is not None
        response = self.client.post("/register", data={
            "csrf_token": token.group(1), "name": name, "next": "/open-space"})
        assert response.status_code == 303, response.get_data(as_text=True)
        with self.client.session_transaction() as session:
            person_id: str = session["person_id"]
        self.open()
        return person_id

    def post(self, slot_id: str, action: str, csrf: bool = True, key: str | None = None,
             **fields: str) -> TestResponse:
        data = {"idempotency_key": key or uuid4().hex, "next": "/open-space", **fields}
        if csrf:
            token = CSRF.search(self.html or self.open().get_data(as_text=True))
            assert token is not None
            data["csrf_token"] = token.group(1)
        return self.client.post(f"/open-space/slots/{slot_id}/{action}", data=data)

    def act(self, slot_id: str, action: str, **fields: str) -> str:
        """Send a form, follow the redirect back to the grid, return the page's HTML."""
        response = self.post(slot_id, action, **fields)
        assert response.status_code == 303, response.get_data(as_text=True)
        assert response.location.endswith(f"/open-space#slot-{slot_id}")
        self.open()
        return self.html


def cell(html: str, slot_id: str) -> str:
    start = html.index(f'id="slot-{slot_id}"')
    return html[start:html.index("</td>", start)]


@pytest.fixture
def site(database_url: str) -> Iterator[Site]:
    flask_app = make_flask_app(database_url)
    flask_app.extensions["coordinator"].app.clock = lambda: NOW
    found = Site(flask_app)
    found.api("PATCH", "/conference", {"name": "PyCon Test", "time_zone": TZ.key})
    try:
        yield found
    finally:
        close_flask_app(flask_app)


@pytest.fixture
def grid(site: Site) -> dict[str, str]:
    """Two rooms, today at 14:00 and 15:00, and one slot tomorrow."""
    rooms = {name: site.room(name) for name in ("Room 250A", "Room 251")}
    slots = {f"{name} {hour}": site.slot(room_id, local(hour))
             for name, room_id in rooms.items() for hour in (14, 15)}
    slots["tomorrow"] = site.slot(rooms["Room 251"], local(10, days=1))
    return slots


def test_a_first_visit_without_a_cookie_shows_the_grid_read_only(
        site: Site, grid: dict[str, str]) -> None:
    response = site.visitor().open()
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Join to claim a slot" in html
    assert 'href="/register?next=/open-space"' in html
    assert "Room 250A" in html and "Room 251" in html
    assert "14:00–15:00" in html and "15:00–16:00" in html
    grid_html = html.split("<template")[0]
    assert grid_html.count('<span class="badge free">Free</span>') == 4  # today's, in text
    assert "4 free\n  slots open for claims." in grid_html
    assert 'name="topic"' not in grid_html  # no claim form signed out
    assert response.headers["Cache-Control"] == "no-store"
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_the_day_rule_and_the_tabs(site: Site) -> None:
    room = site.room("Room 251")
    site.slot(room, local(10, days=1))
    site.slot(room, local(10, days=3))
    visitor = site.visitor()
    html = visitor.open().get_data(as_text=True)  # nothing today: the next day that has
    assert "<h2 id=\"day-heading\">Saturday 16 May</h2>" in html
    assert re.search(r'href="/open-space\?day=2026-05-16"\s+aria-current="page">Sat 16 May',
                     html)
    assert 'href="/open-space?day=2026-05-18"' in html
    html = visitor.open("?day=2026-05-18").get_data(as_text=True)
    assert "Monday 18 May" in html
    assert re.search(r'day=2026-05-18"\s+aria-current="page"', html)
    html = visitor.open("?day=2026-05-17").get_data(as_text=True)
    assert "No open-space slots on this day." in html
    assert visitor.open("?day=17-05-2026").status_code == 400
    site.slot(room, local(9))  # today has a slot now: today it is
    assert "Friday 15 May" in visitor.open().get_data(as_text=True)


def test_only_past_days_show_the_last_one(site: Site) -> None:
    room = site.room("Room 251")
    site.slot(room, local(10, days=-3))
    site.slot(room, local(10, days=-1))
    assert "Thursday 14 May" in site.visitor().open().get_data(as_text=True)


def test_claim_release_and_interest_through_plain_forms(
        site: Site, grid: dict[str, str]) -> None:
    slot = grid["Room 250A 14"]
    host, guest = site.visitor(), site.visitor()
    host_id = host.join("Ana Lima")
    html = host.act(slot, "claim", topic="Packaging in 2026",
                    description="Bring questions.\r\nAnd wheels.")
    assert "Claimed: the slot is yours" in html
    mine = cell(html, slot)
    assert "Packaging in 2026" in mine and "Your session" in mine
    assert "Claimed: the slot is yours" in mine  # repeated next to the slot
    assert f'action="/open-space/slots/{slot}/release"' in mine
    assert site.session(slot) == {"topic": "Packaging in 2026", "host_id": host_id,
                                  "host_name": "Ana Lima", "interested": 0,
                                  "description": "Bring questions.\nAnd wheels."}

    guest.join("Ben Okafor")
    html = guest.act(slot, "interest")
    assert "Marked: you are interested" in html
    theirs = cell(html, slot)
    assert 'class="count">1</span>' in theirs
    assert f'action="/open-space/slots/{slot}/interest/withdraw"' in theirs
    assert "/release" not in theirs
    html = guest.act(slot, "interest/withdraw")
    assert 'class="count">0</span>' in cell(html, slot)
    assert site.session(slot)["interested"] == 0  # type: ignore[index]

    html = host.act(slot, "release")
    assert "Released: the slot is free again" in html
    assert site.session(slot) is None
    assert '<span class="badge free">Free</span>' in cell(html, slot)


def test_a_form_sent_twice_claims_once(site: Site, grid: dict[str, str]) -> None:
    visitor = site.visitor()
    visitor.join("Ana Lima")
    first = visitor.post(grid["Room 251 15"], "claim", key="tap-1", topic="Type hints")
    stored = site.stored()
    again = visitor.post(grid["Room 251 15"], "claim", key="tap-1", topic="Type hints")
    assert (first.status_code, again.status_code) == (303, 303)
    assert site.stored() == stored
    assert "Claimed" in visitor.open().get_data(as_text=True)


def test_someone_quicker_gets_a_clear_answer(site: Site, grid: dict[str, str]) -> None:
    slot = grid["Room 251 14"]
    first, second = site.visitor(), site.visitor()
    first.join("Ana Lima")
    second.join("Ben Okafor")
    second.open()  # the page still offers the slot
    first.act(slot, "claim", topic="Async scrapers")
    html = second.act(slot, "claim", topic="Rust extensions")
    assert "Someone was quicker. Someone has just claimed this slot." in html
    assert site.session(slot)["topic"] == "Async scrapers"  # type: ignore[index]


@pytest.mark.parametrize("action", ["claim", "release", "interest", "interest/withdraw"])
def test_a_form_without_a_csrf_token_is_refused_and_stores_nothing(
        site: Site, grid: dict[str, str], action: str) -> None:
    slot = grid["Room 250A 15"]
    owner = site.visitor()
    owner.join("Ana Lima")
    if action != "claim":
        owner.act(slot, "claim", topic="Already here")
    stored = site.stored()
    response = owner.post(slot, action, csrf=False, topic="Forged")
    assert response.status_code == 400
    assert "nothing was done" in response.get_data(as_text=True)
    assert site.stored() == stored


def test_one_person_cannot_release_anothers_session(site: Site, grid: dict[str, str]) -> None:
    slot = grid["Room 250A 14"]
    host, other = site.visitor(), site.visitor()
    host.join("Ana Lima")
    host.act(slot, "claim", topic="Maintainers' circle")
    other.join("Ben Okafor")
    assert "/release" not in cell(other.html, slot)  # no button for someone else's session
    stored = site.stored()
    html = other.act(slot, "release")
    assert "Only the host or an organizer can release this session." in html
    assert site.stored() == stored
    assert site.session(slot)["host_name"] == "Ana Lima"  # type: ignore[index]


def test_signed_out_forms_lead_to_joining_and_store_nothing(
        site: Site, grid: dict[str, str]) -> None:
    visitor = site.visitor()
    visitor.open()
    stored = site.stored()
    response = visitor.post(grid["Room 251 14"], "claim", topic="Anonymous")
    assert response.status_code == 303
    assert response.location.startswith("/register?next=")
    assert site.stored() == stored
    assert visitor.post("not-a-slot", "claim", topic="x").status_code == 303
    visitor.join("Ana Lima")
    assert visitor.post("not-a-slot", "claim", topic="x").status_code == 404
    assert visitor.post(uuid4().hex, "claim", topic="x").status_code == 303  # "No such…"


def test_a_slot_inside_the_claim_window_shows_claims_closed_and_refuses(
        site: Site, grid: dict[str, str]) -> None:
    site.api("PATCH", "/conference", {"claim_closes_minutes_before": 60})
    soon = site.slot(site.room("Hallway Lounge"), local(12, 30))  # in 30 minutes
    visitor = site.visitor()
    visitor.join("Ana Lima")
    html = visitor.open().get_data(as_text=True)
    assert "Claims close 1 hour before the slot starts." in html
    closed = cell(html, soon)
    assert "Claims closed" in closed and 'name="topic"' not in closed
    assert 'name="topic"' in cell(html, grid["Room 251 14"])  # two hours ahead: open
    stored = site.stored()
    html = visitor.act(soon, "claim", topic="Too late for this")
    assert "Claims for this slot closed 60 minutes before it starts." in html
    assert site.stored() == stored
    person = site.flask_app.test_client().post("/api/v1/people", json={"name": "Cy"})
    response = site.flask_app.test_client().post(
        f"/api/v1/open-space/slots/{soon}/claim", json={"topic": "Via the API"},
        headers={"Authorization": f"Bearer {person.get_json()['token']}"})
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "too_late"


def test_text_too_long_is_refused_with_the_reason(site: Site, grid: dict[str, str]) -> None:
    visitor = site.visitor()
    visitor.join("Ana Lima")
    stored = site.stored()
    html = visitor.act(grid["Room 251 14"], "claim", topic="x" * 201)
    assert "&#39;topic&#39; is 201 characters long; the limit is 200." in html
    html = visitor.act(grid["Room 251 14"], "claim", topic="ok", description="y" * 2001)
    assert "the limit is 2000." in html
    assert site.stored() == stored


def test_what_people_type_is_escaped(site: Site, grid: dict[str, str]) -> None:
    slot = grid["Room 250A 15"]
    visitor = site.visitor()
    visitor.join("<b>Mallory</b>")
    html = visitor.act(slot, "claim", topic=XSS, description=f"{XSS}\n<script>x()</script>")
    assert site.session(slot)["topic"] == XSS  # type: ignore[index]
    for page in (html, site.visitor().open().get_data(as_text=True)):
        assert XSS not in page and "<b>Mallory</b>" not in page and "<script>x()" not in page
        assert "&lt;img src=x onerror=alert(1)&gt;" in page
        assert "&lt;b&gt;Mallory&lt;/b&gt;" in page


def test_every_form_carries_a_token_a_key_and_its_api_twin(
        site: Site, grid: dict[str, str]) -> None:
    visitor = site.visitor()
    visitor.join("Ana Lima")
    visitor.act(grid["Room 250A 14"], "claim", topic="Mine")
    html = visitor.open().get_data(as_text=True)
    forms = re.findall(r"<form\b.*?</form>", html, flags=re.S)
    assert len(forms) >= 4
    for form in forms:
        if 'action="/signout"' in form:
            continue
        assert 'name="csrf_token"' in form and 'name="idempotency_key"' in form
        assert re.search(r'data-api="(POST|DELETE) /api/v1/open-space/slots/', form)
    keys = re.findall(r'name="idempotency_key" value="([^"]+)"', html)
    signouts = sum('action="/signout"' in form for form in forms)
    assert len(keys) == len(set(keys)) == len(forms) - signouts
    for key in keys:
        assert UUID(hex=key).hex == key.replace("-", "").lower()


def test_a_host_sees_why_an_organizer_moved_their_session(
        site: Site, grid: dict[str, str]) -> None:
    host = site.visitor()
    host.join("Ana Lima")
    host.act(grid["Room 250A 14"], "claim", topic="Packaging <b>now</b>")
    assert "Changes to your sessions" not in host.open().get_data(as_text=True)

    site.api("POST", f"/open-space/slots/{grid['Room 250A 14']}/move",
             {"to": grid["Room 251 15"], "reason": "Room 250A has no projector <today>"})
    html = host.open().get_data(as_text=True)
    assert "Changes to your sessions" in html
    notices = html[html.index("notices-heading"):html.index("</section>")]
    assert "Room 250A has no projector &lt;today&gt;" in notices
    assert "<b>now</b>" not in html
    other = site.visitor()
    other.join("Ben Okafor")
    assert "Changes to your sessions" not in other.open().get_data(as_text=True)
