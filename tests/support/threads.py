"""Races: threads that all start at the same moment, released together by a Barrier."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

R = TypeVar("R")


def race(count: int, attempt: Callable[[int], R], timeout: float = 60.0,
         join_timeout: float | None = None) -> list[R | BaseException]:
    """Run ``attempt(0..count-1)`` on ``count`` threads that all start at the same moment.

    Each thread's result, or what it raised, in index order; a thread still running
    after ``join_timeout`` (``timeout`` when not given) fails the test.
    """
    barrier = threading.Barrier(count)
    results: list[R | BaseException | None] = [None] * count

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=timeout)
            results[index] = attempt(index)
        except BaseException as error:  # reported to the test, not lost in the thread
            results[index] = error

    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout if join_timeout is None else join_timeout)
    assert not any(thread.is_alive() for thread in threads), "a racing thread hung"
    return results  # type: ignore[return-value]
