"""Follows the notification log in position order and folds it into every projection.

Reads call ``catch_up()`` first, so a board read after a command always shows it.
Each change is handed to ``publish`` in position order, with the position of the
previous change to the same board so that a screen can tell it missed one.
Checkpoints of the folded state are saved every ``checkpoint_every`` events: a
restart resumes from the latest, and the board as it was at a past position
folds forward from the nearest one before it. Where nothing is published (a rebuild,
a past board), rows that no projection folds are not even read.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from eventsourcing.persistence import Notification, PersistenceError

from coordinator.application import Coordinator
from coordinator.errors import NotFound
from projections.boards.announcements import AnnouncementsProjection
from projections.boards.base import Projection, State
from projections.boards.booths import BoothsProjection
from projections.boards.open_space import OpenSpaceProjection
from projections.boards.sheets import SheetsProjection
from projections.boards.shifts import ShiftsProjection
from projections.engine.checkpoints import CheckpointStore, Save
from projections.engine.decoding import EventDecoder
from projections.engine.fold_plans import FoldPlans
from projections.engine.log_pages import PAGE, LogPages, Row

T = TypeVar("T")

CHECKPOINT_EVERY = 4000

logger = logging.getLogger(__name__)

# publish(board, position, previous, patch)
Publisher = Callable[[str, int, int, dict[str, Any]], None]
# progress(done, total)
Progress = Callable[[int, int], None]


def all_projections() -> list[Projection]:
    return [OpenSpaceProjection(), ShiftsProjection(), BoothsProjection(), SheetsProjection(),
            AnnouncementsProjection()]


# The modules whose code shapes a checkpoint's state: change one, and older
# checkpoints are not trusted (queries and other read models do not count).
FOLD_MODULES = ("base.py", "open_space.py", "shifts.py", "booths.py", "sheets.py",
                "announcements.py")
BOARDS = Path(__file__).resolve().parent.parent / "boards"


def code_version() -> str:
    """Changes whenever a fold changes, so checkpoints from older code are not trusted."""
    digest = hashlib.sha256()
    for name in FOLD_MODULES:
        digest.update((BOARDS / name).read_bytes())
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
        self.plans = FoldPlans(self.projections)
        self.decode = EventDecoder(app).decode
        self.log = LogPages(app.recorder)

    def _initial(self) -> dict[str, State]:
        return {name: p.initial() for name, p in self.projections.items()}

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
            if self.publish is None:
                return self._catch_up_quietly(progress)
            total = self.app.recorder.max_notification_id() or 0 if progress else 0
            while True:
                page = self.app.recorder.select_notifications(
                    start=self.position, limit=PAGE, inclusive_of_start=False
                )
                with self._lock:
                    for notification in page:
                        self._fold_and_publish(notification)
                if progress:
                    progress(self.position, total)
                if len(page) < PAGE:
                    return self.position
                # A long catch-up (a restart, an outage) lets requests and screens in
                # between pages: under gevent nothing else runs until this yields.
                time.sleep(0)

    def _fold_and_publish(self, notification: Notification) -> None:
        assert self.publish is not None
        event = self.decode(notification.topic, notification.originator_id,
                            notification.originator_version, notification.state)
        for name, projection in self.projections.items():
            state = projection.fold(self.states[name], event)
            for board, patch in projection.patches(state, event):
                previous = self.last_change.get(board, 0)
                self.last_change[board] = notification.id
                self.publish(board, notification.id, previous, patch)
        self.position = notification.id
        if self.position - self._last_checkpoint >= self.checkpoint_every:
            self._save_checkpoint(event.timestamp)

    def _catch_up_quietly(self, progress: Progress | None) -> int:
        """Fold, with no patches to send, the rows some projection folds, up to the
        last position stored when the catch-up began; then stand at that position."""
        stop = self.log.last_position()
        writer = self.checkpoints.writing_behind() if self.checkpoints else None
        with writer or nullcontext():
            save = writer.save if writer else None
            for page in self.log.pages(self.position, stop, self.plans.unfolded_topics()):
                with self._lock:
                    self._fold_page(page, save)
                if progress:
                    progress(self.position, stop)
                time.sleep(0)  # as the live catch-up does, between pages
            with self._lock:
                if save is not None:
                    self._checkpoints_at_unread_rows(stop, save)
                self.position = max(self.position, stop)  # past the rows nobody folds
        if progress:
            progress(self.position, stop)
        return self.position

    def _fold_page(self, page: list[Row], save: Save | None) -> None:
        states, decode, every = self.states, self.decode, self.checkpoint_every
        plans = self.plans.by_topic
        for position, originator_id, originator_version, topic, state in page:
            if position - self._last_checkpoint > every and save is not None:
                self._checkpoints_at_unread_rows(position - 1, save)
            event = decode(topic, originator_id, originator_version, state)
            folds = plans.get(topic)
            for name, fold in folds if folds is not None else self.plans.folds(topic):
                fold(states[name], event)
            if position - self._last_checkpoint >= every:
                self.position = self._last_checkpoint = position
                if save is not None:
                    save(position, utc_key(event.timestamp), states)
        self.position = page[-1][0]

    def _checkpoints_at_unread_rows(self, up_to: int, save: Save) -> None:
        """The checkpoints due, up to ``up_to``, at rows nobody folds, so that they are
        where a catch-up reading every row takes them (and a past moment finds the same
        ones): at the first row ``checkpoint_every`` or more after the last, with its
        timestamp and the states as they are, since no row read since changed them."""
        while up_to - self._last_checkpoint >= self.checkpoint_every:
            row = self.log.first_row(self._last_checkpoint + self.checkpoint_every - 1, up_to)
            if row is None:
                return
            position, originator_id, originator_version, topic, state = row
            event = self.decode(topic, originator_id, originator_version, state)
            self.position = self._last_checkpoint = position
            save(position, utc_key(event.timestamp), self.states)

    def _save_checkpoint(self, timestamp: datetime) -> None:
        """Save one, or go on without it when the store refuses (a full disk): a
        checkpoint only shortens a restart's fold, and the boards must stay live. The
        next is due ``checkpoint_every`` events on, not at every event meanwhile."""
        if self.checkpoints is not None:
            try:
                self.checkpoints.save(self.position, utc_key(timestamp), self.states)
            except PersistenceError as error:
                logger.warning("checkpoint at %d not saved: %s", self.position, error)
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
        stop = self.log.last_position(position)
        # A moment needs every row's time: the answer is the last row stored by then.
        skipped = self.plans.unfolded_topics() if limit is None else []
        for page in self.log.pages(reached, stop, skipped):
            for row_position, originator_id, originator_version, topic, state in page:
                event = self.decode(topic, originator_id, originator_version, state)
                if limit is not None and utc_key(event.timestamp) > limit:
                    return reached, states
                for name, fold in self.plans.folds(topic):
                    fold(states[name], event)
                reached = row_position
        return max(reached, stop), states

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
