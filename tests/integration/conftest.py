"""Fixtures for tests that run a real ``coordinator serve`` process."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(scope="module", params=[
    "sqlite", pytest.param("postgres", marks=pytest.mark.postgres),
])
def module_database_url(request: pytest.FixtureRequest,
                        tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Like ``database_url``, but one fresh store for a whole module (one server per store)."""
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
