"""Follows the notification log in position order and folds it into every projection.

Reads call ``catch_up()`` first, so a board read after a command always shows it.
Each change is handed to ``publish`` in position order, with the position of the
previous change to the same board so that a screen can tell it missed one.
Checkpoints of the folded state are saved every ``checkpoint_every`` events: a
restart resumes from the latest, and the board as it was at a past position
folds forward from the nearest one before it.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from eventsourcing.persistence import Notification
from eventsourcing.utils import resolve_topic

from coordinator.application import Coordinator
from coordinator.errors import NotFound
from projections.base import Projection, State
from projections.booths import BoothsProjection
from projections.checkpoints import CheckpointStore
from projections.open_space import OpenSpaceProjection
from projections.shifts import ShiftsProjection

T = TypeVar("T")

PAGE = 1000
CHECKPOINT_EVERY = 4000

# publish(board, position, previous, patch)
Publisher = Callable[[str, int, int, dict[str, Any]], None]
# progress(done, total)
Progress = Callable[[int, int], None]


def all_projections() -> list[Projection]:
    return [OpenSpaceProjection(), ShiftsProjection(), BoothsProjection()]


# The modules whose code shapes a checkpoint's state: change one, and older
# checkpoints are not trusted (queries and other read models do not count).
FOLD_MODULES = ("base.py", "open_space.py", "shifts.py", "booths.py")


def code_version() -> str:
    """Changes whenever a fold changes, so checkpoints from older code are not trusted."""
    digest = hashlib.sha256()
    for name in FOLD_MODULES:
        digest.update((Path(__file__).parent / name).read_bytes())
    return digest.hexdigest()[:16]


def utc_key(moment: datetime) -> str:
    """A timestamp that sorts as text: always UTC, always with microseconds."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")


