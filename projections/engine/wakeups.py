"""Wake-ups from other processes: PostgreSQL tells every listener when events are stored.

The library's PostgreSQL recorder sends ``NOTIFY <channel>`` in each insert, so a
process can fold and publish a command saved by another process at once, instead
of waiting for the next poll. SQLite has no such signal: there one process serves
(see docs/deployment.md) and wakes its follower in-process after each save.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import psycopg
from eventsourcing.persistence import ApplicationRecorder

from coordinator.core.side_tables import is_sqlite

RETRY_SECONDS = 1.0


class SaveListener:
    """Calls ``wake()`` whenever any process stores events (PostgreSQL only).

    Its connection is also the first to notice the database going away: ``reachable``
    turns false at once and true again when it can listen again, so requests meanwhile
    can be answered 503 at once instead of waiting on connection timeouts.
    """

    def __init__(self, recorder: ApplicationRecorder, wake: Callable[[], None]) -> None:
        self.recorder = recorder
        self.wake = wake
        self.reachable = True
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, name="save-listener", daemon=True)

    @property
    def available(self) -> bool:
        return not is_sqlite(self.recorder)

    def start(self) -> None:
        if self.available:
            self.thread.start()

    def stop(self) -> None:
        self.stopped.set()

    def _conninfo(self) -> str:
        datastore = self.recorder.datastore  # type: ignore[attr-defined]
        settings = datastore.pool.kwargs  # the pool's own connection settings
        wanted = {k: settings[k] for k in ("dbname", "host", "port", "user", "password")
                  if settings.get(k)}
        return psycopg.conninfo.make_conninfo(datastore.pool.conninfo, connect_timeout=5,
                                              **wanted)

    def _run(self) -> None:
        channel = self.recorder.channel_name  # type: ignore[attr-defined]
        while not self.stopped.is_set():
            try:
                with psycopg.connect(self._conninfo(), autocommit=True) as conn:
                    conn.execute(psycopg.sql.SQL("LISTEN {}").format(
                        psycopg.sql.Identifier(channel)))
                    self.reachable = True
                    self.wake()  # anything stored while we were not listening
                    while not self.stopped.is_set():
                        for _ in conn.notifies(timeout=1.0, stop_after=1):
                            self.wake()
                        conn.execute("SELECT 1")  # a connection that died quietly fails here
            except psycopg.Error:
                # The database is away: the follower's poll keeps trying; so do we.
                self.reachable = False
                self.stopped.wait(RETRY_SECONDS)
