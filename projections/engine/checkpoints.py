"""Saved projection state, so a restart resumes and time travel folds only a little.

One row per checkpoint: the position it was taken at, the timestamp of the event
at that position, a version naming the projection code, and every projection's
state as JSON. Rows from other projection code versions are ignored, and
``coordinator rebuild`` clears them all. A long catch-up leaves encoding and writing
its checkpoints to a process of its own (``writing_behind``) and folds on.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import psycopg
from eventsourcing.persistence import ApplicationRecorder

from coordinator.core import side_tables
from coordinator.core.refusals import unless_read_only
from projections.engine.checkpoint_writer import CheckpointWriter, compact_json

TABLE = "{schema}.coordinator_checkpoints"
INSERT = (f"INSERT INTO {TABLE} (position, timestamp, version, states) VALUES (?, ?, ?, ?) "
          "ON CONFLICT DO NOTHING")

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
        with unless_read_only("The checkpoints table"):
            side_tables.run(recorder, (
                f"CREATE TABLE IF NOT EXISTS {TABLE} (position BIGINT PRIMARY KEY, "
                "timestamp TEXT NOT NULL, version TEXT NOT NULL, states TEXT NOT NULL)", ()),
                commit=True)

    def save(self, position: int, timestamp: str, states: dict[str, Any]) -> None:
        side_tables.run(self.recorder, (
            INSERT, (position, timestamp, self.version, compact_json(states))), commit=True)

    def writing_behind(self) -> CheckpointWriter:
        """A block whose ``save`` hands the checkpoint to a process that encodes and
        writes it, in order; leaving the block waits until all are written."""
        datastore = self.recorder.datastore  # type: ignore[attr-defined]
        if side_tables.is_sqlite(self.recorder):
            return CheckpointWriter({"sqlite": datastore.pool.db_name},
                                    INSERT.replace("{schema}.", ""), self.version)
        # As ``side_tables`` words a statement, and ``projections.engine.wakeups`` connects.
        settings = datastore.pool.kwargs
        wanted = {k: settings[k] for k in ("dbname", "host", "port", "user", "password")
                  if settings.get(k)}
        conninfo = psycopg.conninfo.make_conninfo(datastore.pool.conninfo, **wanted)
        statement = INSERT.replace("{schema}.", f"{datastore.schema}.").replace("?", "%s")
        return CheckpointWriter({"postgres": conninfo}, statement, self.version)

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
