"""Follows the notification log in position order and folds it into every projection.

Reads call ``catch_up()`` first, so a board read after a command always shows it.
Each change is handed to ``publish`` in position order, with the position of the
previous change to the same board so that a screen can tell it missed one.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import Any

from coordinator.application import Coordinator
from coordinator.errors import NotFound
from projections.base import Projection, State
from projections.booths import BoothsProjection
from projections.open_space import OpenSpaceProjection
from projections.shifts import ShiftsProjection

PAGE = 1000

# publish(board, position, previous, patch)
Publisher = Callable[[str, int, int, dict[str, Any]], None]


def all_projections() -> list[Projection]:
    return [OpenSpaceProjection(), ShiftsProjection(), BoothsProjection()]


class ProjectionRunner:
    def __init__(self, app: Coordinator, projections: Iterable[Projection] | None = None,
                 publish: Publisher | None = None) -> None:
        self.app = app
        self.projections = {p.name: p for p in (projections or all_projections())}
        self.states: dict[str, State] = {n: p.initial() for n, p in self.projections.items()}
        self.position = 0
        self.publish = publish
        # board -> position of the last patch published for it
        self.last_change: dict[str, int] = {}
        self._lock = threading.RLock()

    def catch_up(self) -> int:
        """Fold every event stored after our position; returns the new position."""
        with self._lock:
            while True:
                notifications = self.app.recorder.select_notifications(
                    start=self.position, limit=PAGE, inclusive_of_start=False
                )
                for notification in notifications:
                    event = self.app.mapper.to_domain_event(notification)
                    for name, projection in self.projections.items():
                        state = projection.fold(self.states[name], event)
                        if self.publish is None:
                            continue
                        for board, patch in projection.patches(state, event):
                            previous = self.last_change.get(board, 0)
                            self.last_change[board] = notification.id
                            self.publish(board, notification.id, previous, patch)
                    self.position = notification.id
                if len(notifications) < PAGE:
                    return self.position

    def board(self, name: str) -> tuple[int, dict[str, Any]]:
        """The board's position and data, up to date with the store."""
        self.catch_up()
        with self._lock:
            if name.startswith("rooms/"):
                projection = self.projections["open-space"]
                assert isinstance(projection, OpenSpaceProjection)
                data = projection.room(self.states["open-space"], name.removeprefix("rooms/"))
                if data is None:
                    raise NotFound("No such room.")
                return self.position, data
            if name not in self.projections:
                raise NotFound(f"No board called '{name}'.")
            return self.position, self.projections[name].query(self.states[name])
