"""Pages of the events table read with a plain cursor, leaving out topics nobody folds.

The library's ``select_notifications`` makes a ``Notification`` (and, on SQLite, a
``UUID``) of every row, and can only keep the topics it is given. Where nothing is
published, a third of the log is events no projection folds: here the database drops
them (``topic NOT IN ...``, so a topic this code does not know is still read), and the
rows it returns stay tuples.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing, contextmanager
from typing import Any
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder
from eventsourcing.utils import retry
from psycopg import InterfaceError, OperationalError
from psycopg.sql import SQL, Identifier

from coordinator.core.side_tables import is_sqlite, sqlite_errors
from projections.engine.decoding import uuid_from_hex

# (position, originator_id, originator_version, topic, state)
Row = tuple[int, UUID | str, int, str, bytes]
# read(after, stop, skip_topics, limit)
PageReader = Callable[[int, int, list[str], int], list[Row]]

PAGE = 1000


class LogPages:
    def __init__(self, recorder: ApplicationRecorder) -> None:
        self.recorder = recorder
        self.datastore: Any = recorder.datastore  # type: ignore[attr-defined]
        table: str = recorder.events_table_name  # type: ignore[attr-defined]
        self.sqlite = is_sqlite(recorder)
        if self.sqlite:
            self._table = table
            # What the library's recorder does with a stored id, less UUID's parsing.
            self._stored_id: Callable[[str], UUID | str] = (
                uuid_from_hex if self.datastore.originator_id_type == "uuid" else str)
        else:
            self._table = Identifier(self.datastore.schema, table).as_string(None)

    def last_position(self, at_or_before: int | None = None) -> int:
        """The position of the last event stored at or before this one (or at all)."""
        if at_or_before is None:
            return self.recorder.max_notification_id() or 0
        if self.sqlite:
            with self._sqlite() as connection:
                row = connection.execute(
                    f"SELECT MAX(rowid) FROM {self._table} WHERE rowid <= ?",
                    (at_or_before,)).fetchone()
                return int(row[0] or 0)
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(SQL(f"SELECT MAX(notification_id) AS last FROM {self._table} "  # type: ignore[arg-type]
                               "WHERE notification_id <= %s"), (at_or_before,))
            return int(cursor.fetchone()["last"] or 0)

    def pages(self, after: int, stop: int, skip_topics: Sequence[str] = ()) -> Iterator[list[Row]]:
        """Every row after ``after`` and up to ``stop`` but those of ``skip_topics``, in
        position order, a page at a time; no empty pages."""
        if after >= stop:
            return
        with self._page_reader() as read:
            while True:
                page = read(after, stop, list(skip_topics), PAGE)
                if page:
                    yield page
                if len(page) < PAGE:
                    return
                after = page[-1][0]

    def first_row(self, after: int, stop: int) -> Row | None:
        """The first row after ``after`` and up to ``stop``, of any topic."""
        with self._page_reader() as read:
            rows = read(after, stop, [], 1)
        return rows[0] if rows else None

    def _sqlite(self) -> closing[sqlite3.Connection]:
        # A connection of our own, as ``side_tables`` has: rows come as plain tuples.
        return closing(sqlite3.connect(self.datastore.pool.db_name, timeout=30))

    @contextmanager
    def _page_reader(self) -> Iterator[PageReader]:
        if not self.sqlite:
            yield self._postgres_page
            return
        stored_id = self._stored_id
        with sqlite_errors(), self._sqlite() as connection:
            def read(after: int, stop: int, skip_topics: list[str], limit: int) -> list[Row]:
                query = (f"SELECT rowid, originator_id, originator_version, topic, state "
                         f"FROM {self._table} WHERE rowid > ? AND rowid <= ? ")
                if skip_topics:
                    query += f"AND topic NOT IN ({','.join('?' * len(skip_topics))}) "
                rows = connection.execute(query + "ORDER BY rowid LIMIT ?",
                                          (after, stop, *skip_topics, limit)).fetchall()
                return [(position, stored_id(originator_id), version, topic, state)
                        for position, originator_id, version, topic, state in rows]

            yield read

    # As the library's ``select_notifications`` on PostgreSQL: a dropped connection is
    # tried again rather than failing a rebuild or a past board.
    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def _postgres_page(self, after: int, stop: int, skip_topics: list[str],
                       limit: int) -> list[Row]:
        query = (f"SELECT notification_id, originator_id, originator_version, topic, state "
                 f"FROM {self._table} WHERE notification_id > %s AND notification_id <= %s ")
        params: list[Any] = [after, stop]
        if skip_topics:
            query += "AND topic <> ALL(%s) "
            params.append(skip_topics)
        query += "ORDER BY notification_id LIMIT %s"
        params.append(limit)
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(SQL(query), params, prepare=True)  # type: ignore[arg-type]
            return [(row["notification_id"], row["originator_id"], row["originator_version"],
                     row["topic"], bytes(row["state"])) for row in cursor.fetchall()]
