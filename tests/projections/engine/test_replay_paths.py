"""Where nothing is published the runner leaves unread the rows no projection folds and
decodes the others without the library's mapper: it must fold exactly what folding the
library's events, one by one, gives, at every position and every moment."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta
from typing import Any
from uuid import UUID

import pytest

from coordinator.application import Coordinator
from coordinator.core.idempotency import IdempotencyKey, IdempotencyRecord
from projections.boards.base import State
from projections.engine.decoding import EventDecoder
from projections.engine.runner import ProjectionRunner, all_projections, utc_key
from tests.projections.engine.same_values import assert_same_event
from tests.projections.engine.seen_events import SeenEvents
from web.benchmark.eventlog import generate_log
from web.benchmark.sizes import FULL

T0 = "2031-05-14T10:00:00+00:00"
T1 = "2031-05-14T11:00:00+00:00"
T2 = "2031-05-14T12:00:00+00:00"
TINY = replace(FULL, people=12, shifts=6, shift_places=14, roles=3, places=3, days=2,
               booths=2, rooms=2, slots_per_room=3)
EVERY = 7  # checkpoints close together, so that many fall between any two positions


def mixed_log(app: Coordinator) -> None:
    """Activity with every board's events and a third that no projection folds (a person's
    own record of a signup, idempotency records); the log ends with such rows."""
    generate_log(app, TINY, 400, seed=3)
    room = UUID(app.add_room("Room 9", 30).result["id"])
    slots = [UUID(app.open_slot(room, a, b).result["id"]) for a, b in ((T0, T1), (T1, T2))]
    ana = UUID(app.register_person("Ana").result["id"])
    ben = UUID(app.register_person("Ben").result["id"])
    shift = UUID(app.schedule_shift("registration", "Hall A", T0, T1, 2).result["id"])
    booth = UUID(app.open_booth("PSF booth", "Expo").result["id"])
    app.claim_slot(slots[0], ana, "Packaging", idempotency=IdempotencyKey(ana.hex, "k1", "f"))
    app.register_interest(slots[0], ben)
    app.sign_up(shift, ana, idempotency=IdempotencyKey(ana.hex, "k2", "f"))
    app.sign_up(shift, ben)
    app.staff_booth(booth, ana)
    handoff = UUID(app.offer_handoff(booth, ana, ben, "cash box").result["handoff_id"])
    app.accept_handoff(booth, handoff, ben)
    app.move_session(slots[0], slots[1], ana)
    app.cancel_signup(shift, ana)
    app.update_shift(shift, {"capacity": 3})
    app.release_slot(slots[1], None, "room needed")
    for n in range(3):
        app.save(IdempotencyRecord("organizer", f"tail {n}", "f", {}, None))


class LibraryFolds:
    """The states after each position, folded from the library's own events, one by one."""

    def __init__(self, app: Coordinator) -> None:
        projections = all_projections()
        states = {p.name: p.initial() for p in projections}
        self.positions: list[int] = []
        self.times: list[str] = []
        self.states: list[str] = [json.dumps(states)]  # before any event
        for notification in app.recorder.select_notifications(1, 1_000_000):
            event = app.mapper.to_domain_event(notification)
            for projection in projections:
                projection.fold(states[projection.name], event)
            self.positions.append(notification.id)
            self.times.append(utc_key(event.timestamp))
            self.states.append(json.dumps(states))

    def checkpoints(self) -> list[int]:
        """Where a catch-up reading every row takes its checkpoints."""
        taken = [0]
        for position in self.positions:
            if position - taken[-1] >= EVERY:
                taken.append(position)
        return taken[1:]

    def at(self, position: int, as_of: str | None = None,
           after: int = 0) -> tuple[int, dict[str, State]]:
        """The last position at or before ``position`` (up to the first row stored after
        ``as_of``, reading from the one after ``after``), and its states."""
        done = self.positions.index(after) + 1 if after else 0
        for stored, moment in zip(self.positions[done:], self.times[done:], strict=True):
            if stored > position or (as_of is not None and moment > as_of):
                break
            done += 1
        return (self.positions[done - 1] if done else 0), json.loads(self.states[done])

    def moment(self, position: int, as_of: str) -> tuple[int, dict[str, State]]:
        """``at`` from the newest checkpoint at or before ``position`` and ``as_of`` (rows
        are not stored in time order: an idempotency record is made after the events
        it is saved before)."""
        found = [p for p in self.checkpoints()
                 if p <= position and self.times[self.positions.index(p)] <= as_of]
        return self.at(position, as_of, after=found[-1] if found else 0)


@pytest.fixture
def log(app: Coordinator) -> LibraryFolds:
    mixed_log(app)
    return LibraryFolds(app)


