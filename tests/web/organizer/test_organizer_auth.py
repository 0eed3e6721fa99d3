"""Who may use the organizer pages: the admin token and a name at sign-in, a session
afterwards; a person's session or token never opens them; every form needs its CSRF
token; and every organizer action records who did it (``by``)."""

from __future__ import annotations

import json
from urllib.parse import quote

from flask import Flask

from coordinator.event_log import event_to_dict, iter_notifications
from tests.web.api_helpers import ADMIN_TOKEN
from tests.web.organizer_support import Browser, browser, organizer  # noqa: F401

ID = "0" * 32


def last_events(b: Browser, count: int = 1) -> list[dict]:
    found = [event_to_dict(n, b.app.mapper, plain=True)
             for n in iter_notifications(b.app.recorder)]
    return found[-count:]


def organizer_urls(flask_app: Flask, method: str) -> list[str]:
    """Every organizer URL answering ``method``, with made-up ids filled in."""
    values = {"shift_id": ID, "slot_id": ID, "booth_id": ID, "room_id": ID,
              "entity_id": ID, "kind": "person", "name": "hours", "sheet_id": ID,
              "person_id": ID, "announcement_id": ID}
    urls = []
    adapter = flask_app.url_map.bind("localhost")
    for rule in flask_app.url_map.iter_rules():
        if rule.endpoint.startswith("organizer.") and method in (rule.methods or ()):
            urls.append(adapter.build(rule.endpoint, {k: values[k] for k in rule.arguments}))
    return sorted(urls)


def test_a_first_visit_gets_the_sign_in_form(browser: Browser) -> None:  # noqa: F811
    page = browser.get("/organizer")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'name="token"' in html and 'name="name"' in html
    assert "Signed in as" not in html
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]


def test_signing_in_needs_the_admin_token_and_a_name(browser: Browser) -> None:  # noqa: F811
    refused = browser.sign_in(token="not-the-token")
    assert refused.status_code == 403
    assert "not the organizers" in refused.get_data(as_text=True)
    assert browser.sign_in(name="   ").status_code == 400
    assert browser.sign_in(name="x" * 101).status_code == 400
    done = browser.sign_in(name="Maria")
    assert done.status_code == 303 and done.headers["Location"] == "/organizer"
    assert "Signed in as <strong>Maria</strong>" in browser.text("/organizer")
    out = browser.post("/organizer/signout")
    assert out.status_code == 303
    assert 'name="token"' in browser.text("/organizer")


def test_sign_in_goes_back_to_the_page_asked_for(browser: Browser) -> None:  # noqa: F811
    asked = browser.get("/organizer/history?type=Shift.SignedUp")
    assert asked.status_code == 303
    target = asked.headers["Location"]
    assert target.startswith("/organizer?next=")
    form = browser.text(target)
    assert 'value="/organizer/history?type=Shift.SignedUp"' in form
    response = browser.client.post("/organizer/signin", data={
        "csrf_token": browser.csrf(), "token": ADMIN_TOKEN, "name": "Maria",
        "next": "/organizer/history?type=Shift.SignedUp"})
    assert response.headers["Location"] == "/organizer/history?type=Shift.SignedUp"
    response = browser.client.post("/organizer/signin", data={
        "csrf_token": browser.csrf(), "token": ADMIN_TOKEN, "name": "Maria",
        "next": "https://evil.example/"})
    assert response.headers["Location"] == "/organizer"


def test_every_page_and_action_needs_an_organizer(browser: Browser) -> None:  # noqa: F811
    for url in organizer_urls(browser.flask_app, "GET"):
        response = browser.get(url)
        if url == "/organizer":
            assert response.status_code == 200
            continue
        assert response.status_code == 303, url
        assert response.headers["Location"].startswith("/organizer?next="), url
    token = browser.csrf()
    actions = organizer_urls(browser.flask_app, "POST")
    # The sheets' and announcements' forms are among them (their pages too, above).
    assert {f"/organizer/sheets/{ID}/entries/{ID}/outcome", f"/organizer/sheets/{ID}/order",
            f"/organizer/announcements/{ID}/withdraw", "/organizer/sheets"} <= set(actions)
    for url in actions:
        if url == "/organizer/signin":
            continue
        response = browser.client.post(url, data={"csrf_token": token, "name": "x",
                                                  "reason": "x", "person_id": ID})
        assert response.status_code == 403, url
    assert browser.stored() == 0