class ProjectionRunner:
    def __init__(self, app: Coordinator, projections: Iterable[Projection] | None = None,
                 publish: Publisher | None = None, checkpoint_every: int = CHECKPOINT_EVERY,
                 checkpoints: bool = True) -> None:
        self.app = app
        self.projections = {p.name: p for p in (projections or all_projections())}
        self.states: dict[str, State] = self._initial()
        self.position = 0
        self.publish = publish
        self.checkpoint_every = checkpoint_every
        self.checkpoints = CheckpointStore(app.recorder, code_version()) if checkpoints else None
        self._last_checkpoint = 0
        # board -> position of the last patch published for it
        self.last_change: dict[str, int] = {}
        self._lock = threading.RLock()  # the states
        self._reading = threading.RLock()  # one catch-up at a time, pages in order
        # topic -> the folds its events go through when nothing is published
        self._fold_plans: dict[str, list[tuple[str, Callable[[State, Any], Any]]]] = {}

    def _initial(self) -> dict[str, State]:
        return {name: p.initial() for name, p in self.projections.items()}

    def _notifications(self, after: int, stop: int | None = None) -> Iterator[Notification]:
        while True:
            page = self.app.recorder.select_notifications(
                start=after, limit=PAGE, stop=stop, inclusive_of_start=False
            )
            yield from page
            if len(page) < PAGE:
                return
            after = page[-1].id

    def _folds(self, topic: str) -> list[tuple[str, Callable[[State, Any], Any]]]:
        """What folding an event of this topic takes, where nothing is published: for a
        projection with the base fold, its handler for the event's type, if any; for
        one with a fold of its own, that fold. Events that no fold needs (a
        ``Person.ShiftCommitted``, say) are not even decoded: a third of a rebuild's
        or a past board's work."""
        folds = self._fold_plans.get(topic)
        if folds is None:
            kind = resolve_topic(topic).__qualname__  # what ``event_type`` gives
            folds = []
            for name, projection in self.projections.items():
                if type(projection).fold is not Projection.fold:
                    folds.append((name, projection.fold))
                elif kind in projection.handlers:
                    folds.append((name, projection.handlers[kind]))
            self._fold_plans[topic] = folds
        return folds

    # -- live -----------------------------------------------------------------

    def resume(self) -> int:
        """Start from the latest checkpoint instead of refolding the whole log."""
        with self._reading, self._lock:
            if self.checkpoints is None or self.position:
                return self.position
            checkpoint = self.checkpoints.latest()
            if checkpoint is not None and set(checkpoint.states) == set(self.projections):
                self.states = checkpoint.states
                self.position = self._last_checkpoint = checkpoint.position
            return self.position

    def catch_up(self, progress: Progress | None = None) -> int:
        """Fold every event stored after our position; returns the new position.

        Pages are read outside the state lock, so a store that hangs (an outage) holds
        up other catch-ups but never a read of what is already folded.
        """
        with self._reading:
            total = self.app.recorder.max_notification_id() or 0 if progress else 0
            while True:
                page = self.app.recorder.select_notifications(
                    start=self.position, limit=PAGE, inclusive_of_start=False
                )
                with self._lock:
                    for notification in page:
                        self._fold(notification)
                if progress:
                    progress(self.position, total)
                if len(page) < PAGE:
                    return self.position
                # A long catch-up (a restart, an outage) lets requests and screens in
                # between pages: under gevent nothing else runs until this yields.
                time.sleep(0)

    def _fold(self, notification: Notification) -> None:
        to_domain_event = self.app.mapper.to_domain_event
        event = None
        if self.publish is None:
            folds = self._folds(notification.topic)
            if folds:
                event = to_domain_event(notification)
                for name, fold in folds:
                    fold(self.states[name], event)
        else:
            event = to_domain_event(notification)
            for name, projection in self.projections.items():
                state = projection.fold(self.states[name], event)
                for board, patch in projection.patches(state, event):
                    previous = self.last_change.get(board, 0)
                    self.last_change[board] = notification.id
                    self.publish(board, notification.id, previous, patch)
        self.position = notification.id
        if self.position - self._last_checkpoint >= self.checkpoint_every:
            event = event or to_domain_event(notification)
            self._save_checkpoint(event.timestamp)

    def _save_checkpoint(self, timestamp: datetime) -> None:
        if self.checkpoints is not None:
            self.checkpoints.save(self.position, utc_key(timestamp), self.states)
        self._last_checkpoint = self.position

    def rebuild(self, progress: Progress | None = None) -> int:
        """Forget every checkpoint and fold the whole log again."""
        with self._reading, self._lock:  # the order catch_up takes them in
            if self.checkpoints is not None:
                self.checkpoints.clear()
            self.states = self._initial()
            self.position = self._last_checkpoint = 0
            return self.catch_up(progress)

    def board(self, name: str) -> tuple[int, dict[str, Any]]:
        """The board's position and data, up to date with the store."""
        self.catch_up()
        return self.last_known(name)

    def last_known(self, name: str) -> tuple[int, dict[str, Any]]:
        """The board as far as it has been folded, without asking the store: for a screen
        that subscribes while the database is away (its snapshot says the position)."""
        with self._lock:
            return self.position, self._query(self.states, name)

    def read(self, reader: Callable[[dict[str, State]], T]) -> T:
        """Run a query that is not a board (e.g. a name search, ``projections/people.py``)
        on the states, up to date with the store. ``reader`` must not change the states
        nor keep references into them."""
        self.catch_up()
        with self._lock:
            return reader(self.states)

    # -- the past -------------------------------------------------------------

    def board_at(self, name: str, position: int | None = None,
                 as_of: datetime | None = None) -> tuple[int, dict[str, Any]]:
        """The board after every event at or before ``position`` (or stored by ``as_of``)."""
        self._query(self.states, name)  # unknown boards fail before any work
        position_reached, states = self.states_at(position, as_of)
        return position_reached, self._query(states, name)

    def states_at(self, position: int | None = None,
                  as_of: datetime | None = None) -> tuple[int, dict[str, State]]:
        limit = utc_key(as_of) if as_of is not None else None
        checkpoint = None
        if self.checkpoints is not None:
            checkpoint = self.checkpoints.latest(position, limit)
        if checkpoint is not None and set(checkpoint.states) == set(self.projections):
            states, reached = checkpoint.states, checkpoint.position
        else:
            states, reached = self._initial(), 0
        for notification in self._notifications(reached, stop=position):
            folds = self._folds(notification.topic)
            if folds or limit is not None:
                event = self.app.mapper.to_domain_event(notification)
                if limit is not None and utc_key(event.timestamp) > limit:
                    break
                for name, fold in folds:
                    fold(states[name], event)
            reached = notification.id
        return reached, states

    # -- boards ---------------------------------------------------------------

    def _query(self, states: dict[str, State], name: str) -> dict[str, Any]:
        if name.startswith("rooms/"):
            projection = self.projections["open-space"]
            assert isinstance(projection, OpenSpaceProjection)
            data = projection.room(states["open-space"], name.removeprefix("rooms/"))
            if data is None:
                raise NotFound("No such room.")
            return data
        if name not in self.projections:
            raise NotFound(f"No board called '{name}'.")
        return self.projections[name].query(states[name])
