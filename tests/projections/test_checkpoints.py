"""Checkpoints written from a thread of their own: each as the states were when saved,
every one written when the block is left, and a failed write not lost."""

from __future__ import annotations

import pytest

from coordinator.application import Coordinator
from projections.checkpoints import CheckpointStore


def test_written_behind_as_they_were_when_saved(app: Coordinator) -> None:
    store = CheckpointStore(app.recorder, "test")
    states = {"counter": {"n": 0, "seen": []}}
    with store.writing_behind() as save:
        for n in range(1, 8):
            states["counter"]["n"] = n
            states["counter"]["seen"].append(n)
            save(n * 10, f"2031-05-14T10:00:0{n}.000000+00:00", states)
    assert store.count() == 7
    for n in range(1, 8):
        checkpoint = store.latest(n * 10)
        assert checkpoint is not None
        assert checkpoint.position == n * 10
        assert checkpoint.timestamp == f"2031-05-14T10:00:0{n}.000000+00:00"
        assert checkpoint.states == {"counter": {"n": n, "seen": list(range(1, n + 1))}}


def test_a_failed_write_is_raised(app: Coordinator, monkeypatch: pytest.MonkeyPatch) -> None:
    store = CheckpointStore(app.recorder, "test")
    write = store._write

    def failing(position: int, timestamp: str, states: str) -> None:
        if position == 20:
            raise OSError("disk full")
        write(position, timestamp, states)

    monkeypatch.setattr(store, "_write", failing)
    with pytest.raises(OSError, match="disk full"), store.writing_behind() as save:
        for position in (10, 20, 30):
            save(position, "2031-05-14T10:00:00.000000+00:00", {"p": position})
    assert store.latest(10) is not None
