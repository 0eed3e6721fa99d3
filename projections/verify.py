"""Checking the read models against the log: ``coordinator verify`` and the page's button.

The whole log is folded again from nothing with the projections' code; at the
position of every saved checkpoint the checkpoint's state must equal the fold's,
and so must a live runner's state at its position (the web app passes its own).
The history index is checked the same way: every event described again, in
order, must give the stored row, subjects included. Any difference is reported
with where it is (a path into the state) and both values.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from coordinator import side_tables
from coordinator.application import Coordinator
from coordinator.event_log import iter_notifications
from projections.base import State
from projections.checkpoints import TABLE, CheckpointStore
from projections.runner import all_projections, code_version

Progress = Callable[[int, int], None]
LIMIT = 20  # differences reported per comparison


@dataclass
class Difference:
    where: str  # "checkpoint at 3000", "live boards at 4100", "history index at 17"
    projection: str
    path: str
    expected: Any  # what folding the log gives
    found: Any  # what the read model holds

    def __str__(self) -> str:
        return (f"{self.where}: {self.projection} {self.path or '(all)'}: expected "
                f"{_short(self.expected)}, found {_short(self.found)}")


@dataclass
class Report:
    events: int = 0
    checkpoints: int = 0
    live_checked: bool = False
    history_rows: int = 0
    differences: list[Difference] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.differences

    def summary(self) -> str:
        checked = [f"{self.events} events", f"{self.checkpoints} checkpoints"]
        if self.live_checked:
            checked.append("the live boards")
        if self.history_rows:
            checked.append(f"{self.history_rows} history rows")
        head = "Checked " + ", ".join(checked)
        if self.ok:
            return head + ": no differences."
        return head + f": {len(self.differences)} differences."


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 120 else text[:117] + "..."


def _plain(value: Any) -> Any:
    return json.loads(json.dumps(value))


def differences(expected: Any, found: Any, path: str = "") -> Iterator[tuple[str, Any, Any]]:
    """(path, expected, found) for every place two JSON-like values differ."""
    if isinstance(expected, dict) and isinstance(found, dict):
        for key in sorted(set(expected) | set(found), key=str):
            where = f"{path}.{key}" if path else str(key)
            if key not in found:
                yield where, expected[key], "(missing)"
            elif key not in expected:
                yield where, "(missing)", found[key]
            else:
                yield from differences(expected[key], found[key], where)
    elif isinstance(expected, list) and isinstance(found, list) and len(expected) == len(
            found):
        for number, (left, right) in enumerate(zip(expected, found, strict=True)):
            yield from differences(left, right, f"{path}[{number}]")
    elif expected != found:
        yield path, expected, found


def compare(where: str, expected: dict[str, State], found: dict[str, Any],
            report: Report) -> None:
    for name in expected:
        if name not in found:
            report.differences.append(Difference(where, name, "", "(a state)", "(missing)"))
            continue
        diffs = differences(_plain(expected[name]), _plain(found[name]))
        for number, (path, left, right) in enumerate(diffs):
            if number >= LIMIT:
                break
            report.differences.append(Difference(where, name, path, left, right))


def checkpoint_positions(app: Coordinator, version: str) -> list[int]:
    rows = side_tables.run(app.recorder, (
        f"SELECT position FROM {TABLE} WHERE version = ? ORDER BY position", (version,)))
    return [int(row[0]) for row in rows]


def verify(app: Coordinator, live: tuple[int, dict[str, State]] | None = None,
           progress: Progress | None = None, history: Any = None) -> Report:
    """Fold the log again and compare every checkpoint (and ``live``, a runner's position
    and states) with it; then the history index, when one is given."""
    report = Report()
    projections = {p.name: p for p in all_projections()}
    states: dict[str, State] = {name: p.initial() for name, p in projections.items()}
    version = code_version()
    store = CheckpointStore(app.recorder, version)
    pending = checkpoint_positions(app, version)
    report.checkpoints = len(pending)
    last = app.recorder.max_notification_id() or 0

    def check(position: int) -> None:
        while pending and pending[0] <= position:
            at = pending.pop(0)
            checkpoint = store.latest(at_or_before=at)
            if checkpoint is not None and checkpoint.position == at:
                compare(f"checkpoint at {at}", states, checkpoint.states, report)
        if live is not None and live[0] == position:
            compare(f"live boards at {position}", states, live[1], report)
            report.live_checked = True

    check(0)
    for notification in iter_notifications(app.recorder, 0, last):
        event = app.mapper.to_domain_event(notification)
        for name, projection in projections.items():
            projection.fold(states[name], event)
        report.events += 1
        check(notification.id)
        if progress is not None and report.events % 1000 == 0:
            progress(notification.id, last)
    if live is not None and not report.live_checked and live[0] > last:
        report.differences.append(Difference(f"live boards at {live[0]}", "all", "position",
                                             last, live[0]))
    if progress is not None:
        progress(last, last)
    if history is not None:
        from projections.verify_history import verify_history

        verify_history(history, report, progress)
    return report
