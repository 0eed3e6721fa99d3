"""Helpers for the volunteer page tests: a phone's browser as a Flask test client that
reads the forms on a page (with their CSRF token and idempotency key) and sends them,
as a browser without JavaScript would."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from html.parser import HTMLParser
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.web.api_helpers import ADMIN_TOKEN

XSS = "<img src=x onerror=alert(1)>"


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, str] = field(default_factory=dict)
    radios: list[str] = field(default_factory=list)  # values of radio buttons named "to"


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self._open: Form | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._open = Form(found.get("action", ""), found.get("method", "get").lower())
            self.forms.append(self._open)
        elif tag == "input" and self._open is not None and "name" in found:
            if found.get("type") == "radio":
                self._open.radios.append(found.get("value", ""))
            elif found.get("type") == "hidden":
                self._open.fields[found["name"]] = found.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._open = None


def forms_of(html: str) -> list[Form]:
    parser = _Forms()
    parser.feed(html)
    return parser.forms


@dataclass
class Phone:
    """One person's browser: its own cookies, no JavaScript."""

    flask_app: Flask
    client: FlaskClient
    person_id: str = ""
    last_html: str = ""

    def get(self, path: str) -> TestResponse:
        response = self.client.get(path)
        self.last_html = response.get_data(as_text=True)
        return response

    def form(self, path: str, action: str) -> Form:
        """The form on the page at ``path`` that posts to ``action``."""
        response = self.get(path)
        assert response.status_code == 200, response.status_code
        for form in forms_of(self.last_html):
            if form.action.split("#")[0] == action:
                return form
        raise AssertionError(f"no form posting to {action} on {path}")

    def has_form(self, path: str, action: str) -> bool:
        self.get(path)
        return any(f.action.split("#")[0] == action for f in forms_of(self.last_html))

    def send(self, form: Form, **values: str) -> TestResponse:
        """Post a form as the browser would, then follow the redirect to the page."""
        response = self.client.post(form.action, data={**form.fields, **values})
        assert response.status_code == 303, (response.status_code, response.get_data())
        return response

    def submit(self, path: str, action: str, **values: str) -> str:
        """Send the form from ``path`` to ``action``; the page it lands on (with its flash)."""
        response = self.send(self.form(path, action), **values)
        landed = self.get(response.headers["Location"])
        assert landed.status_code == 200
        return self.last_html

    def sign_in(self, person_id: str, token: str) -> None:
        """Open the personal link, as on a second device."""
        assert self.client.get(f"/signin/{token}").status_code == 303
        self.person_id = person_id

    def csrf(self) -> str:
        self.get("/register")
        return forms_of(self.last_html)[0].fields["csrf_token"]

    def join(self, name: str) -> str:
        """Register with the join form on /volunteer; the new person's id."""
        form = self.form("/volunteer", "/register")
        response = self.send(form, name=name)
        assert response.headers["Location"].startswith("/volunteer")
        with self.client.session_transaction() as session:
            self.person_id = str(session["person_id"])
        return self.person_id


def phone(flask_app: Flask) -> Phone:
    return Phone(flask_app, flask_app.test_client())


def api(flask_app: Flask, method: str, path: str, body: dict[str, Any] | None = None,
        token: str = ADMIN_TOKEN, status: int | None = None) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = flask_app.test_client().open(f"/api/v1{path}", method=method, json=body,
                                            headers=headers)
    if status is not None:
        assert response.status_code == status, response.get_data(as_text=True)
    else:
        assert response.status_code < 300, response.get_data(as_text=True)
    answer: dict[str, Any] = response.get_json()
    return answer


def schedule(flask_app: Flask, role: str, starts_at: datetime, ends_at: datetime,
             capacity: int = 3, location: str = "Hall A", description: str | None = None,
             ) -> str:
    body: dict[str, Any] = {"role": role, "location": location,
                            "starts_at": starts_at.isoformat(),
                            "ends_at": ends_at.isoformat(), "capacity": capacity}
    if description is not None:
        body["description"] = description
    shift_id: str = api(flask_app, "POST", "/shifts", body)["id"]
    return shift_id


def register(flask_app: Flask, name: str) -> tuple[str, str]:
    answer = api(flask_app, "POST", "/people", {"name": name}, token="")
    return answer["id"], answer["token"]


def stored(flask_app: Flask) -> int:
    return int(flask_app.extensions["coordinator"].app.recorder.max_notification_id() or 0)


def taken(flask_app: Flask, shift_id: str) -> int:
    shifts = api(flask_app, "GET", "/shifts")["shifts"]
    return int(next(s["taken"] for s in shifts if s["id"] == shift_id))
