"""What a check of the read models found: each difference with where it is (a path into
the state) and both values, and the report that gathers them."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from projections.boards.base import State

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
    sheet_events: int = 0  # checked against the sheet rules (``verify.invariants``)
    differences: list[Difference] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.differences

    def summary(self) -> str:
        checked = [f"{self.events} events", f"{self.checkpoints} checkpoints"]
        if self.live_checked:
            checked.append("the live boards")
        if self.sheet_events:
            checked.append(f"the sheet rules on {self.sheet_events} sheet events")
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
