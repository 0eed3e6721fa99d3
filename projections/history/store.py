"""The history index's tables, beside the library's events table (SQLite or PostgreSQL).

- ``coordinator_history``: one row per event: position, type, timestamp (UTC, sorts
  as text), who did it (``by_name``) and the sentence's parts (JSON);
- ``coordinator_history_subjects``: (subject, position) for every thing an event is
  about, so one person's, shift's, booth's or slot's history is an index range;
- ``coordinator_history_directory``: names and facts of every thing, as the words
  need them (``history_words.Directory``);
- ``coordinator_history_meta``: the position indexed so far and the code version.

A read model like the projections' checkpoints: made from the log, cleared and
made again whenever the code that writes it changes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from typing import Any

from eventsourcing.persistence import ApplicationRecorder

from coordinator.core.refusals import unless_read_only
from coordinator.core.side_tables import is_sqlite, sqlite_errors

HISTORY = "{schema}.coordinator_history"
SUBJECTS = "{schema}.coordinator_history_subjects"
DIRECTORY = "{schema}.coordinator_history_directory"
META = "{schema}.coordinator_history_meta"
CREATE = (
    f"CREATE TABLE IF NOT EXISTS {HISTORY} (position BIGINT PRIMARY KEY, type TEXT NOT NULL, "
    "timestamp TEXT NOT NULL, by_name TEXT, parts TEXT NOT NULL)",
    f"CREATE INDEX IF NOT EXISTS coordinator_history_type ON {HISTORY} (type, position)",
    f"CREATE INDEX IF NOT EXISTS coordinator_history_time ON {HISTORY} (timestamp)",
    f"CREATE INDEX IF NOT EXISTS coordinator_history_by ON {HISTORY} (by_name, position)",
    f"CREATE TABLE IF NOT EXISTS {SUBJECTS} (subject TEXT NOT NULL, position BIGINT NOT NULL, "
    "PRIMARY KEY (subject, position))",
    f"CREATE TABLE IF NOT EXISTS {DIRECTORY} (key TEXT PRIMARY KEY, kind TEXT NOT NULL, "
    "label TEXT NOT NULL, data TEXT NOT NULL)",
    f"CREATE INDEX IF NOT EXISTS coordinator_history_kind ON {DIRECTORY} (kind)",
    f"CREATE TABLE IF NOT EXISTS {META} (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    f"INSERT INTO {META} (key, value) VALUES ('position', '0') ON CONFLICT DO NOTHING",
    f"INSERT INTO {META} (key, value) VALUES ('version', '') ON CONFLICT DO NOTHING",
)
CHUNK = 200  # rows per INSERT statement


class Cursor:
    """Runs statements written SQLite-style (``?``, ``{schema}.``) on either backend."""

    def __init__(self, raw: Any, schema: str | None) -> None:
        self.raw = raw
        self.schema = schema

    def run(self, query: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        if self.schema is None:
            cursor = self.raw.execute(query.replace("{schema}.", ""), tuple(params))
            return [tuple(row) for row in cursor.fetchall()]
        self.raw.execute(query.replace("{schema}.", f"{self.schema}.").replace("?", "%s"),
                         tuple(params))
        if not self.raw.description:
            return []
        return [tuple(r.values()) if isinstance(r, dict) else tuple(r)
                for r in self.raw.fetchall()]

    def insert(self, table: str, columns: str, rows: list[tuple[Any, ...]],
               conflict: str = "ON CONFLICT DO NOTHING") -> None:
        """Many rows, a few hundred per statement."""
        if not rows:
            return
        marks = "(" + ", ".join("?" * len(rows[0])) + ")"
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start:start + CHUNK]
            self.run(f"INSERT INTO {table} ({columns}) VALUES "
                     + ", ".join([marks] * len(chunk)) + f" {conflict}",
                     [value for row in chunk for value in row])


@contextmanager
def transaction(recorder: ApplicationRecorder, write: bool = False) -> Iterator[Cursor]:
    """One transaction; a writing one on SQLite takes the write lock at once."""
    datastore = recorder.datastore  # type: ignore[attr-defined]
    if is_sqlite(recorder):
        with sqlite_errors(), closing(sqlite3.connect(datastore.pool.db_name, timeout=30,
                                                      isolation_level=None)) as conn:
            if write:
                # A read model made again from the log if lost: no need to wait for the disk.
                conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            try:
                yield Cursor(conn, None)
            except BaseException:
                if conn.in_transaction:  # SQLite rolls back itself on a full disk
                    conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        return
    with datastore.transaction(commit=write) as cursor:
        yield Cursor(cursor, datastore.schema)


def create_tables(recorder: ApplicationRecorder) -> None:
    with unless_read_only("The history index's tables"), \
            transaction(recorder, write=True) as cursor:
        for statement in CREATE:
            cursor.run(statement)


def clear(cursor: Cursor) -> None:
    for table in (HISTORY, SUBJECTS, DIRECTORY):
        cursor.run(f"DELETE FROM {table}")
    cursor.run(f"UPDATE {META} SET value = '0' WHERE key = 'position'")


def meta(cursor: Cursor, lock: bool = False) -> dict[str, str]:
    query = f"SELECT key, value FROM {META}"
    if lock and cursor.schema is not None:
        query += " FOR UPDATE"  # on SQLite the writing transaction holds the lock already
    return {str(k): str(v) for k, v in cursor.run(query)}


def set_meta(cursor: Cursor, key: str, value: str) -> None:
    cursor.run(f"UPDATE {META} SET value = ? WHERE key = ?", (value, key))
