"""Each live board has a handler for every event of the aggregates it shows.

Handlers are keyed by event class; an event added to ``Shift`` (or a board's table
losing one) fails here rather than leaving the board silently behind the log.
"""

from __future__ import annotations

import pytest

from coordinator.announcements.aggregate import Announcement
from coordinator.booths.aggregate import Booth
from coordinator.conference.aggregate import Conference
from coordinator.open_space.aggregate import OpenSpaceSlot
from coordinator.people.aggregate import Person
from coordinator.sheets.aggregate import Sheet
from coordinator.shifts.aggregate import Shift
from projections.boards.announcements import AnnouncementsProjection
from projections.boards.base import Projection
from projections.boards.booths import BoothsProjection
from projections.boards.open_space import OpenSpaceProjection
from projections.boards.sheets import SheetsProjection
from projections.boards.shifts import ShiftsProjection
from projections.engine.fold_plans import FoldPlans
from projections.engine.runner import all_projections
from tests.projections.aggregate_events import events_of

EXPECTED: list[tuple[type[Projection], set[type]]] = [
    (ShiftsProjection, events_of(Shift)),
    (BoothsProjection, events_of(Booth) | {Person.Registered}),
    # the set-up file's summary changes nothing on the grid
    (OpenSpaceProjection, events_of(OpenSpaceSlot)
     | (events_of(Conference) - {Conference.SetupLoaded})),
    (SheetsProjection, events_of(Sheet)),
    (AnnouncementsProjection, events_of(Announcement)),
]


@pytest.mark.parametrize(("board", "expected"), EXPECTED, ids=lambda v: getattr(
    v, "name", ""))
def test_every_event_of_the_board_has_a_handler(board: type[Projection],
                                                expected: set[type]) -> None:
    handled = set(board.handlers)
    missing = sorted(cls.__qualname__ for cls in expected - handled)
    unexpected = sorted(cls.__qualname__ for cls in handled - expected)
    assert not missing, f"{board.name} has no handler for {missing}"
    assert not unexpected, f"{board.name} handles events it should not: {unexpected}"


def test_the_expected_events_are_the_real_ones() -> None:
    """``events_of`` finds what the aggregates define: a few by name, none twice."""
    assert {Shift.SignedUp, Shift.Scheduled, Shift.Cancelled} <= events_of(Shift)
    assert Shift.Created not in events_of(Shift)
    assert {Booth.Opened, Booth.HandoffAccepted} <= events_of(Booth)
    assert len(events_of(OpenSpaceSlot)) == 11


def test_every_board_is_checked() -> None:
    assert {type(p) for p in all_projections()} == {board for board, _ in EXPECTED}


def test_fold_plans_find_handlers_by_the_stored_topic() -> None:
    """Rows name their event by topic; the plan must reach the class's handler."""
    boards = {p.name: p for p in all_projections()}
    plans = FoldPlans(boards)
    # as stored: the topics name the modules the classes were first written in
    topic = "coordinator.shift:Shift.SignedUp"
    assert plans.folds(topic) == [("shifts", ShiftsProjection.handlers[Shift.SignedUp])]
    registered = "coordinator.person:Person.Registered"
    assert [name for name, _ in plans.folds(registered)] == ["booths"]
    unfolded = plans.unfolded_topics()
    assert "coordinator.person:Person.ShiftCommitted" in unfolded
    assert topic not in unfolded
