"""Helpers for the JSON API tests: a Flask test client wrapped to send requests as a
person, an organizer or nobody, and to check command answers."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from coordinator.config import Settings
from web import create_app
from web.services import Services

ADMIN_TOKEN = "test-admin-token-0123456789"
PREFIX = "/api/v1"

_MISSING = object()


@dataclass
class Api:
    """The JSON API of one web app, with the store's position at hand."""

    flask_app: Flask
    client: FlaskClient
    positions: list[int] = field(default_factory=list)

    @property
    def services(self) -> Services:
        found: Services = self.flask_app.extensions["coordinator"]
        return found

    def stored(self) -> int:
        """The position of the last event in the store (0 when empty)."""
        return self.services.app.recorder.max_notification_id() or 0

    def request(self, method: str, path: str, token: str | None = None, *,
                json_body: Any = _MISSING, data: str | bytes | None = None,
                headers: dict[str, str] | None = None) -> TestResponse:
        sent = dict(headers or {})
        if token is not None:
            sent["Authorization"] = f"Bearer {token}"
        url = path if path.startswith("/healthz") else PREFIX + path
        kwargs: dict[str, Any] = {"headers": sent}
        if json_body is not _MISSING:
            kwargs["data"] = json.dumps(json_body)
            kwargs["content_type"] = "application/json"
        elif data is not None:
            kwargs["data"] = data
            kwargs["content_type"] = "application/json"
        return self.client.open(url, method=method, **kwargs)

    def get(self, path: str, token: str | None = None, **kwargs: Any) -> TestResponse:
        return self.request("GET", path, token, **kwargs)

    def post(self, path: str, token: str | None = None, **kwargs: Any) -> TestResponse:
        return self.request("POST", path, token, **kwargs)

    def patch(self, path: str, token: str | None = None, **kwargs: Any) -> TestResponse:
        return self.request("PATCH", path, token, **kwargs)

    def delete(self, path: str, token: str | None = None, **kwargs: Any) -> TestResponse:
        return self.request("DELETE", path, token, **kwargs)

    # -- commands that must work, returning what the tests need next ---------

    def ok(self, response: TestResponse, status: int) -> dict[str, Any]:
        """Check a command's answer: the status, a `position` past every earlier one."""
        assert response.status_code == status, response.get_data(as_text=True)
        payload = response.get_json()
        assert isinstance(payload, dict)
        position = payload["position"]
        assert isinstance(position, int) and not isinstance(position, bool)
        if self.positions:
            assert position > self.positions[-1], (position, self.positions)
        self.positions.append(position)
        assert position == self.stored()
        return payload

    def register(self, name: str) -> Person:
        payload = self.ok(self.post("/people", json_body={"name": name}), 201)
        return Person(id=payload["id"], token=payload["token"], name=payload["name"])

    def schedule(self, *, starts_at: datetime, hours: float = 2, capacity: int = 3,
                 role: str = "Registration desk", location: str = "Hall A",
                 description: str | None = None) -> str:
        shift: dict[str, Any] = {
            "role": role, "location": location, "starts_at": starts_at.isoformat(),
            "ends_at": (starts_at + timedelta(hours=hours)).isoformat(), "capacity": capacity,
        }
        if description is not None:
            shift["description"] = description
        payload = self.ok(self.post("/shifts", ADMIN_TOKEN, json_body=shift), 201)
        shift_id: str = payload["id"]
        return shift_id

    def sign_up(self, shift_id: str, who: Person) -> None:
        self.ok(self.post(f"/shifts/{shift_id}/signups", who.token), 201)

    def add_room(self, name: str, capacity: int = 30) -> str:
        payload = self.ok(self.post("/rooms", ADMIN_TOKEN,
                                    json_body={"name": name, "capacity": capacity}), 201)
        room_id: str = payload["id"]
        return room_id

    def open_slot(self, room_id: str, starts_at: datetime, hours: float = 1) -> str:
        body = {"room_id": room_id, "starts_at": starts_at.isoformat(),
                "ends_at": (starts_at + timedelta(hours=hours)).isoformat()}
        payload = self.ok(self.post("/open-space/slots", ADMIN_TOKEN, json_body=body), 201)
        slot_id: str = payload["id"]
        return slot_id

    def claim(self, slot_id: str, who: Person, topic: str) -> None:
        self.ok(self.post(f"/open-space/slots/{slot_id}/claim", who.token,
                          json_body={"topic": topic}), 201)

    def open_booth(self, name: str, location: str = "Expo hall") -> str:
        payload = self.ok(self.post("/booths", ADMIN_TOKEN,
                                    json_body={"name": name, "location": location}), 201)
        booth_id: str = payload["id"]
        return booth_id


@dataclass(frozen=True)
class Person:
    id: str
    token: str
    name: str


def soon(hours: float = 0, days: float = 0) -> datetime:
    """A whole-minute time relative to now, in UTC."""
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    return now + timedelta(days=days, hours=hours)


def make_flask_app(database_url: str, *, rate_limits: bool = True) -> Flask:
    """The web app on a store; ``rate_limits=False`` for tables of hundreds of requests
    by one person (tests/web/test_rate_limits.py proves the limits themselves)."""
    flask_app = create_app(Settings(database_url=database_url, admin_token=ADMIN_TOKEN),
                           {"TESTING": True, "RATELIMIT_ENABLED": rate_limits})
    return flask_app


def close_flask_app(flask_app: Flask) -> None:
    found: Services = flask_app.extensions["coordinator"]
    found.close()
