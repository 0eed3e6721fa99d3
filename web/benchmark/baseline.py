"""The physical baseline of this machine: raw ``sqlite3``, no library, no Python objects.

Inserts: one row per transaction into a table shaped like the library's events
table (same primary key), in WAL mode with SQLite's default ``synchronous``
(FULL), as the store runs; rows the size of the claim storm's rows.

Reads: the same log the replay folds, read in position order with a plain cursor,
and every row's state decoded from JSON.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from contextlib import closing
from pathlib import Path
from typing import Any

from eventsourcing.sqlite import SQLiteConnectionPool

TOPIC = "coordinator.shift:Shift.SignedUp"


def store_pragmas(path: Path) -> dict[str, Any]:
    """The durability settings a store's connections run with (made by the library)."""
    pool = SQLiteConnectionPool(db_name=str(path), lock_timeout=30)
    conn = pool.get_connection()
    try:
        cursor = conn.cursor()
        cursor.execute("PRAGMA journal_mode")
        journal = cursor.fetchone()[0]
        cursor.execute("PRAGMA synchronous")
        synchronous = cursor.fetchone()[0]
    finally:
        pool.put_connection(conn)
        pool.close()
    return {"journal_mode": str(journal).lower(), "synchronous": int(synchronous)}


def sqlite_inserts(path: Path, row_bytes: float, seconds: float,
                   settings: dict[str, Any]) -> dict[str, float]:
    """One-row transactions for ``seconds``; rows of ``row_bytes`` bytes in all."""
    state = os.urandom(max(1, int(row_bytes) - 32 - 8 - len(TOPIC)) // 2).hex().encode()
    with closing(sqlite3.connect(path, isolation_level=None, timeout=30)) as conn:
        conn.execute(f"PRAGMA journal_mode={settings['journal_mode']}")
        conn.execute(f"PRAGMA synchronous={settings['synchronous']}")
        conn.execute("CREATE TABLE stored_events (originator_id TEXT, originator_version "
                     "INTEGER, topic TEXT, state BLOB, PRIMARY KEY (originator_id, "
                     "originator_version))")
        insert = "INSERT INTO stored_events VALUES (?,?,?,?)"
        count = 0
        began = time.perf_counter()
        deadline = began + seconds
        while True:
            conn.execute("BEGIN")
            conn.execute(insert, (os.urandom(16).hex(), 1, TOPIC, state))
            conn.execute("COMMIT")
            count += 1
            if count % 50 == 0 and time.perf_counter() >= deadline:
                break
        elapsed = time.perf_counter() - began
    return {"baseline_sqlite_inserts_per_s": count / elapsed,
            "baseline_sqlite_inserts": count}


def sqlite_reads(path: Path) -> dict[str, float]:
    """Read the whole events table in position order and decode every state."""
    with closing(sqlite3.connect(path)) as conn:
        began = time.perf_counter()
        count = 0
        loads = json.loads
        for _rowid, _originator, _version, _topic, state in conn.execute(
                "SELECT rowid, originator_id, originator_version, topic, state "
                "FROM stored_events ORDER BY rowid"):
            loads(state)
            count += 1
        elapsed = time.perf_counter() - began
    return {"baseline_read_events_per_s": count / elapsed, "baseline_read_events": count}
