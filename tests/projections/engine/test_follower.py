"""The live follower: a save in this process is folded and published at once, a write
it was not told of within the poll, and stopping ends its thread."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from coordinator.application import Coordinator
from projections.engine import follower as follower_module
from projections.engine.follower import Follower
from projections.engine.runner import ProjectionRunner
from tests.support.waiting import wait_until

Patch = tuple[str, int, int, dict[str, Any]]


def test_a_save_here_is_folded_and_published_without_the_poll(
        app: Coordinator, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(follower_module, "POLL_SECONDS", 600.0)  # only the save can wake it
    patches: list[Patch] = []

    def publish(board: str, position: int, previous: int, patch: dict[str, Any]) -> None:
        patches.append((board, position, previous, patch))

    runner = ProjectionRunner(app, publish=publish)
    runner.resume()
    follower = Follower(runner)
    follower.start()
    try:
        outcome = app.open_booth("PSF booth", "Expo")
        wait_until(lambda: any(p[1] >= outcome.position for p in patches), timeout=10)
        assert runner.position >= outcome.position
    finally:
        follower.stop()
    assert not follower.thread.is_alive()


def test_a_write_it_was_not_told_of_is_caught_up_by_the_poll(
        app: Coordinator, make_app: Callable[..., Coordinator]) -> None:
    runner = ProjectionRunner(app)
    runner.resume()
    follower = Follower(runner)
    follower.start()
    try:
        outcome = make_app().open_booth("PSF booth", "Expo")  # another process, as it were
        wait_until(lambda: runner.position >= outcome.position,
                   timeout=follower_module.POLL_SECONDS * 10)
    finally:
        follower.stop()
    assert not follower.thread.is_alive()
