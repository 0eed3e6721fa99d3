"""Fixtures for the JSON API tests: the API on a fresh store, or on one store per module."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

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


@pytest.fixture(scope="module", params=[
    "sqlite", pytest.param("postgres", marks=pytest.mark.postgres),
])
def module_database_url(request: pytest.FixtureRequest,
                        tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Like ``database_url``, but one store for a whole module (for tests that store nothing)."""
    if request.param == "sqlite":
        folder: Path = tmp_path_factory.mktemp("store")
        yield f"sqlite:///{folder}/coordinator.db"
        return
    availability = request.getfixturevalue("postgres_server")
    if availability.server is None:
        message = f"No PostgreSQL for the tests ({availability.reason})."
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    server = availability.server
    dbname = server.create_database()
    try:
        yield server.url_for(dbname)
    finally:
        server.drop_database(dbname)
