"""Keeping a process's boards up to date: the live follower under the web app's screens.

It only folds (``ProjectionRunner.catch_up``); what is sent to the screens is the
runner's ``publish`` callback, which the web layer passes (web/boards.py).
"""

from __future__ import annotations

import threading

from projections.engine.runner import ProjectionRunner
from projections.engine.wakeups import SaveListener

POLL_SECONDS = 1.0


class Follower:
    """Folds new events into the boards right after each save in this process, when
    PostgreSQL says another process saved, and every second as a safety net."""

    def __init__(self, boards: ProjectionRunner) -> None:
        self.boards = boards
        self.wake = threading.Event()
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, name="board-follower", daemon=True)
        self.listener = SaveListener(boards.app.recorder, self.wake.set)

    def start(self) -> None:
        self.boards.app.on_save(lambda _position: self.wake.set())
        self.thread.start()
        self.listener.start()

    def stop(self) -> None:
        """Stop, and wait for a catch-up in progress: the store is closed right after."""
        self.listener.stop()
        self.stopped.set()
        self.wake.set()
        if self.thread.is_alive() and self.thread is not threading.current_thread():
            self.thread.join(timeout=10)

    def _run(self) -> None:
        while not self.stopped.is_set():
            self.wake.wait(POLL_SECONDS)
            self.wake.clear()
            if self.stopped.is_set():
                return
            try:
                self.boards.catch_up()
            except Exception:
                self.stopped.wait(POLL_SECONDS)
