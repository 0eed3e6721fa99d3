"""Long log operations (import, rebuild, verify) run one at a time in a background
thread, with progress the page polls (``GET /organizer/log/job``).

A job belongs to the server process that started it: behind several processes the
page's polls must reach the same one (sticky sessions, as Socket.IO needs anyway).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from flask import Flask

Progress = Callable[[int, int], None]
Work = Callable[[Progress], tuple[bool, str, list[str]]]  # -> (ok, message, details)
KEY = "organizer_jobs"


@dataclass
class Job:
    name: str
    by: str
    started: float = field(default_factory=time.time)
    state: str = "running"  # running, done, failed
    done: int = 0
    total: int = 0
    message: str = ""
    details: list[str] = field(default_factory=list)
    finished: float | None = None

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["percent"] = round(100 * self.done / self.total) if self.total else (
            100 if self.state != "running" else 0)
        return data


class Jobs:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.current: Job | None = None

    def start(self, name: str, by: str, work: Work) -> Job | None:
        """Start ``work`` unless a job is running (then None)."""
        with self._lock:
            if self.current is not None and self.current.state == "running":
                return None
            job = self.current = Job(name, by)

        def progress(done: int, total: int) -> None:
            job.done, job.total = done, max(total, done)

        def run() -> None:
            try:
                ok, message, details = work(progress)
                job.state, job.message, job.details = ("done" if ok else "failed", message,
                                                       details)
            except Exception as error:  # the page shows what went wrong
                job.state, job.message = "failed", f"{type(error).__name__}: {error}"
            job.finished = time.time()

        threading.Thread(target=run, name=f"organizer-{name}", daemon=True).start()
        return job


def jobs(app: Flask) -> Jobs:
    found = app.extensions.get(KEY)
    if found is None:
        found = app.extensions[KEY] = Jobs()
    return found