def test_a_persons_session_is_not_an_organizers(browser: Browser) -> None:  # noqa: F811
    registered = browser.client.post("/register", data={
        "csrf_token": browser.csrf("/register"), "name": "Ana", "next": "/me"})
    assert registered.status_code == 303
    stored = browser.stored()
    for url in organizer_urls(browser.flask_app, "GET"):
        if url != "/organizer":
            assert browser.get(url).status_code == 303, url
    assert 'name="token"' in browser.text("/organizer")
    token = browser.csrf("/me")
    for url in organizer_urls(browser.flask_app, "POST"):
        if url != "/organizer/signin":
            assert browser.client.post(url, data={"csrf_token": token}).status_code == 403
    assert browser.stored() == stored
    # Signing in as an organizer keeps the person signed in too, and signing out leaves them.
    browser.sign_in()
    assert browser.get("/organizer/history").status_code == 200
    browser.post("/organizer/signout")
    assert "Ana" in browser.text("/me")


def test_a_persons_token_is_refused_by_organizer_endpoints(browser: Browser) -> None:  # noqa: F811
    person = browser.client.post("/api/v1/people", json={"name": "Ana"}).get_json()
    headers = {"Authorization": f"Bearer {person['token']}"}
    before = browser.stored()
    for method, path in [("POST", "/api/v1/rooms"), ("POST", "/api/v1/shifts"),
                         ("PATCH", "/api/v1/conference"), ("GET", "/api/v1/events"),
                         ("GET", "/api/v1/boards/shifts?at=1")]:
        response = browser.client.open(path, method=method, headers=headers,
                                       json={"name": "R", "capacity": 3})
        assert response.status_code == 403, path
        assert response.get_json()["error"]["code"] == "forbidden"
    # ... and the bearer token is not a session: organizer pages stay closed to it.
    assert browser.get("/organizer/history", headers=headers).status_code == 303
    assert browser.stored() == before


def test_every_organizer_form_needs_its_csrf_token(organizer: Browser) -> None:  # noqa: F811
    for url in organizer_urls(organizer.flask_app, "POST"):
        response = organizer.post(url, {"name": "Room", "capacity": "3", "reason": "x"},
                                  csrf=False)
        assert response.status_code == 400, url
    assert organizer.stored() == 0


def test_changing_the_admin_token_signs_organizers_out(organizer: Browser) -> None:  # noqa: F811
    assert organizer.get("/organizer/history").status_code == 200
    organizer.services.admin_token = "a-new-token-0123456789"
    assert organizer.get("/organizer/history").status_code == 303


def test_organizer_forms_record_who_did_it(organizer: Browser) -> None:  # noqa: F811
    response = organizer.post("/organizer/rooms", {"name": "Room 1", "capacity": "20"})
    assert response.status_code == 303
    event = last_events(organizer)[0]
    assert event["type"] == "Conference.RoomAdded"
    assert event["data"]["by"] == "Maria"


def test_the_api_records_the_x_organizer_header(browser: Browser) -> None:  # noqa: F811
    admin = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    response = browser.client.post("/api/v1/rooms", json={"name": "A", "capacity": 3},
                                   headers={**admin, "X-Organizer": quote("José")})
    assert response.status_code == 201
    assert last_events(browser)[0]["data"]["by"] == "José"
    browser.client.post("/api/v1/rooms", json={"name": "B", "capacity": 3}, headers=admin)
    assert last_events(browser)[0]["data"]["by"] == "organizer"
    for bad in ("x" * 101, "%FF", "a%0Ab"):
        response = browser.client.post("/api/v1/rooms", json={"name": "C", "capacity": 3},
                                       headers={**admin, "X-Organizer": bad})
        assert response.status_code == 400, bad
        assert response.get_json()["error"]["code"] == "invalid_input"
    # A person's own actions carry no organizer's name.
    person = browser.client.post("/api/v1/people", json={"name": "Ana"}).get_json()
    assert "by" not in last_events(browser)[0]["data"]
    assert json.dumps(person)
