"""The projection runner: live folds, resume after restart, replay and time travel."""

from __future__ import annotations

import itertools
from datetime import timedelta
from typing import Any
from uuid import UUID

import pytest

from coordinator.application import Coordinator
from coordinator.errors import NotFound
from projections.engine.runner import ProjectionRunner
from tests.projections.engine.seen_events import SeenEvents

T0 = "2031-05-14T10:00:00+00:00"
T1 = "2031-05-14T11:00:00+00:00"
T2 = "2031-05-14T12:00:00+00:00"


def busy_conference(app: Coordinator) -> list[int]:
    """A little of everything; returns the position after each command."""
    positions = []

    def did(outcome: Any) -> Any:
        positions.append(outcome.position)
        return outcome.result

    room = UUID(did(app.add_room("Room 1", 30))["id"])
    slots = [UUID(did(app.open_slot(room, a, b))["id"]) for a, b in ((T0, T1), (T1, T2))]
    ana = UUID(did(app.register_person("Ana"))["id"])
    ben = UUID(did(app.register_person("Ben"))["id"])
    shift = UUID(did(app.schedule_shift("registration", "Hall A", T0, T1, 2))["id"])
    booth = UUID(did(app.open_booth("PSF booth", "Expo"))["id"])
    did(app.claim_slot(slots[0], ana, "Packaging in 2031"))
    did(app.register_interest(slots[0], ben))
    did(app.sign_up(shift, ana))
    did(app.sign_up(shift, ben))
    did(app.staff_booth(booth, ana))
    handoff = UUID(did(app.offer_handoff(booth, ana, ben, "cash box counted"))["handoff_id"])
    did(app.accept_handoff(booth, handoff, ben))
    did(app.move_session(slots[0], slots[1], ana))
    did(app.cancel_signup(shift, ana))
    did(app.update_shift(shift, {"capacity": 3}))
    did(app.release_slot(slots[1], None, "room needed"))
    return positions


def test_boards_follow_commands(app: Coordinator) -> None:
    runner = ProjectionRunner(app)
    room = UUID(app.add_room("Room 1", 30).result["id"])
    slot = UUID(app.open_slot(room, T0, T1).result["id"])
    ana = UUID(app.register_person("Ana").result["id"])
    outcome = app.claim_slot(slot, ana, "<b>Typing</b>")

    position, grid = runner.board("open-space")
    assert position >= outcome.position
    [cell] = grid["slots"]
    assert cell["session"]["topic"] == "<b>Typing</b>"
    assert cell["session"]["host_name"] == "Ana"
    _, room_board = runner.board(f"rooms/{room.hex}")
    assert room_board["room"]["name"] == "Room 1"
    assert room_board["slots"][0]["session"]["topic"] == "<b>Typing</b>"

    shift = UUID(app.schedule_shift("runner", "Hall B", T0, T1, 1).result["id"])
    app.sign_up(shift, ana)
    _, shifts = runner.board("shifts")
    assert [(s["taken"], s["capacity"]) for s in shifts["shifts"]] == [(1, 1)]
    app.cancel_shift(shift)
    assert runner.board("shifts")[1]["shifts"] == []


def test_patches_name_the_board_and_chain_positions(app: Coordinator) -> None:
    sent: list[tuple[str, int, int, dict[str, Any]]] = []
    runner = ProjectionRunner(app, publish=lambda *patch: sent.append(patch))
    busy_conference(app)
    runner.catch_up()
    boards = {board for board, *_ in sent}
    assert {"open-space", "shifts", "booths"} <= boards
    assert any(board.startswith("rooms/") for board in boards)
    for board in boards:
        chain = [(position, previous) for b, position, previous, _ in sent if b == board]
        assert chain[0][1] == 0
        for (before, _), (after, previous) in itertools.pairwise(chain):
            assert previous == before < after
    slot_patches = [p for b, _, _, p in sent if b == "open-space" and "slot" in p]
    assert all(set(p) == {"slot"} for p in slot_patches), "a slot change sends that slot only"


