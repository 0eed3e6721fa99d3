"""Where events live: one URL mapped onto the ``eventsourcing`` library's settings.

Besides the library's own tables the store keeps one small table of its own,
``coordinator_meta``, for values that belong to a store rather than to its
history (the generated secret key).
"""

from __future__ import annotations

import secrets
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder, PersistenceError

from coordinator.core import side_tables
from coordinator.core.side_tables import sqlite_errors

DEFAULT_URL = "sqlite:///coordinator.db"


@dataclass(frozen=True)
class StoreURL:
    url: str

    @property
    def scheme(self) -> str:
        return urlsplit(self.url).scheme.split("+")[0]

    @property
    def is_sqlite(self) -> bool:
        return self.scheme == "sqlite"

    @property
    def sqlite_path(self) -> str:
        # sqlite:///relative.db and sqlite:////absolute/path.db, as SQLAlchemy spells them
        return self.url[len("sqlite:///"):]

    def eventsourcing_env(self) -> dict[str, str]:
        """The library's environment for this store."""
        if self.is_sqlite:
            path = self.sqlite_path
            if not path or path == ":memory:":
                raise ValueError("An SQLite store needs a file: sqlite:///PATH")
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            return {
                "PERSISTENCE_MODULE": "eventsourcing.sqlite",
                "SQLITE_DBNAME": path,
                # Writers queue on SQLite's lock rather than fail at once.
                "SQLITE_LOCK_TIMEOUT": "30",
            }
        if self.scheme in ("postgresql", "postgres"):
            parts = urlsplit(self.url)
            return {
                "PERSISTENCE_MODULE": "eventsourcing.postgres",
                "POSTGRES_DBNAME": parts.path.lstrip("/") or "postgres",
                "POSTGRES_HOST": parts.hostname or "127.0.0.1",
                "POSTGRES_PORT": str(parts.port or 5432),
                "POSTGRES_USER": unquote(parts.username or "postgres"),
                "POSTGRES_PASSWORD": unquote(parts.password or ""),
                "POSTGRES_POOL_SIZE": "10",
                "POSTGRES_MAX_OVERFLOW": "20",
                # Also the longest wait for a pooled connection: an outage answers 503 soon.
                "POSTGRES_CONNECT_TIMEOUT": "2",
                "POSTGRES_LOCK_TIMEOUT": "10",
                "POSTGRES_PRE_PING": "y",
            }
        raise ValueError(
            f"Unsupported database URL '{self.url}': use sqlite:///PATH or "
            "postgresql://USER:PASSWORD@HOST:PORT/DB"
        )


def _is_sqlite(recorder: ApplicationRecorder) -> bool:
    return type(recorder).__module__.endswith("sqlite")


def position_of(recorder: ApplicationRecorder, originator_id: UUID, version: int) -> int | None:
    """The notification position of one stored event (the library has no call for this)."""
    datastore = recorder.datastore  # type: ignore[attr-defined]
    table = recorder.events_table_name  # type: ignore[attr-defined]
    if _is_sqlite(recorder):
        query = f"SELECT rowid FROM {table} WHERE originator_id=? AND originator_version=?"
        params: tuple[object, ...] = (originator_id.hex, version)
    else:
        query = (f"SELECT notification_id FROM {datastore.schema}.{table} "
                 "WHERE originator_id=%s AND originator_version=%s")
        params = (originator_id, version)
    with datastore.transaction(commit=False) as cursor:
        cursor.execute(query, params)
        row = cursor.fetchone()
    if row is None:
        return None
    return int(_first(row))


def _meta_statements(recorder: ApplicationRecorder) -> tuple[str, str, str]:
    if _is_sqlite(recorder):
        return (
            "CREATE TABLE IF NOT EXISTS coordinator_meta (key TEXT PRIMARY KEY, value TEXT)",
            "INSERT INTO coordinator_meta (key, value) VALUES (?, ?) ON CONFLICT DO NOTHING",
            "SELECT value FROM coordinator_meta WHERE key=?",
        )
    schema = recorder.datastore.schema  # type: ignore[attr-defined]
    return (
        f"CREATE TABLE IF NOT EXISTS {schema}.coordinator_meta "
        "(key TEXT PRIMARY KEY, value TEXT)",
        f"INSERT INTO {schema}.coordinator_meta (key, value) VALUES (%s, %s) "
        "ON CONFLICT DO NOTHING",
        f"SELECT value FROM {schema}.coordinator_meta WHERE key=%s",
    )


def stored_secret(recorder: ApplicationRecorder, key: str) -> str:
    """A random secret kept in the store, made on first use; every process reads the same.
    One made already is only read: a process starts on a store that is read-only now."""
    create, insert, select = _meta_statements(recorder)
    datastore = recorder.datastore  # type: ignore[attr-defined]
    try:
        found = side_tables.run(recorder, (select, (key,)))
    except PersistenceError:
        found = []  # a new store: no table yet
    if found:
        return str(found[0][0])
    if _is_sqlite(recorder):
        # The library's SQLite cursor wrapper starts its own transaction; DDL is simpler direct.
        with sqlite_errors(), closing(sqlite3.connect(datastore.pool.db_name,
                                                      timeout=30)) as conn, conn:
            conn.execute(create)
            conn.execute(insert, (key, secrets.token_hex(32)))
            return str(conn.execute(select, (key,)).fetchone()[0])
    with datastore.transaction(commit=True) as cursor:
        cursor.execute(create)
        cursor.execute(insert, (key, secrets.token_hex(32)))
        cursor.execute(select, (key,))
        row = cursor.fetchone()
    return str(_first(row))


def _first(row: object) -> object:
    """The first column, whether the driver gives tuples, sqlite3.Row or dicts."""
    if isinstance(row, dict):
        return next(iter(row.values()))
    return row[0]  # type: ignore[index]
