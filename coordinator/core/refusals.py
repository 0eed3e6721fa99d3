"""A store that is there but refuses to write: its disk is full, or it is read-only.

Commands it refuses answer 503 like an outage (``web/shared/errors.py``), saying why. Two
things are particular to read-only PostgreSQL: a session keeps the read-only default it
started with, so the pool's sessions are replaced after a refusal; and a process started
while the database is read-only starts on the tables it has instead of failing to make
them.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from eventsourcing.persistence import ApplicationRecorder, PersistenceError

from coordinator.core.side_tables import is_sqlite

logger = logging.getLogger(__name__)

# How the drivers word it: SQLite's full disk, PostgreSQL's (SQLSTATE 53100, "could not
# extend file ..."), a read-only PostgreSQL transaction and a read-only SQLite file.
_FULL = ("disk is full", "no space left on device", "could not extend file")
_READ_ONLY = ("read-only transaction", "readonly database")


def refuses_writes(error: BaseException) -> bool:
    """Whether a store error says the store is full or read-only, not unreachable."""
    text = str(error).lower()
    return any(words in text for words in _FULL + _READ_ONLY)


def is_read_only(error: BaseException) -> bool:
    text = str(error).lower()
    return any(words in text for words in _READ_ONLY)


def renew_read_only_sessions(recorder: ApplicationRecorder, error: BaseException) -> bool:
    """After a write refused as read-only on PostgreSQL, replace the pool's sessions; True
    when one more try is worth it. A session reads ``default_transaction_read_only`` when
    it starts: one started while the database was read-only would refuse every write
    after it was made writable again, until a restart."""
    if is_sqlite(recorder) or not is_read_only(error):
        return False
    recorder.datastore.pool.drain()  # type: ignore[attr-defined]
    return True


@contextmanager
def unless_read_only(what: str) -> Iterator[None]:
    """Make tables (``CREATE ... IF NOT EXISTS``) unless the store is read-only now: a
    process restarted then serves reads on the tables it has, and answers 503 to writes.
    PostgreSQL refuses such DDL in a read-only transaction even when the table exists."""
    try:
        yield
    except PersistenceError as error:
        if not is_read_only(error):
            raise
        logger.warning("%s not made, the store is read-only: %s", what, error)
