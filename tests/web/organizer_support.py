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


def generate_log(app: Coordinator, events: int, seed: int = 5) -> None:
    """A conference's worth of events, fast: aggregates built and changed in memory, then
    saved many at a time (each ``save`` atomic, versions as the commands would make)."""
    import random
    from datetime import UTC, datetime, timedelta
    from uuid import uuid4 as new_id

    from coordinator.booths.aggregate import Booth
    from coordinator.errors import DomainError
    from coordinator.open_space.aggregate import OpenSpaceSlot
    from coordinator.people.aggregate import Person
    from coordinator.shifts.aggregate import Shift

    rng = random.Random(seed)
    start = datetime(2030, 5, 15, 8, tzinfo=UTC)
    conference = app.conference()
    conference.change_settings({"name": "Big Con", "time_zone": "UTC"})
    rooms = [new_id() for _ in range(8)]
    for number, room in enumerate(rooms):
        conference.add_room(room, f"Room {number + 1}", 30)
    slots = [OpenSpaceSlot(room_id=room, starts_at=start + timedelta(hours=h),
                           ends_at=start + timedelta(hours=h, minutes=50))
             for room in rooms for h in range(24)]
    shifts = [Shift(role=f"Role {n % 7}", location=f"Place {n % 5}",
                    starts_at=start + timedelta(hours=n % 40), ends_at=start +
                    timedelta(hours=n % 40 + 1), capacity=rng.randint(2, 30), description="")
              for n in range(200)]
    booths = [Booth(name=f"Booth {n}", location="Expo") for n in range(10)]
    people = [Person(name=f"Person {n}", email=None, roles=["volunteer"]) for n in range(1500)]
    app.save(conference, *slots, *shifts, *booths, *people)
    later = start - timedelta(days=1)  # claims happen before the slots start
    dirty: dict[object, object] = {}
    count = app.recorder.max_notification_id() or 0
    while count < events:
        who = rng.choice(people)
        roll = rng.random()
        try:
            if roll < 0.35:
                shift = rng.choice(shifts)
                shift.sign_up(who.id)
                who.commit_to(shift.id, shift.starts_at, shift.ends_at)
                touched = [shift, who]
            elif roll < 0.5:
                shift = rng.choice(shifts)
                if not shift.signups:
                    continue
                person = next(p for p in people if p.id.hex == shift.signups[0])
                shift.cancel_signup(person.id)
                person.release(shift.id)
                touched = [shift, person]
            elif roll < 0.7:
                slot = rng.choice(slots)
                if slot.session is None:
                    slot.claim(who.id, who.name, f"Topic {count}", "", later, 0)
                else:
                    slot.release(None, "")
                touched = [slot]
            elif roll < 0.85:
                slot = rng.choice(slots)
                slot.register_interest(who.id)
                touched = [slot]
            else:
                booth = rng.choice(booths)
                if booth.holder is None:
                    booth.staff(who.id)
                else:
                    from uuid import UUID

                    booth.vacate(UUID(hex=booth.holder))
                touched = [booth]
        except DomainError:
            continue
        for aggregate in touched:
            dirty[id(aggregate)] = aggregate
        count += len(touched)  # about one event each
        if len(dirty) >= 400:
            app.save(*dirty.values())  # type: ignore[arg-type]
            dirty.clear()
            count = app.recorder.max_notification_id() or 0
    if dirty:
        app.save(*dirty.values())  # type: ignore[arg-type]