def test_each_command_patches_a_board_at_its_own_position(app: Coordinator) -> None:
    """A screen told "done at position P" sees a patch at P: the board event comes last."""
    sent: list[int] = []
    runner = ProjectionRunner(app, publish=lambda board, position, *_: sent.append(position))
    positions = busy_conference(app)
    runner.catch_up()
    registrations = {p for p in positions if p not in sent}
    assert len(registrations) == 2, "only registering Ana and Ben changes no board"
    assert max(sent) == positions[-1]


def test_resume_after_restart_folds_each_event_once(app: Coordinator) -> None:
    busy_conference(app)
    first = ProjectionRunner(app, [SeenEvents()], checkpoint_every=4)
    first.catch_up()
    checkpointed = first.checkpoints.latest() if first.checkpoints else None
    assert checkpointed is not None and 0 < checkpointed.position <= first.position

    more = app.register_person("Late arrival")
    restarted = ProjectionRunner(app, [SeenEvents()], checkpoint_every=4)
    assert restarted.resume() == checkpointed.position
    restarted.catch_up()
    fresh = ProjectionRunner(app, [SeenEvents()], checkpoints=False)
    fresh.catch_up()
    assert restarted.position == fresh.position >= more.position
    assert restarted.states == fresh.states
    seen = restarted.states["seen"]["seen"]
    assert len(seen) == len({tuple(s) for s in seen}) == app.recorder.max_notification_id()


def test_replay_at_each_position_equals_the_live_board(app: Coordinator) -> None:
    live = ProjectionRunner(app, checkpoint_every=3)
    history: list[tuple[int, dict[str, Any]]] = []
    room = UUID(app.add_room("Room 1", 30).result["id"])
    slots = [UUID(app.open_slot(room, a, b).result["id"]) for a, b in ((T0, T1), (T1, T2))]
    people = [UUID(app.register_person(f"P{i}").result["id"]) for i in range(4)]
    for i, person in enumerate(people):
        if i < 2:
            app.claim_slot(slots[i], person, f"Topic {i}")
        else:
            app.register_interest(slots[0], person)
        history.append(live.board("open-space"))
    app.release_slot(slots[0], None)
    history.append(live.board("open-space"))

    past = ProjectionRunner(app, checkpoint_every=3)
    for position, board in history:
        assert past.board_at("open-space", position=position) == (position, board)


def test_as_of_a_moment(app: Coordinator) -> None:
    runner = ProjectionRunner(app)
    room = UUID(app.add_room("Room 1", 30).result["id"])
    slot = UUID(app.open_slot(room, T0, T1).result["id"])
    ana = UUID(app.register_person("Ana").result["id"])
    before = app.repository.get(slot).modified_on
    app.claim_slot(slot, ana, "Packaging")
    claimed_at = app.repository.get(slot).modified_on

    _, earlier = runner.board_at("open-space", as_of=before + timedelta(microseconds=1))
    assert earlier["slots"][0]["session"] is None
    _, later = runner.board_at("open-space", as_of=claimed_at)
    assert later["slots"][0]["session"]["topic"] == "Packaging"


def test_rebuild_gives_the_same_boards(app: Coordinator) -> None:
    busy_conference(app)
    runner = ProjectionRunner(app, checkpoint_every=5)
    boards = {name: runner.board(name) for name in ("open-space", "shifts", "booths")}
    assert runner.rebuild() == boards["shifts"][0]
    assert {name: runner.board(name) for name in boards} == boards


def test_unknown_boards(app: Coordinator) -> None:
    runner = ProjectionRunner(app)
    with pytest.raises(NotFound):
        runner.board("nonsense")
    with pytest.raises(NotFound):
        runner.board("rooms/0123")
    with pytest.raises(NotFound):
        runner.board_at("nonsense", position=1)


def test_checkpoint_version_covers_every_fold() -> None:
    """A fold module left out of the version would let stale checkpoints be trusted."""
    import sys
    from pathlib import Path

    from projections.engine.runner import FOLD_MODULES, all_projections

    modules = {Path(str(sys.modules[type(p).__module__].__file__)).name
               for p in all_projections()}
    assert modules | {"base.py"} == set(FOLD_MODULES)
