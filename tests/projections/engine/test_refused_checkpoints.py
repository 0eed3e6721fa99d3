"""A checkpoint the store cannot write (SQLite on a full tmpfs) does not stop the boards:
the live runner folds and publishes every event, and saves checkpoints again once there
is room."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from uuid import UUID

from coordinator.application import Coordinator
from projections.engine.runner import ProjectionRunner
from tests.support.small_disk import small_disk

T0, T1, T2 = "2031-05-14T10:00:00+00:00", "2031-05-14T11:00:00+00:00", "2031-05-14T12:00:00+00:00"


def test_a_full_disk_skips_checkpoints_and_the_boards_go_on(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk", megabytes=2) as disk:
        app = Coordinator(f"sqlite:///{disk.path}/coordinator.db")
        try:
            sent: list[tuple[str, int]] = []

            def publish(board: str, position: int, previous: int, patch: dict[str, Any]) -> None:
                sent.append((board, position))

            runner = ProjectionRunner(app, publish=publish, checkpoint_every=2)
            assert runner.checkpoints is not None
            room = UUID(app.add_room("Room 1", 30).result["id"])
            slots = [UUID(app.open_slot(room, a, b).result["id"]) for a, b in ((T0, T1), (T1, T2))]
            people = [UUID(app.register_person(f"P{i}").result["id"]) for i in range(2)]
            last = app.claim_slot(slots[0], people[0], "Packaging").position

            disk.fill(leave=0)
            assert runner.catch_up() == last  # every checkpoint due was refused
            assert runner.checkpoints.count() == 0
            assert ("open-space", last) in sent
            assert runner.board("open-space")[1]["slots"][0]["session"]["topic"] == "Packaging"

            disk.empty()
            later = app.claim_slot(slots[1], people[1], "Typing").position
            later = app.register_interest(slots[1], people[0]).position
            assert runner.catch_up() == later
            assert runner.checkpoints.count() >= 1
            fresh = ProjectionRunner(app, checkpoints=False)
            fresh.catch_up()
            assert runner.states == fresh.states
        finally:
            app.close()
