"""Small tables of our own beside the library's events table, on either backend.

Statements are written once, SQLite-style (``?`` placeholders) with ``{schema}.``
before table names; on PostgreSQL they run in the store's schema with ``%s``.

Where we open SQLite connections of our own (here, the history index, the log pages,
the store's secrets), ``sqlite_errors`` turns ``sqlite3`` errors into the library's, as
its own connections do: a full disk or a locked file is then the same
``PersistenceError`` (a 503, "retry shortly") wherever it happens, never a 500.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from typing import Any

from eventsourcing import persistence
from eventsourcing.persistence import ApplicationRecorder

Statement = tuple[str, Sequence[Any]]


def is_sqlite(recorder: ApplicationRecorder) -> bool:
    return type(recorder).__module__.endswith("sqlite")


# sqlite3's errors and the library's, most specific first (as ``eventsourcing.sqlite``).
_TRANSLATED: tuple[tuple[type[sqlite3.Error], type[persistence.PersistenceError]], ...] = (
    (sqlite3.InterfaceError, persistence.InterfaceError),
    (sqlite3.DataError, persistence.DataError),
    (sqlite3.OperationalError, persistence.OperationalError),
    (sqlite3.IntegrityError, persistence.IntegrityError),
    (sqlite3.InternalError, persistence.InternalError),
    (sqlite3.ProgrammingError, persistence.ProgrammingError),
    (sqlite3.NotSupportedError, persistence.NotSupportedError),
    (sqlite3.DatabaseError, persistence.DatabaseError),
)


@contextmanager
def sqlite_errors() -> Iterator[None]:
    """Raise the library's error for any ``sqlite3`` error in the block."""
    try:
        yield
    except sqlite3.Error as error:
        kind = next((ours for theirs, ours in _TRANSLATED if isinstance(error, theirs)),
                    persistence.PersistenceError)
        raise kind(error) from error


def run(recorder: ApplicationRecorder, *statements: Statement,
        commit: bool = False) -> list[tuple[Any, ...]]:
    """Run the statements in one transaction; returns the rows of the last one."""
    datastore = recorder.datastore  # type: ignore[attr-defined]
    if is_sqlite(recorder):
        # A connection of our own: the library's pool wraps every use in BEGIN/ROLLBACK
        # unless it is a writer, and we want plain autocommit DDL here.
        with sqlite_errors(), closing(sqlite3.connect(datastore.pool.db_name,
                                                      timeout=30)) as conn, conn:
            rows: list[tuple[Any, ...]] = []
            for query, params in statements:
                cursor = conn.execute(query.replace("{schema}.", ""), tuple(params))
                rows = [tuple(r) for r in cursor.fetchall()]
            return rows
    schema = datastore.schema
    with datastore.transaction(commit=commit) as cursor:
        result: list[tuple[Any, ...]] = []
        for query, params in statements:
            cursor.execute(query.replace("{schema}.", f"{schema}.").replace("?", "%s"),
                           tuple(params))
            fetched = cursor.fetchall() if cursor.description else []
            result = [tuple(r.values()) if isinstance(r, dict) else tuple(r) for r in fetched]
        return result