def test_every_event_decodes_as_the_library_decodes_it(app: Coordinator,
                                                       log: LibraryFolds) -> None:
    runner = ProjectionRunner(app, checkpoints=False)
    last = app.recorder.max_notification_id()
    library = {n.id: n for n in app.recorder.select_notifications(1, 1_000_000)}
    rows = [row for page in runner.log.pages(0, last) for row in page]
    assert [row[0] for row in rows] == list(library)
    decoder = EventDecoder(app)

    def handed_over(*row: Any) -> Any:
        raise AssertionError(f"the library's to decode: {row}")

    decoder._library_decode = handed_over  # type: ignore[method-assign]
    for position, originator_id, version, topic, state in rows:
        expected = app.mapper.to_domain_event(library[position])
        assert_same_event(decoder.decode(topic, originator_id, version, state), expected)


def test_rows_nobody_folds_are_left_unread(app: Coordinator, log: LibraryFolds) -> None:
    runner = ProjectionRunner(app, checkpoints=False)
    skipped = runner.plans.unfolded_topics()
    assert "coordinator.person:Person.ShiftCommitted" in skipped
    assert "coordinator.idempotency:IdempotencyRecord.Answered" in skipped
    assert "coordinator.person:Person.Registered" not in skipped  # the booths board's names
    last = app.recorder.max_notification_id()
    read = [row[3] for page in runner.log.pages(0, last, skipped) for row in page]
    assert read and not set(read) & set(skipped)
    assert len(read) < len(log.positions)


def test_rebuild_folds_what_the_library_folds(app: Coordinator, log: LibraryFolds) -> None:
    runner = ProjectionRunner(app, checkpoint_every=EVERY)
    last = log.positions[-1]
    assert runner.rebuild() == runner.position == last, "up to the rows nobody folds"
    assert ProjectionRunner(app, checkpoints=False).catch_up() == last
    assert runner.states == log.at(last)[1]
    assert runner.checkpoints is not None
    taken: list[int] = []
    checkpoint = runner.checkpoints.latest()
    while checkpoint is not None:
        taken.insert(0, checkpoint.position)
        assert checkpoint.states == log.at(checkpoint.position)[1]
        assert checkpoint.timestamp == log.times[log.positions.index(checkpoint.position)]
        checkpoint = runner.checkpoints.latest(checkpoint.position - 1)
    assert taken == log.checkpoints(), "where reading every row puts them, unread rows too"


def test_the_past_at_every_position(app: Coordinator, log: LibraryFolds) -> None:
    ProjectionRunner(app, checkpoint_every=EVERY).rebuild()
    with_checkpoints = ProjectionRunner(app, checkpoint_every=EVERY)
    without = ProjectionRunner(app, checkpoints=False)
    for position in range(log.positions[-1] + 3):
        expected = log.at(position)
        assert with_checkpoints.states_at(position) == expected, position
        assert without.states_at(position) == expected, position
    assert with_checkpoints.states_at() == log.at(log.positions[-1])


def test_the_past_at_every_moment(app: Coordinator, log: LibraryFolds) -> None:
    ProjectionRunner(app, checkpoint_every=EVERY).rebuild()
    with_checkpoints = ProjectionRunner(app, checkpoint_every=EVERY)
    without = ProjectionRunner(app, checkpoints=False)
    end = log.positions[-1]
    for i in range(0, len(log.positions), 2):
        moment = app.recorder.select_notifications(log.positions[i], 1)[0]
        stored_at = app.mapper.to_domain_event(moment).timestamp
        position = log.positions[min(i + 5, len(log.positions) - 1)]
        for as_of in (stored_at, stored_at - timedelta(microseconds=1)):
            limit = utc_key(as_of)
            assert without.states_at(as_of=as_of) == log.at(end, limit)
            assert without.states_at(position, as_of) == log.at(position, limit)
            assert with_checkpoints.states_at(as_of=as_of) == log.moment(end, limit)
            assert with_checkpoints.states_at(position, as_of) == log.moment(position, limit)


def test_a_fold_of_its_own_sees_every_row(app: Coordinator, log: LibraryFolds) -> None:
    runner = ProjectionRunner(app, [SeenEvents()], checkpoint_every=EVERY)
    assert runner.plans.unfolded_topics() == []
    runner.rebuild()
    assert runner.states["seen"]["seen"] == [
        [n.originator_id.hex, n.originator_version]
        for n in app.recorder.select_notifications(1, 1_000_000)]
    assert runner.states_at(log.positions[-4])[1]["seen"]["seen"] == \
        runner.states["seen"]["seen"][:-3]


def test_live_folding_agrees(app: Coordinator, log: LibraryFolds) -> None:
    sent: list[int] = []
    live = ProjectionRunner(app, publish=lambda board, position, *_: sent.append(position),
                            checkpoint_every=EVERY)
    assert live.catch_up() == log.positions[-1]
    assert live.states == log.at(log.positions[-1])[1]
    assert sent and sent == sorted(sent)
