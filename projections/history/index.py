"""The history browser's index: every event in words, by position, type, time, who did
it and what it is about; kept up to date by folding the log forward in batches.

``catch_up`` reads the notifications after the indexed position, describes each
(``history_words``) and writes the rows, the subjects, the changed directory
entries and the new position in one transaction. It is optimistic: the work is
done outside the transaction, which then checks that nobody indexed meanwhile
(another thread or process) and otherwise starts over. ``query`` pages the index
newest first by position (keyset paging: page 4,000 is as fast as page 1).
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from eventsourcing.persistence import PersistenceError

from coordinator.application import Coordinator
from coordinator.core.refusals import refuses_writes
from coordinator.event_log import event_to_dict
from projections.engine.runner import utc_key
from projections.history import store
from projections.history.directory import Directory
from projections.history.query import Filters, select
from projections.history.words import Entry, describe

BATCH = 5000
# Behind by more than this, pages wait for a catch-up in the background instead.
LAG_LIMIT = 5000
PAGE_LIMIT = 200
Progress = Callable[[int, int], None]

logger = logging.getLogger(__name__)


def code_version() -> str:
    """Changes with the code that writes the index, so an old index is made again."""
    digest = hashlib.sha256()
    for name in ("words.py", "directory.py", "registry.py", "describe.py", "places.py",
                 "sheets.py", "index.py", "store.py"):
        digest.update((Path(__file__).parent / name).read_bytes())
    return digest.hexdigest()[:16]


@dataclass
class Row:
    position: int
    type: str
    timestamp: str
    by: str | None
    parts: list[Any]


class HistoryIndex:
    def __init__(self, app: Coordinator) -> None:
        self.app = app
        self.version = code_version()
        self._lock = threading.Lock()
        self._directory: tuple[int, Directory] | None = None  # (position, directory)
        self._background: threading.Thread | None = None
        self.progress = (0, 0)  # (indexed, stored) while catching up in the background
        store.create_tables(app.recorder)

    def behind(self) -> int:
        """How many positions the index is behind the log (0: up to date)."""
        with store.transaction(self.app.recorder) as cursor:
            known = store.meta(cursor)
        indexed = int(known["position"]) if known["version"] == self.version else 0
        return max(0, (self.app.recorder.max_notification_id() or 0) - indexed)

    def catch_up_in_background(self) -> None:
        """Start catching up in a thread of its own (one at a time)."""
        with self._lock:
            if self._background is not None and self._background.is_alive():
                return

            def progress(done: int, total: int) -> None:
                self.progress = (done, total)

            self._background = threading.Thread(target=self.catch_up, args=(progress,),
                                                name="history-index", daemon=True)
            self._background.start()

    # -- keeping up ---------------------------------------------------------------------

    def entries(self, after: int, directory: Directory,
                limit: int = BATCH) -> tuple[int, list[tuple[int, str, Entry]]]:
        """Describe up to ``limit`` events after ``after``: (last position, entries)."""
        page = self.app.recorder.select_notifications(after, limit, inclusive_of_start=False)
        found = []
        for notification in page:
            event = event_to_dict(notification, self.app.mapper, plain=True)
            stamp = event["timestamp"] or ""
            found.append((notification.id, _utc(stamp), describe(event, directory)))
        return (page[-1].id if page else after), found

    def catch_up(self, progress: Progress | None = None) -> int:
        """Index every event stored so far; returns the indexed position."""
        with self._lock:
            total = (self.app.recorder.max_notification_id() or 0) if progress else 0
            while True:
                with store.transaction(self.app.recorder) as cursor:
                    known = store.meta(cursor)
                position = int(known["position"]) if known["version"] == self.version else 0
                if known["version"] != self.version:
                    self._reset()
                elif (self.app.recorder.max_notification_id() or 0) <= position:
                    return position  # nothing new (the usual case): no directory to load
                directory = self._load_directory(position)
                reached, found = self.entries(position, directory)
                if found and not self._write(position, reached, found, directory):
                    self._directory = None  # someone else indexed meanwhile: start over
                    continue
                self._directory = (reached, directory)
                if progress:
                    progress(reached, total)
                if len(found) < BATCH:
                    return reached

    def rebuild(self, progress: Progress | None = None) -> int:
        with self._lock:
            self._reset()
        return self.catch_up(progress)

    def _reset(self) -> None:
        with store.transaction(self.app.recorder, write=True) as cursor:
            store.clear(cursor)
            store.set_meta(cursor, "version", self.version)
        self._directory = None

    def _load_directory(self, position: int) -> Directory:
        if self._directory is not None and self._directory[0] == position:
            return self._directory[1]
        with store.transaction(self.app.recorder) as cursor:
            rows = cursor.run(f"SELECT key, label, data FROM {store.DIRECTORY}")
        return Directory({key: {"label": label, "data": json.loads(data)}
                          for key, label, data in rows})

    def _write(self, expected: int, reached: int, found: list[tuple[int, str, Entry]],
               directory: Directory) -> bool:
        with store.transaction(self.app.recorder, write=True) as cursor:
            known = store.meta(cursor, lock=True)
            if known["version"] != self.version or int(known["position"]) != expected:
                return False
            cursor.insert(store.HISTORY, "position, type, timestamp, by_name, parts", [
                (pos, e.type, stamp, e.by, json.dumps(e.parts, separators=(",", ":")))
                for pos, stamp, e in found])
            cursor.insert(store.SUBJECTS, "subject, position",
                          [(s, pos) for pos, _stamp, e in found for s in e.subjects])
            changed = sorted(directory.changed)
            cursor.insert(store.DIRECTORY, "key, kind, label, data", [
                (key, key.partition(":")[0], directory.entries[key]["label"],
                 json.dumps(directory.entries[key]["data"], separators=(",", ":")))
                for key in changed],
                conflict="ON CONFLICT (key) DO UPDATE SET label = excluded.label, "
                         "data = excluded.data")
            store.set_meta(cursor, "position", str(reached))
        directory.changed.clear()
        return True

    # -- reading ------------------------------------------------------------------------

    def _catch_up_to_read(self) -> None:
        """Index what is new before a read; when the store cannot write (a full disk,
        read-only) read what is indexed so far instead: a page must still show."""
        try:
            self.catch_up()
        except PersistenceError as error:
            if not refuses_writes(error):
                raise
            logger.warning("history index not brought up to date: %s", error)

    def query(self, filters: Filters, before: int | None = None, after: int | None = None,
              limit: int = 50) -> list[Row]:
        """Up to ``limit`` events matching ``filters``, newest first: those before the
        position ``before`` (older pages), or the ones just after ``after`` (newer)."""
        self._catch_up_to_read()
        limit = max(1, min(limit, PAGE_LIMIT))
        with store.transaction(self.app.recorder) as cursor:
            rows = select(cursor, filters, before, after, limit)
        return [Row(int(p), t, s, b, json.loads(parts)) for p, t, s, b, parts in rows]

    def neighbours(self, position: int) -> tuple[int | None, int | None]:
        """The positions of the events just before and just after ``position``."""
        self._catch_up_to_read()
        with store.transaction(self.app.recorder) as cursor:
            before = cursor.run(f"SELECT MAX(position) FROM {store.HISTORY} "
                                "WHERE position < ?", (position,))
            after = cursor.run(f"SELECT MIN(position) FROM {store.HISTORY} "
                               "WHERE position > ?", (position,))
        low, high = before[0][0], after[0][0]
        return (int(low) if low is not None else None,
                int(high) if high is not None else None)

    def things(self, kind: str) -> list[tuple[str, str]]:
        """(id, label) of every thing of a kind the log has named, by label."""
        self._catch_up_to_read()
        with store.transaction(self.app.recorder) as cursor:
            rows = cursor.run(f"SELECT key, label FROM {store.DIRECTORY} WHERE kind = ?",
                              (kind,))
        found = [(str(key).partition(":")[2], str(label)) for key, label in rows]
        return sorted(found, key=lambda item: (item[1].casefold(), item[0]))

    def thing(self, kind: str, ident: str) -> dict[str, Any] | None:
        self._catch_up_to_read()
        with store.transaction(self.app.recorder) as cursor:
            rows = cursor.run(f"SELECT label, data FROM {store.DIRECTORY} WHERE key = ?",
                              (f"{kind}:{ident}",))
        if not rows:
            return None
        return {"label": rows[0][0], "data": json.loads(rows[0][1])}


def _utc(stamp: str) -> str:
    return utc_key(datetime.fromisoformat(stamp)) if stamp else ""


__all__ = ["HistoryIndex", "Row"]
