"""The kiosk pages as HTTP answers (Flask test client, no browser): status codes,
escaping, the day shown, the rotation's parameters and the asset version.

The pure rules behind them are in tests/unit/test_kiosk_rules.py; the pages in a real
browser in tests/browser/."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.web.api_helpers import ADMIN_TOKEN, Api, close_flask_app, make_flask_app
from web.kiosk.assets import asset_version

NAME = "PyCon <script>alert(1)</script> & Friends"


@pytest.fixture(scope="module")
def flask_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    folder: Path = tmp_path_factory.mktemp("kiosk-pages")
    app = make_flask_app(f"sqlite:///{folder}/coordinator.db")
    try:
        yield app
    finally:
        close_flask_app(app)


@pytest.fixture(scope="module")
def seeded(flask_app: Flask) -> dict[str, Any]:
    api = Api(flask_app, flask_app.test_client())
    response = api.patch("/conference", ADMIN_TOKEN,
                         json_body={"name": NAME, "time_zone": "UTC"})
    api.ok(response, 200)
    room = api.add_room("Room <b>9</b>", capacity=20)
    later = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=3)
    api.open_slot(room, later)
    return {"room": room, "slot_day": later.date().isoformat()}


@pytest.fixture
def client(flask_app: Flask, seeded: dict[str, Any]) -> FlaskClient:
    return flask_app.test_client()


def page_config(html: str) -> dict[str, Any]:
    found = re.search(r'<script type="application/json" id="kiosk-config">(.*?)</script>',
                      html, re.S)
    assert found is not None
    config: dict[str, Any] = json.loads(found.group(1))
    return config


@pytest.mark.parametrize("path", ["/", "/kiosk", "/kiosk/open-space", "/kiosk/shifts",
                                  "/kiosk/booths", "/kiosk?boards=booths&interval=5"])
def test_pages_answer_200_on_a_first_visit(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"


def test_room_page(client: FlaskClient, seeded: dict[str, Any]) -> None:
    response = client.get(f"/kiosk/rooms/{seeded['room']}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Room &lt;b&gt;9&lt;/b&gt;" in html
    assert page_config(html)["panels"] == [
        {"board": f"rooms/{seeded['room']}", "kind": "room", "day": None}]


@pytest.mark.parametrize("room", ["0" * 32, "not-a-room", "..%2F..%2Fetc"])
def test_unknown_room_is_404(client: FlaskClient, room: str) -> None:
    response = client.get(f"/kiosk/rooms/{room}")
    assert response.status_code == 404
    assert response.mimetype == "text/html"


def test_what_organizers_typed_is_escaped(client: FlaskClient) -> None:
    html = client.get("/kiosk/open-space").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "PyCon &lt;script&gt;alert(1)&lt;/script&gt; &amp; Friends" in html
    # The page's JSON is escaped for a script element, and still says the same.
    assert page_config(html)["conference"]["name"] == NAME


def test_no_inline_script_runs(client: FlaskClient) -> None:
    response = client.get("/kiosk/open-space")
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    html = response.get_data(as_text=True)
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline == [' type="application/json" id="kiosk-config"']


def test_day_rule_and_day_parameter(client: FlaskClient, seeded: dict[str, Any]) -> None:
    # The only slots are three days ahead: without ?day= the page shows that day.
    config = page_config(client.get("/kiosk/open-space").get_data(as_text=True))
    assert config["panels"][0]["day"] == seeded["slot_day"]
    assert config["day_fixed"] is False
    config = page_config(client.get("/kiosk/open-space?day=2026-05-16").get_data(as_text=True))
    assert config["panels"][0]["day"] == "2026-05-16"
    assert config["day_fixed"] is True
    # No shifts at all: today.
    config = page_config(client.get("/kiosk/shifts").get_data(as_text=True))
    assert config["panels"][0]["day"] == config["today"]


@pytest.mark.parametrize("query", ["day=2026-02-30", "day=today", "boards=weather",
                                   "interval=soon", "boards=room"])
def test_bad_parameters_are_400(client: FlaskClient, query: str) -> None:
    path = "/kiosk/open-space" if query.startswith("day") else "/kiosk"
    response = client.get(f"{path}?{query}")
    assert response.status_code == 400
    assert response.mimetype == "text/html"


def test_rotation_parameters(client: FlaskClient, seeded: dict[str, Any]) -> None:
    room = seeded["room"]
    config = page_config(client.get(f"/kiosk?boards=shifts,room&room={room}&interval=1")
                         .get_data(as_text=True))
    assert [p["board"] for p in config["panels"]] == ["shifts", f"rooms/{room}"]
    assert config["interval"] == 3  # at least 3 seconds
    config = page_config(client.get("/kiosk").get_data(as_text=True))
    assert [p["board"] for p in config["panels"]] == ["open-space", "shifts", "booths"]
    assert config["interval"] == 20


def test_version_is_the_page_s_asset_version(client: FlaskClient) -> None:
    config = page_config(client.get("/kiosk/booths").get_data(as_text=True))
    answer = client.get("/kiosk/version").get_json()
    assert answer["asset_version"] == config["asset_version"] == asset_version()
    assert answer["conference"] == {"name": NAME, "time_zone": "UTC"}
    assert datetime.fromisoformat(answer["server_time"]).tzinfo is not None


def test_start_page_links_the_boards(client: FlaskClient, seeded: dict[str, Any]) -> None:
    html = client.get("/").get_data(as_text=True)
    for link in ("/kiosk/open-space", "/kiosk/shifts", "/kiosk/booths", "/kiosk",
                 f"/kiosk/rooms/{seeded['room']}", "/open-space", "/volunteer"):
        assert f'href="{link}"' in html


def test_qr_code_points_at_the_public_url(client: FlaskClient,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COORDINATOR_PUBLIC_URL", raising=False)  # whatever the shell has
    html = client.get("/kiosk/shifts").get_data(as_text=True)
    assert "<svg" in html and 'href="http://localhost/volunteer"' in html
    monkeypatch.setenv("COORDINATOR_PUBLIC_URL", "https://coordinator.example.org/")
    html = client.get("/kiosk/open-space").get_data(as_text=True)
    assert 'href="https://coordinator.example.org/open-space"' in html
