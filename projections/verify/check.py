"""Checking the read models against the log: ``coordinator verify`` and the page's button.

The whole log is folded again from nothing with the projections' code; at the
position of every saved checkpoint the checkpoint's state must equal the fold's,
and so must a live runner's state at its position (the web app passes its own).
The history index is checked the same way: every event described again, in
order, must give the stored row, subjects included. Any difference is reported
with where it is (a path into the state) and both values.
"""

from __future__ import annotations

from typing import Any

from coordinator.application import Coordinator
from coordinator.core import side_tables
from coordinator.event_log import iter_notifications
from projections.boards.base import State
from projections.engine.checkpoints import TABLE, CheckpointStore
from projections.engine.runner import all_projections, code_version
from projections.verify.history import verify_history
from projections.verify.invariants import SheetRules
from projections.verify.report import Difference, Progress, Report, compare


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
    rules = SheetRules(report)
    for notification in iter_notifications(app.recorder, 0, last):
        event = app.mapper.to_domain_event(notification)
        rules.check(notification.id, event, states)
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
        verify_history(history, report, progress)
    return report
