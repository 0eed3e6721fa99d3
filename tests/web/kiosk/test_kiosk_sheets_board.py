"""The sheets kiosk page and the announcements band as HTTP answers (Flask test client,
no browser): the frame the server renders, what the page subscribes to, the QR code
to the phones' /sheets page, the start page's link, and the announcements in force,
escaped. How the board draws each kind of sheet is in
tests/browser/test_kiosk_sheets_browser.py."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.web.api_helpers import ADMIN_TOKEN, Api, close_flask_app, make_flask_app, soon

HOSTILE = "<script>alert(1)</script> & <b>bold</b>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;"
BOARDS = ["/kiosk/sheets", "/kiosk/open-space", "/kiosk/shifts", "/kiosk/booths",
          "/kiosk?boards=sheets,booths"]


@pytest.fixture(scope="module")
def flask_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    folder: Path = tmp_path_factory.mktemp("kiosk-sheets")
    app = make_flask_app(f"sqlite:///{folder}/coordinator.db")
    try:
        yield app
    finally:
        close_flask_app(app)


@pytest.fixture(scope="module")
def api(flask_app: Flask) -> Api:
    api = Api(flask_app, flask_app.test_client())
    api.ok(api.patch("/conference", ADMIN_TOKEN, json_body={"name": "Sheets Conf",
                                                            "time_zone": "UTC"}), 200)
    return api


@pytest.fixture
def client(flask_app: Flask, api: Api) -> FlaskClient:
    return flask_app.test_client()


def page_config(html: str) -> dict[str, Any]:
    found = re.search(r'<script type="application/json" id="kiosk-config">(.*?)</script>',
                      html, re.S)
    assert found is not None
    config: dict[str, Any] = json.loads(found.group(1))
    return config


def banner(html: str) -> str:
    found = re.search(r'<aside class="announcements".*?</aside>', html, re.S)
    assert found is not None
    return found.group(0)


def board_has(api: Api, board: str, wanted: str) -> None:
    """Wait until the board the page reads from has caught up with a command."""
    deadline = time.monotonic() + 5
    while wanted not in json.dumps(api.services.boards.board(board)[1]):
        assert time.monotonic() < deadline, f"{wanted} never reached the {board} board"
        time.sleep(0.05)


def test_sheets_page_answers_200_on_a_first_visit(client: FlaskClient) -> None:
    response = client.get("/kiosk/sheets")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers
    html = response.get_data(as_text=True)
    assert page_config(html)["panels"] == [{"board": "sheets", "kind": "sheets", "day": None}]
    assert "<h1 class=\"panel-title\">Sign-up sheets</h1>" in html


def test_sheets_page_shows_a_qr_code_to_the_phone_page(client: FlaskClient) -> None:
    html = client.get("/kiosk/sheets").get_data(as_text=True)
    assert re.search(r'<a class="panel-qr" href="http://localhost/sheets"', html)
    assert "qr-code" in html


def test_start_page_lists_the_sheets_board(client: FlaskClient) -> None:
    html = client.get("/").get_data(as_text=True)
    assert 'href="/kiosk/sheets"' in html


def test_a_rotating_kiosk_can_show_the_sheets_board(client: FlaskClient) -> None:
    response = client.get("/kiosk?boards=sheets,booths&interval=5")
    assert response.status_code == 200
    boards = [p["board"] for p in page_config(response.get_data(as_text=True))["panels"]]
    assert boards == ["sheets", "booths"]
    wrong = client.get("/kiosk?boards=sheet")
    assert wrong.status_code == 400
    assert "sheets" in wrong.get_data(as_text=True)


def test_the_sheets_board_the_page_reads_leaves_cancelled_sheets_out(api: Api) -> None:
    app = api.services.app
    kept = app.post_sheet("sprint", HOSTILE, soon(hours=1), "Table 7", 5).result["id"]
    gone = app.post_sheet("dinner", "Cancelled dinner", soon(hours=2), "Old town", 4,
                          meeting_point="Front door").result["id"]
    app.cancel_sheet(UUID(gone), "Rain")
    board_has(api, "sheets", kept)
    sheets = api.services.boards.board("sheets")[1]["sheets"]
    ids = [s["id"] for s in sheets]
    assert kept in ids
    assert gone not in ids
    assert next(s for s in sheets if s["id"] == kept)["title"] == HOSTILE


@pytest.mark.parametrize("path", BOARDS)
def test_every_board_shows_the_announcements_in_force_escaped(
        api: Api, client: FlaskClient, path: str) -> None:
    app = api.services.app
    until = datetime.now(UTC) + timedelta(hours=2)
    posted = app.post_announcement(f"{path} {HOSTILE}", until.isoformat()).result["id"]
    board_has(api, "announcements", posted)
    html = client.get(path).get_data(as_text=True)
    band = banner(html)
    assert "hidden" not in band.split(">", 1)[0]
    assert f'data-announcement="{posted}"' in band
    assert ESCAPED in band
    assert HOSTILE not in html
    app.withdraw_announcement(UUID(posted))


def test_withdrawn_announcements_are_not_shown(api: Api, client: FlaskClient) -> None:
    app = api.services.app
    posted = app.post_announcement("Lunch moved to the atrium").result["id"]
    board_has(api, "announcements", posted)
    assert "Lunch moved to the atrium" in banner(client.get("/kiosk/sheets").get_data(as_text=True))
    app.withdraw_announcement(UUID(posted))
    deadline = time.monotonic() + 5
    while posted in json.dumps(api.services.boards.board("announcements")[1]):
        assert time.monotonic() < deadline
        time.sleep(0.05)
    band = banner(client.get("/kiosk/sheets").get_data(as_text=True))
    assert "Lunch moved" not in band
    assert re.match(r'<aside class="announcements"[^>]*\bhidden\b', band)


def test_bad_day_on_the_sheets_page_is_not_a_500(client: FlaskClient) -> None:
    # The board has no day; a stray ?day= is ignored, never an error page.
    assert client.get("/kiosk/sheets?day=not-a-day").status_code == 200
