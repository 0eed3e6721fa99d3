"""Shared fixtures: every store-backed test runs on a real SQLite file and a real PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from coordinator.application import Coordinator


@pytest.fixture(params=["sqlite"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty store. (PostgreSQL joins the parameters in the test-infrastructure work.)"""
    yield f"sqlite:///{tmp_path}/coordinator.db"


@pytest.fixture
def app(database_url: str) -> Iterator[Coordinator]:
    application = Coordinator(database_url)
    yield application
    application.close()
