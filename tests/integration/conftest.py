"""Fixtures for the several-process tests: a Redis of their own, a PostgreSQL database."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.support.redis_server import RedisServer


@pytest.fixture
def redis_server() -> Iterator[RedisServer]:
    """A throwaway Redis the test may stop and start (not the machine's shared one)."""
    server = RedisServer().start()
    yield server
    server.stop()


@pytest.fixture
def postgres_url(postgres_server: Any) -> Iterator[str]:
    """A fresh database on the session's PostgreSQL server."""
    if postgres_server.server is None:
        pytest.fail(f"No PostgreSQL: {postgres_server.reason}")
    dbname = postgres_server.server.create_database()
    yield postgres_server.server.url_for(dbname)
    postgres_server.server.drop_database(dbname)
