"""The demo started by `make run` has people, signups, sessions and staffed booths."""

from __future__ import annotations

from coordinator.application import Coordinator
from coordinator.demo.activity import NAMES, seed_activity
from coordinator.setup.file import load_demo
from projections.engine.runner import ProjectionRunner


def test_demo_is_lively_and_keeps_the_rules(app: Coordinator) -> None:
    load_demo(app)
    assert seed_activity(app) > len(NAMES)
    runner = ProjectionRunner(app)
    shifts = runner.board("shifts")[1]["shifts"]
    assert sum(s["taken"] for s in shifts) >= len(NAMES)
    assert all(s["taken"] <= s["capacity"] for s in shifts)
    sessions = [s for s in runner.board("open-space")[1]["slots"] if s["session"]]
    assert len(sessions) >= 5
    booths = runner.board("booths")[1]["booths"]
    assert sum(1 for b in booths if b["holder"]) == 3
