"""Helpers for the /sheets tests: a site with a fixed clock in New York, sheets posted
straight through the application (as an organizer would), and the board's view."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

import pytest
from flask import Flask

from coordinator.application import Coordinator
from tests.web.api_helpers import close_flask_app, make_flask_app
from tests.web.volunteer_helpers import api

TZ = ZoneInfo("America/New_York")
NOW = datetime(2026, 5, 15, 20, 0, tzinfo=UTC)  # Friday 16:00 in New York


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


def app_of(site: Flask) -> Coordinator:
    found: Coordinator = site.extensions["coordinator"].app
    return found


def post_sheet(site: Flask, kind: str, title: str, hour: int = 18, capacity: int | None = 3,
               owner: str | None = None, **extra: Any) -> str:
    outcome = app_of(site).post_sheet(
        kind, title, local(hour), extra.pop("location", "Room A"), capacity,
        owner_id=UUID(owner) if owner else None, **extra)
    sheet_id: str = outcome.result["id"]
    return sheet_id


def board_sheet(site: Flask, sheet_id: str) -> dict[str, Any]:
    sheets = site.extensions["coordinator"].boards.board("sheets")[1]["sheets"]
    found: dict[str, Any] = next(s for s in sheets if s["id"] == sheet_id)
    return found


def entry_names(site: Flask, sheet_id: str) -> list[str]:
    return [e["name"] for e in board_sheet(site, sheet_id)["entries"]]
