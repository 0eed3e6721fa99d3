"""Saved projection state, so a restart resumes and time travel folds only a little.

One row per checkpoint: the position it was taken at, the timestamp of the event
at that position, a version naming the projection code, and every projection's
state as JSON. Rows from other projection code versions are ignored, and
``coordinator rebuild`` clears them all. A long catch-up writes its checkpoints
from a thread of its own (``writing_behind``): the database's work, done without
the GIL, goes on while the next events are folded.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from eventsourcing.persistence import ApplicationRecorder

from coordinator import side_tables

TABLE = "{schema}.coordinator_checkpoints"
# Checkpoints encoded but not yet written, at most: each is the whole state as text.
WRITES_IN_FLIGHT = 2

# save(position, timestamp, states)
Save = Callable[[int, str, dict[str, Any]], None]


@dataclass(frozen=True)
class Checkpoint:
    position: int
    timestamp: str
    states: dict[str, Any]


class CheckpointStore:
    def __init__(self, recorder: ApplicationRecorder, version: str) -> None:
        self.recorder = recorder
        self.version = version
        side_tables.run(recorder, (
            f"CREATE TABLE IF NOT EXISTS {TABLE} (position BIGINT PRIMARY KEY, "
            "timestamp TEXT NOT NULL, version TEXT NOT NULL, states TEXT NOT NULL)", ()),
            commit=True)

    def save(self, position: int, timestamp: str, states: dict[str, Any]) -> None:
        self._write(position, timestamp, _encoded(states))

    @contextmanager
    def writing_behind(self) -> Iterator[Save]:
        """A ``save`` that encodes the states at once (they change as folding goes on)
        and leaves writing them, in order, to a thread; leaving the block waits for
        every write and raises the first that failed."""
        pending: deque[Future[None]] = deque()
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="checkpoints") as writer:
            def save(position: int, timestamp: str, states: dict[str, Any]) -> None:
                text = _encoded(states)
                while len(pending) >= WRITES_IN_FLIGHT:
                    pending.popleft().result()
                pending.append(writer.submit(self._write, position, timestamp, text))

            yield save
            while pending:
                pending.popleft().result()

    def _write(self, position: int, timestamp: str, states: str) -> None:
        side_tables.run(self.recorder, (
            f"INSERT INTO {TABLE} (position, timestamp, version, states) VALUES (?, ?, ?, ?) "
            "ON CONFLICT DO NOTHING", (position, timestamp, self.version, states)),
            commit=True)

    def latest(self, at_or_before: int | None = None,
               timestamp_at_or_before: str | None = None) -> Checkpoint | None:
        query = f"SELECT position, timestamp, states FROM {TABLE} WHERE version = ?"
        params: list[Any] = [self.version]
        if at_or_before is not None:
            query += " AND position <= ?"
            params.append(at_or_before)
        if timestamp_at_or_before is not None:
            query += " AND timestamp <= ?"
            params.append(timestamp_at_or_before)
        rows = side_tables.run(self.recorder, (query + " ORDER BY position DESC LIMIT 1",
                                               params))
        if not rows:
            return None
        position, timestamp, states = rows[0]
        return Checkpoint(int(position), str(timestamp), json.loads(states))

    def clear(self) -> None:
        side_tables.run(self.recorder, (f"DELETE FROM {TABLE}", ()), commit=True)

    def count(self) -> int:
        rows = side_tables.run(self.recorder, (
            f"SELECT COUNT(*) FROM {TABLE} WHERE version = ?", (self.version,)))
        return int(rows[0][0])


def _encoded(states: dict[str, Any]) -> str:
    # Plain data, never circular: the encoder need not keep track of what it has seen.
    return json.dumps(states, separators=(",", ":"), check_circular=False)
