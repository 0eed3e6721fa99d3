"""Follows the notification log in position order and folds it into every projection.

Reads call ``catch_up()`` first, so a board read after a command always shows it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import Any

from coordinator.application import Coordinator
from projections.base import Projection, State
from projections.booths import BoothsProjection
from projections.open_space import OpenSpaceProjection
from projections.shifts import ShiftsProjection

PAGE = 1000


def all_projections() -> list[Projection]:
    return [OpenSpaceProjection(), ShiftsProjection(), BoothsProjection()]


class ProjectionRunner:
    def __init__(self, app: Coordinator, projections: Iterable[Projection] | None = None) -> None:
        self.app = app
        self.projections = {p.name: p for p in (projections or all_projections())}
        self.states: dict[str, State] = {n: p.initial() for n, p in self.projections.items()}
        self.position = 0
        self._lock = threading.Lock()

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
                        projection.fold(self.states[name], event)
                    self.position = notification.id
                if len(notifications) < PAGE:
                    return self.position

    def board(self, name: str, **params: Any) -> tuple[int, dict[str, Any]]:
        """The board's position and data, up to date with the store."""
        self.catch_up()
        with self._lock:
            return self.position, self.projections[name].query(self.states[name], **params)
