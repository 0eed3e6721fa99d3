"""The sheet rules checked on the log itself, event by event, as ``verify`` folds it:
a name goes only on an open sheet, once, and never past its places; a speaking order
names exactly the talks on the sheet; only a talk on the sheet is marked.

The commands enforce these rules, so a log that breaks one was written by something
else (an import, a hand-edited file, a bug): each break is a difference, with the
event's position.
"""

from __future__ import annotations

from typing import Any

from projections.boards.base import State, hex_id
from projections.verify.report import LIMIT, Difference, Report

WHERE = "sheet rules at {}"


class SheetRules:
    """Called with each event before it is folded into ``states``."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.found = 0

    def check(self, position: int, event: Any, states: dict[str, State]) -> None:
        kind = type(event).__qualname__
        if not kind.startswith("Sheet.") or kind == "Sheet.Posted":
            return
        self.report.sheet_events += 1
        sheet = states["sheets"]["sheets"].get(event.originator_id.hex)
        if sheet is None:
            self._differ(position, event, "sheet", "a posted sheet", "(none)")
            return
        people = [entry["person_id"] for entry in sheet["entries"]]
        if kind == "Sheet.EntryAdded":
            self._entry_added(position, event, sheet, people)
        elif kind == "Sheet.Reordered" and sorted(event.order) != sorted(people):
            self._differ(position, event, "order", sorted(people), sorted(event.order))
        elif kind in ("Sheet.TalkMarked", "Sheet.EntryRemoved") and \
                hex_id(event.person_id) not in people:
            self._differ(position, event, "person_id", "a name on the sheet",
                         hex_id(event.person_id))

    def _entry_added(self, position: int, event: Any, sheet: dict[str, Any],
                     people: list[str]) -> None:
        if sheet["cancelled"] or sheet["closed"]:
            self._differ(position, event, "state", "an open sheet",
                         "cancelled" if sheet["cancelled"] else "closed")
        capacity = sheet["capacity"]
        if capacity is not None and len(people) >= capacity:
            self._differ(position, event, "entries", f"at most {capacity}",
                         len(people) + 1)
        if hex_id(event.person_id) in people:
            self._differ(position, event, "person_id", "one entry per person",
                         f"{hex_id(event.person_id)} twice")

    def _differ(self, position: int, event: Any, path: str, expected: Any,
                found: Any) -> None:
        self.found += 1
        if self.found <= LIMIT:
            self.report.differences.append(Difference(
                WHERE.format(position), "sheets",
                f"{event.originator_id.hex}.{type(event).__qualname__}.{path}",
                expected, found))
