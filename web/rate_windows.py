"""An in-memory store for the rate limits whose cost does not grow with traffic.

The ``limits`` library's ``memory://`` store starts a timer after every write that walks
every key's window to expire old entries: with a thousand volunteers it walked for
about 7 ms, blocking a gevent server, and the more slowly requests came the more walks
each paid for (docs/performance.md). Here a window is pruned when its own key is used,
and a sweep for keys nobody used for a while runs at most once a minute, so a write
costs the same whatever the number of people.

The moving window stays exact: the contract promises at least 30 writes in *any* ten
seconds, which a fixed or an estimated sliding window would not keep.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

from limits.storage import MovingWindowSupport, Storage

SWEEP_SECONDS = 60.0


class WindowStorage(Storage, MovingWindowSupport):
    """``windows://``: moving windows (and fixed-window counters) in this process."""

    STORAGE_SCHEME = ["windows"]  # noqa: RUF012  (the library's registry reads a list)

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False,
                 clock: Callable[[], float] = time.time, **options: str) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._windows: dict[str, deque[float]] = {}  # key -> times of its entries, oldest first
        self._expiry: dict[str, float] = {}  # key -> its window's length
        self._counters: dict[str, tuple[int, float]] = {}  # key -> (count, expires at)
        self._next_sweep = clock() + SWEEP_SECONDS
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)

    @property
    def base_exceptions(self) -> type[Exception] | tuple[type[Exception], ...]:
        return ValueError

    # -- moving windows ---------------------------------------------------------------

    def _window(self, key: str, expiry: float, now: float) -> deque[float]:
        window = self._windows.get(key)
        if window is None:
            window = self._windows[key] = deque()
            self._expiry[key] = expiry
        while window and window[0] <= now - expiry:
            window.popleft()
        return window

    def acquire_entry(self, key: str, limit: int, expiry: int, amount: int = 1) -> bool:
        now = self._clock()
        with self._lock:
            self._sweep(now)
            window = self._window(key, expiry, now)
            if len(window) + amount > limit:
                return False
            window.extend([now] * amount)
            return True

    def get_moving_window(self, key: str, limit: int, expiry: int) -> tuple[float, int]:
        now = self._clock()
        with self._lock:
            window = self._window(key, expiry, now)
            return (window[0], len(window)) if window else (now, 0)

    def _sweep(self, now: float) -> None:
        """Forget the windows of keys with no entry left (at most once a minute)."""
        if now < self._next_sweep:
            return
        self._next_sweep = now + SWEEP_SECONDS
        for key in [k for k, w in self._windows.items() if not w or w[-1] <= now - self._expiry[k]]:
            del self._windows[key], self._expiry[key]
        for key in [k for k, (_, ends) in self._counters.items() if ends <= now]:
            del self._counters[key]

    def keys(self) -> int:
        """How many keys are remembered (windows and counters)."""
        with self._lock:
            return len(self._windows) + len(self._counters)

    # -- fixed-window counters (the Storage interface; Flask-Limiter's other strategy) ----

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = self._clock()
        with self._lock:
            self._sweep(now)
            count, ends = self._counters.get(key, (0, 0.0))
            if ends <= now:
                count, ends = 0, now + expiry
            count += amount
            self._counters[key] = (count, ends)
            return count

    def get(self, key: str) -> int:
        with self._lock:
            count, ends = self._counters.get(key, (0, 0.0))
            return count if ends > self._clock() else 0

    def get_expiry(self, key: str) -> float:
        with self._lock:
            return self._counters.get(key, (0, self._clock()))[1]

    def check(self) -> bool:
        return True

    def reset(self) -> int | None:
        with self._lock:
            count = len(self._windows) + len(self._counters)
            self._windows.clear()
            self._expiry.clear()
            self._counters.clear()
            return count

    def clear(self, key: str) -> None:
        with self._lock:
            self._windows.pop(key, None)
            self._expiry.pop(key, None)
            self._counters.pop(key, None)
