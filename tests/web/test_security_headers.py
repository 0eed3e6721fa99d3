"""Every page, asset and API answer carries the security headers; session cookies are
HttpOnly and SameSite, and Secure when the request came over HTTPS (through a proxy).

Pages are found in Flask's url_map, so a page added later is checked too.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.web.api_helpers import ADMIN_TOKEN, Api, close_flask_app, make_flask_app, soon
from tests.web.organizer_support import CSRF, Browser


@dataclass
class Site:
    flask_app: Flask
    ids: dict[str, str]
    volunteer: FlaskClient
    organizer: FlaskClient


@pytest.fixture(scope="module")
def site(module_database_url: str) -> Iterator[Site]:
    flask_app = make_flask_app(module_database_url, rate_limits=False)
    api = Api(flask_app, flask_app.test_client())
    ann = api.register("Ann")
    shift = api.schedule(starts_at=soon(days=1))
    room = api.add_room("Room A")
    api.open_slot(room, soon(days=1))
    booth = api.open_booth("Booth")
    ids = {"token": ann.token, "shift_id": shift, "room_id": room, "booth_id": booth,
           "kind": "shift", "entity_id": shift, "name": "shifts",
           "filename": "kiosk/kiosk.css"}
    volunteer = flask_app.test_client()
    assert volunteer.get(f"/signin/{ann.token}").status_code in (302, 303)
    organizer = Browser(flask_app, flask_app.test_client())
    organizer.sign_in()
    try:
        yield Site(flask_app, ids, volunteer, organizer.client)
    finally:
        close_flask_app(flask_app)


def _pages(flask_app: Flask, ids: dict[str, str]) -> list[str]:
    paths = []
    for rule in flask_app.url_map.iter_rules():
        if "GET" not in (rule.methods or set()) or rule.rule.startswith("/api/"):
            continue
        path = rule.rule
        for argument in rule.arguments:
            path = path.replace(f"<path:{argument}>", ids[argument]).replace(
                f"<{argument}>", ids[argument])
        paths.append(path)
    return sorted(paths)


def _check_headers(response: TestResponse, path: str) -> None:
    headers = response.headers
    policy = headers.get("Content-Security-Policy", "")
    directives = dict(part.strip().partition(" ")[::2] for part in policy.split(";"))
    assert "'self'" in directives.get("script-src", ""), (path, policy)
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, (path, policy)
    assert directives.get("frame-ancestors") == "'self'", (path, policy)
    assert directives.get("object-src") == "'none'", (path, policy)
    assert headers.get("X-Content-Type-Options") == "nosniff", path
    assert headers.get("Referrer-Policy") == "same-origin", path
    assert headers.get("X-Frame-Options") == "SAMEORIGIN", path


def test_the_site_has_the_pages_the_contract_names(site: Site) -> None:
    pages = _pages(site.flask_app, site.ids)
    for path in ("/", "/volunteer", "/open-space", "/kiosk/open-space", "/organizer"):
        assert path in pages


@pytest.mark.parametrize("who", ["anonymous", "volunteer", "organizer"])
def test_every_page_carries_the_security_headers(site: Site, who: str) -> None:
    client = {"anonymous": site.flask_app.test_client(), "volunteer": site.volunteer,
              "organizer": site.organizer}[who]
    checked = 0
    for path in _pages(site.flask_app, site.ids):
        response = client.get(path)
        assert response.status_code < 500, (path, response.status_code)
        _check_headers(response, path)
        checked += 1
    assert checked >= 30


def test_errors_and_the_api_carry_them_too(site: Site) -> None:
    client = site.flask_app.test_client()
    for path in ("/no-such-page", "/api/v1/shifts", "/api/v1/no-such-endpoint",
                 f"/kiosk/rooms/{uuid.uuid4().hex}", "/api/v1/events"):
        _check_headers(client.get(path), path)


def _session_cookie(response: TestResponse) -> str:
    cookies = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert cookies, response.headers
    return cookies[0]


@pytest.mark.parametrize("https", [False, True])
def test_session_cookies_are_httponly_samesite_and_secure_over_https(
        site: Site, https: bool) -> None:
    client = site.flask_app.test_client()
    headers = {"X-Forwarded-Proto": "https"} if https else {}
    signed_in = client.get(f"/signin/{site.ids['token']}", headers=headers)
    cookie = _session_cookie(signed_in)
    attributes = [part.strip().lower() for part in cookie.split(";")]
    assert "httponly" in attributes
    assert "samesite=lax" in attributes
    assert ("secure" in attributes) is https
    hsts = signed_in.headers.get("Strict-Transport-Security")
    assert (hsts is not None and "max-age=" in hsts) is https

    # A browser on https://: the Secure cookie comes back, and the form's Referer matches.
    base = "https://localhost" if https else "http://localhost"
    browser = site.flask_app.test_client()
    page = browser.get("/organizer", base_url=base)
    found = CSRF.search(page.get_data(as_text=True))
    assert found
    answer = browser.post("/organizer/signin", base_url=base,
                          headers={"Referer": f"{base}/organizer"},
                          data={"csrf_token": found.group(1), "token": ADMIN_TOKEN,
                                "name": "Maria"})
    assert answer.status_code == 303, answer.get_data(as_text=True)[:300]
    attributes = [p.strip().lower() for p in _session_cookie(answer).split(";")]
    assert "httponly" in attributes and "samesite=lax" in attributes
    assert ("secure" in attributes) is https
