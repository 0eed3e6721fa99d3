"""Checking the history index (``projections.history.index``) against the log.

Every event up to the indexed position is described again from a fresh directory,
in order, and must give the stored row: type, who did it, the sentence, and the
subjects. A missing or extra row is a difference too.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from projections.history import store
from projections.history.directory import Directory
from projections.verify.report import LIMIT, Difference, Progress, Report

if TYPE_CHECKING:
    from projections.history.index import HistoryIndex

BATCH = 2000


def _stored(index: HistoryIndex, after: int, upto: int) -> tuple[dict[int, tuple[Any, ...]],
                                                                  dict[int, list[str]]]:
    with store.transaction(index.app.recorder) as cursor:
        rows = cursor.run(f"SELECT position, type, by_name, parts FROM {store.HISTORY} "
                          "WHERE position > ? AND position <= ?", (after, upto))
        subjects = cursor.run(f"SELECT position, subject FROM {store.SUBJECTS} "
                              "WHERE position > ? AND position <= ?", (after, upto))
    found: dict[int, list[str]] = {}
    for position, subject in subjects:
        found.setdefault(int(position), []).append(str(subject))
    return {int(r[0]): r[1:] for r in rows}, found


def verify_history(index: HistoryIndex, report: Report, progress: Progress | None) -> None:
    indexed = index.catch_up()
    directory = Directory()
    position = 0
    before = len(report.differences)

    def differ(at: int, path: str, expected: Any, found: Any) -> None:
        if len(report.differences) - before < LIMIT:
            report.differences.append(Difference(f"history index at {at}", "history", path,
                                                 expected, found))

    while position < indexed:
        reached, entries = index.entries(position, directory, BATCH)
        entries = [entry for entry in entries if entry[0] <= indexed]
        if not entries:
            break
        upto = entries[-1][0]
        rows, subjects = _stored(index, position, upto)
        for at, _stamp, entry in entries:
            report.history_rows += 1
            row = rows.pop(at, None)
            if row is None:
                differ(at, "row", entry.type, "(missing)")
                continue
            kind, by, parts = row
            expected = (entry.type, entry.by, entry.parts)
            if (kind, by, json.loads(parts)) != expected:
                differ(at, "row", expected, (kind, by, json.loads(parts)))
            if sorted(subjects.get(at, [])) != sorted(entry.subjects):
                differ(at, "subjects", sorted(entry.subjects), sorted(subjects.get(at, [])))
        for at in rows:
            differ(at, "row", "(no event)", rows[at][0])
        position = min(reached, upto)
        if progress is not None:
            progress(position, indexed)
