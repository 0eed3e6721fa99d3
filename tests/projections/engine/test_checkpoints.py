"""Checkpoints written by a process of their own: each as the states were when saved,
every one written when the block is left, and a failed write not lost."""

from __future__ import annotations

import pytest

from coordinator.application import Coordinator
from coordinator.core import side_tables
from projections.engine.checkpoints import TABLE, CheckpointStore


def test_written_behind_as_they_were_when_saved(app: Coordinator) -> None:
    store = CheckpointStore(app.recorder, "test")
    states = {"counter": {"n": 0, "seen": []}}
    with store.writing_behind() as writer:
        for n in range(1, 8):
            states["counter"]["n"] = n
            states["counter"]["seen"].append(n)
            writer.save(n * 10, f"2031-05-14T10:00:0{n}.000000+00:00", states)
    assert store.count() == 7
    for n in range(1, 8):
        checkpoint = store.latest(n * 10)
        assert checkpoint is not None
        assert checkpoint.position == n * 10
        assert checkpoint.timestamp == f"2031-05-14T10:00:0{n}.000000+00:00"
        assert checkpoint.states == {"counter": {"n": n, "seen": list(range(1, n + 1))}}


def test_a_failed_write_is_raised(app: Coordinator) -> None:
    store = CheckpointStore(app.recorder, "test")
    side_tables.run(app.recorder, (f"DROP TABLE {TABLE}", ()), commit=True)  # every write fails
    with pytest.raises(RuntimeError, match="checkpoint writer failed"), \
            store.writing_behind() as writer:
        for position in range(1, 40):
            writer.save(position, "2031-05-14T10:00:00.000000+00:00", {"p": "x" * 100_000})


def test_nothing_saved_starts_no_process(app: Coordinator) -> None:
    with CheckpointStore(app.recorder, "test").writing_behind() as writer:
        assert writer._process is None
