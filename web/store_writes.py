"""Store writes off the gevent hub: the server goes on while the disk syncs.

A command's write ends in a commit that waits for the disk (SQLite's fsync, about
2 ms here; PostgreSQL's round trip). Under gevent that wait is a C call on the hub's
own thread, so every other request stood still meanwhile: the sign-up rush topped
out at about one commit's time per stored claim. Run on a native thread, the wait
leaves the hub free to parse, decide and answer the requests that need no write
(most of a rush is refusals) and to get the next write ready.

One write at a time per process: SQLite has one writer anyway, and two of ours at
once would meet in its busy handler, which sleeps in steps of milliseconds.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def on_native_thread() -> Callable[[Callable[[], Any]], Any]:
    """A ``Coordinator.run_write`` for gevent mode (imports gevent only when asked)."""
    from gevent import get_hub
    from gevent.lock import Semaphore

    one_at_a_time = Semaphore()

    def run_write(write: Callable[[], Any]) -> Any:
        with one_at_a_time:
            done, value = get_hub().threadpool.apply(_outcome, (write,))
        if done:
            return value
        raise value  # here, where the command's retry loop catches a version clash

    return run_write


def _outcome(write: Callable[[], Any]) -> tuple[bool, Any]:
    """The write's result or its error: the pool would print every error to the log,
    and a version clash in a rush is an everyday outcome, not news."""
    try:
        return True, write()
    except Exception as error:
        return False, error
