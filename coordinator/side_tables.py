"""Small tables of our own beside the library's events table, on either backend.

Statements are written once, SQLite-style (``?`` placeholders) with ``{schema}.``
before table names; on PostgreSQL they run in the store's schema with ``%s``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from contextlib import closing
from typing import Any

from eventsourcing.persistence import ApplicationRecorder

Statement = tuple[str, Sequence[Any]]


def is_sqlite(recorder: ApplicationRecorder) -> bool:
    return type(recorder).__module__.endswith("sqlite")


def run(recorder: ApplicationRecorder, *statements: Statement,
        commit: bool = False) -> list[tuple[Any, ...]]:
    """Run the statements in one transaction; returns the rows of the last one."""
    datastore = recorder.datastore  # type: ignore[attr-defined]
    if is_sqlite(recorder):
        # A connection of our own: the library's pool wraps every use in BEGIN/ROLLBACK
        # unless it is a writer, and we want plain autocommit DDL here.
        with closing(sqlite3.connect(datastore.pool.db_name, timeout=30)) as conn, conn:
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
