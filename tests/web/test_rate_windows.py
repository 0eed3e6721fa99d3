"""The rate limits' in-memory store: an exact moving window, pruned per key, swept once a
minute, with the same answers as the ``limits`` library's own strategy on top of it."""

from __future__ import annotations

import limits.storage.memory as memory_module
import pytest
from limits import RateLimitItemPerSecond
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from web.rate_windows import SWEEP_SECONDS, WindowStorage


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def test_any_ten_seconds_hold_the_limit_and_no_more() -> None:
    clock = Clock()
    storage = WindowStorage(clock=clock)
    for _ in range(40):
        assert storage.acquire_entry("person:a", 40, 10)
        clock.now += 0.1
    assert not storage.acquire_entry("person:a", 40, 10), "41 within ten seconds"
    assert storage.acquire_entry("person:b", 40, 10), "someone else is not held back"
    # The first entry leaves the window ten seconds after it came: one more place.
    clock.now = 1_000_000.0 + 10.0 + 0.001
    assert storage.acquire_entry("person:a", 40, 10)
    assert not storage.acquire_entry("person:a", 40, 10)
    start, count = storage.get_moving_window("person:a", 40, 10)
    assert count == 40 and start == 1_000_000.1


def test_a_steady_thirty_in_ten_seconds_is_never_refused() -> None:
    clock = Clock()
    storage = WindowStorage(clock=clock)
    for _ in range(1000):  # three writes a second for five and a half minutes
        assert storage.acquire_entry("person:a", 30, 10)
        clock.now += 1 / 3


def test_keys_nobody_uses_are_forgotten_within_a_minute_and_a_window() -> None:
    clock = Clock()
    storage = WindowStorage(clock=clock)
    for i in range(500):
        storage.acquire_entry(f"person:{i}", 40, 10)
    storage.incr("fixed", 10)
    assert storage.keys() == 501
    clock.now += SWEEP_SECONDS + 11
    storage.acquire_entry("person:new", 40, 10)
    assert storage.keys() == 1


def test_it_answers_as_the_library_memory_store_does(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same strategy over both stores, the same sequence of hits: the same answers."""
    clock = Clock()
    monkeypatch.setattr(memory_module.time, "time", clock)  # the library's clock, for now
    ours, theirs = WindowStorage(clock=clock), MemoryStorage()
    item = RateLimitItemPerSecond(5, 2)
    try:
        answers = []
        for step in range(300):
            clock.now += (step % 7) * 0.04
            key = f"k{step % 3}"
            answers.append((MovingWindowRateLimiter(ours).hit(item, key),
                            MovingWindowRateLimiter(theirs).hit(item, key)))
    finally:
        theirs.timer.cancel()
    assert all(a == b for a, b in answers), answers
    assert {a for a, _ in answers} == {True, False}, "both refusals and passes were seen"


def test_fixed_window_counters() -> None:
    clock = Clock()
    storage = WindowStorage(clock=clock)
    assert [storage.incr("k", 10) for _ in range(3)] == [1, 2, 3]
    assert storage.get("k") == 3 and storage.get_expiry("k") == clock.now + 10
    clock.now += 10
    assert storage.get("k") == 0 and storage.incr("k", 10) == 1
    storage.clear("k")
    assert storage.get("k") == 0
    assert storage.reset() == 0 and storage.check()
