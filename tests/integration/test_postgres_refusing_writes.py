"""PostgreSQL refusing writes under a real server (docs/deployment.md, "A full disk"): a
database whose tablespace is a small tmpfs, filled up, so its files cannot grow ("could
not extend file"); and a database set read-only. The same promises as SQLite's full disk
(``test_full_disk.py``): a clear 503 for every claim not stored, never 201 nor 500;
nothing acknowledged lost; claims work again once the database can write, without a
restart; ``coordinator verify`` agrees."""

from __future__ import annotations

import os
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest

from tests.support.availability import unavailable
from tests.support.claim_rush import refuse_then_recover, verify_store
from tests.support.server import ServerProcess
from tests.support.small_disk import SmallDisk, small_disk

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

SLOTS = 32


@dataclass(frozen=True)
class Database:
    name: str
    url: str
    admin_url: str
    disk: SmallDisk

    def admin(self, statement: str) -> None:
        with psycopg.connect(self.admin_url, autocommit=True, connect_timeout=5) as conn:
            conn.execute(statement)


def _data_directory_owner(admin_url: str) -> tuple[int, int]:
    """The uid and gid PostgreSQL runs as, from its data directory: it must be on this
    machine, for its tablespace to be a filesystem the test mounts."""
    with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as conn:
        row = conn.execute("SHOW data_directory").fetchone()
    folder = Path(row[0]) if row else None
    if folder is None or not folder.is_dir():
        unavailable(f"PostgreSQL's data directory ({folder}) is not on this machine: "
                    "no tablespace on a small filesystem can be made for it.")
    found = os.stat(folder)
    return found.st_uid, found.st_gid


@pytest.fixture
def database_on_small_disk(postgres_server: Any) -> Iterator[Database]:
    """A database made in a tablespace of its own on a 24 MB tmpfs that PostgreSQL owns;
    the database, the tablespace and the mount are removed afterwards."""
    if postgres_server.server is None:
        unavailable(f"No PostgreSQL: {postgres_server.reason}")
    server = postgres_server.server
    owner = _data_directory_owner(server.admin_url)
    # Outside pytest's folders, which PostgreSQL's user cannot enter.
    mount_point = Path(tempfile.mkdtemp(prefix="coordinator-tablespace-"))
    name = f"t_{uuid.uuid4().hex[:16]}"
    try:
        with small_disk(mount_point, megabytes=24, owner=owner) as disk:
            database = Database(name, server.url_for(name), server.admin_url, disk)
            database.admin(f"CREATE TABLESPACE {name} LOCATION '{mount_point}'")
            try:
                database.admin(f'CREATE DATABASE "{name}" TABLESPACE {name}')
                yield database
            finally:
                disk.empty()
                database.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                database.admin(f"DROP TABLESPACE IF EXISTS {name}")
    finally:
        mount_point.rmdir()


def test_postgres_with_a_full_tablespace(database_on_small_disk: Database,
                                         tmp_path: Path) -> None:
    database = database_on_small_disk
    with ServerProcess(database.url, tmp_path / "server.log") as server:
        refuse_then_recover(server, SLOTS, refuse=lambda: database.disk.fill(leave=0),
                            lift=database.disk.empty)
    log = (tmp_path / "server.log").read_text()
    assert "could not extend file" in log, "the tablespace never filled up"
    verify_store(database.url)


def test_postgres_set_read_only(database_on_small_disk: Database, tmp_path: Path) -> None:
    database = database_on_small_disk

    def read_only(on: bool) -> None:
        setting = "on" if on else "off"
        database.admin(f'ALTER DATABASE "{database.name}" '
                       f"SET default_transaction_read_only = {setting}")
        if on:  # sessions read the setting when they start: end those open now
            database.admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                           f"WHERE datname = '{database.name}'")
            time.sleep(1.5)  # the server's listener notices and connects again

    with ServerProcess(database.url, tmp_path / "server.log") as server:
        # Made writable again, the sessions the server opened meanwhile are not ended.
        rush = refuse_then_recover(server, SLOTS, refuse=lambda: read_only(True),
                                   lift=lambda: read_only(False))
    assert not rush.stored, "a read-only database stored a claim"
    assert "read-only transaction" in (tmp_path / "server.log").read_text()
    verify_store(database.url)
