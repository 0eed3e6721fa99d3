"""Helpers for the organizer page tests: a laptop's browser as a Flask test client (CSRF
on, as in production) that signs in with the admin token and sends forms."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from uuid import uuid4

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from coordinator.application import Coordinator
from tests.web.api_helpers import ADMIN_TOKEN, close_flask_app, make_flask_app
from web.services import Services

CSRF = re.compile(r'name="csrf-token" content="([^"]+)"')


@dataclass
class Browser:
    flask_app: Flask
    client: FlaskClient

    @property
    def services(self) -> Services:
        found: Services = self.flask_app.extensions["coordinator"]
        return found

    @property
    def app(self) -> Coordinator:
        return self.services.app

    def stored(self) -> int:
        return self.app.recorder.max_notification_id() or 0

    def csrf(self, path: str = "/organizer") -> str:
        page = self.client.get(path)
        found = CSRF.search(page.get_data(as_text=True))
        assert found, page.get_data(as_text=True)[:500]
        return found.group(1)

    def sign_in(self, name: str = "Maria", token: str = ADMIN_TOKEN) -> TestResponse:
        return self.client.post("/organizer/signin", data={
            "csrf_token": self.csrf(), "token": token, "name": name})

    def get(self, path: str, **kwargs: Any) -> TestResponse:
        return self.client.get(path, **kwargs)

    def text(self, path: str) -> str:
        response = self.client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        return response.get_data(as_text=True)

    def post(self, path: str, data: dict[str, Any] | None = None, *, csrf: bool = True,
             key: str | None = None, **kwargs: Any) -> TestResponse:
        sent = dict(data or {})
        if csrf:
            sent.setdefault("csrf_token", self.csrf())
        sent.setdefault("idempotency_key", key or uuid4().hex)
        return self.client.post(path, data=sent, **kwargs)

    def flashes(self, response: TestResponse) -> str:
        """The page a form's redirect leads to (where its message is shown)."""
        assert response.status_code == 303, response.get_data(as_text=True)[:500]
        return self.text(response.headers["Location"])


def browser_on(database_url: str) -> Iterator[Browser]:
    flask_app = make_flask_app(database_url)
    try:
        yield Browser(flask_app, flask_app.test_client())
    finally:
        close_flask_app(flask_app)


@pytest.fixture
def browser(database_url: str) -> Iterator[Browser]:
    """A signed-out browser on a fresh store (SQLite and PostgreSQL)."""
    yield from browser_on(database_url)


@pytest.fixture
def organizer(browser: Browser) -> Browser:
    """A browser with an organizer (Maria) signed in."""
    assert browser.sign_in().status_code == 303
    return browser
