"""Fixtures for the JSON API tests: the API on a fresh store, or on one store per module.

The project root goes first on ``sys.path``: otherwise this folder (``tests/web``) is
found as a namespace package called ``web`` before the editable install's real one.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = str(Path(__file__).resolve().parents[2])
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)
if "web" in sys.modules and getattr(sys.modules["web"], "__file__", None) is None:
    del sys.modules["web"]  # the namespace package named above, if anything imported it

from tests.web.api_helpers import Api, close_flask_app, make_flask_app  # noqa: E402


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
