"""Fixtures for the JSON API tests (``module_database_url`` is in tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.web.api_helpers import Api, close_flask_app, make_flask_app


@pytest.fixture
def api(database_url: str) -> Iterator[Api]:
    """The API on a fresh, empty store (SQLite and PostgreSQL)."""
    flask_app = make_flask_app(database_url)
    try:
        yield Api(flask_app, flask_app.test_client())
    finally:
        close_flask_app(flask_app)

