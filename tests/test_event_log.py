"""Export and import of the whole event log (``coordinator export`` / ``coordinator import``)."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from coordinator.application import Coordinator
from coordinator.core.idempotency import IdempotencyKey
from coordinator.errors import InvalidInput
from coordinator.event_log import (
    EventLogError,
    StoreNotEmpty,
    event_to_dict,
    export_events,
    import_events,
)
from projections.engine.runner import ProjectionRunner

START = datetime(2031, 5, 14, 9, 0, tzinfo=UTC)


def build_log(app: Coordinator) -> None:
    """A small conference with something of every kind of event."""
    app.change_settings({"name": "PyCon Test", "time_zone": "Europe/Prague"})
    ada = UUID(app.register_person("Ada Lovelace", email="ada@example.org").result["id"])
    bob = UUID(app.register_person("Bob Žák").result["id"])
    cyd = UUID(app.register_person("Cyd", idempotency=IdempotencyKey("anonymous", "k1", "f"))
               .result["id"])
    desk = UUID(app.schedule_shift("registration", "Hall A", START, START + timedelta(hours=2),
                                   2, "Hand out badges").result["id"])
    runner = UUID(app.schedule_shift("runner", "Everywhere", START + timedelta(hours=3),
                                     START + timedelta(hours=4), 3).result["id"])
    app.sign_up(desk, ada)
    app.sign_up(desk, bob)
    app.sign_up(runner, bob)
    app.cancel_signup(runner, bob)
    app.sign_up(runner, cyd)
    app.check_in(desk, ada, by_organizer=True)
    app.mark_no_show(desk, bob)
    app.update_shift(runner, {"starts_at": START + timedelta(hours=5),
                              "ends_at": START + timedelta(hours=6), "capacity": 4})
    booth = UUID(app.open_booth("Info desk", "Lobby").result["id"])
    app.staff_booth(booth, ada)
    handoff = UUID(app.offer_handoff(booth, ada, bob, note="Lunch break").result["handoff_id"])
    app.accept_handoff(booth, handoff, bob)
    app.vacate_booth(booth, bob)
    room = UUID(app.add_room("Room 1", 40).result["id"])
    first = UUID(app.open_slot(room, START, START + timedelta(hours=1)).result["id"])
    second = UUID(app.open_slot(room, START + timedelta(hours=1),
                                START + timedelta(hours=2)).result["id"])
    third = UUID(app.open_slot(room, START + timedelta(hours=2),
                               START + timedelta(hours=3)).result["id"])
    app.claim_slot(first, cyd, "Packaging woes", "Bring your setup.py")
    app.register_interest(first, ada)
    app.move_session(first, second, None)
    app.block_slot(third, "Cleaning")
    app.release_slot(second, cyd)
    talks = UUID(app.post_sheet("lightning_talks", "Evening talks", START, "Hall A",
                                capacity=5).result["id"])
    app.add_entry(talks, ada, title="Engines")
    app.add_entry(talks, bob, title="Čeština")
    app.reorder_talks(talks, [bob, ada])
    app.mark_talk(talks, bob, "given")
    dinner = UUID(app.post_sheet("dinner", "Dumplings", START + timedelta(hours=9), "Old town",
                                 capacity=4, meeting_point="Lobby", owner_id=cyd).result["id"])
    app.add_entry(dinner, ada)
    app.remove_entry(dinner, ada)
    app.change_sheet(dinner, {"title": "Noodles"}, person_id=cyd)
    app.close_sheet(dinner, person_id=cyd)
    app.reopen_sheet(dinner, person_id=cyd)
    app.cancel_sheet(dinner, "Rain", person_id=cyd)
    news = UUID(app.post_announcement("Coffee in the lobby", START).result["id"])
    app.change_announcement(news, "Coffee and cake", START + timedelta(hours=1))
    app.withdraw_announcement(news)


def export_text(app: Coordinator) -> str:
    out = io.StringIO()
    export_events(app, out)
    return out.getvalue()


def stored(app: Coordinator) -> list[tuple[int, str, UUID, int, str, bytes]]:
    return [(n.id, n.topic, n.originator_id, n.originator_version, n.topic, n.state)
            for n in app.recorder.select_notifications(None, 1_000_000)]  # type: ignore[misc]


def aggregate_ids(app: Coordinator) -> set[UUID]:
    return {n.originator_id for n in app.recorder.select_notifications(None, 1_000_000)}  # type: ignore[misc]


@pytest.fixture
def other(tmp_path: Path) -> Iterator[Coordinator]:
    """A second, empty store to import into."""
    application = Coordinator(f"sqlite:///{tmp_path}/other/coordinator.db")
    yield application
    application.close()


@pytest.fixture
def log_lines(app: Coordinator) -> list[str]:
    build_log(app)
    return export_text(app).splitlines()


def test_export_writes_one_json_object_per_event_in_position_order(
        app: Coordinator, log_lines: list[str]) -> None:
    rows = [json.loads(line) for line in log_lines]
    notifications = app.recorder.select_notifications(None, 1_000_000)
    assert len(rows) == len(notifications) > 30
    assert [r["position"] for r in rows] == [n.id for n in notifications]
    first = rows[0]
    assert set(first) == {"position", "type", "topic", "aggregate_id", "version",
                          "timestamp", "data"}
    assert first["type"] == "Conference.Configured"
    assert first["topic"] == "coordinator.conference:Conference.Configured"
    assert first["version"] == 1
    assert datetime.fromisoformat(first["timestamp"]).tzinfo is not None
    signed_up = next(r for r in rows if r["type"] == "Shift.SignedUp")
    assert signed_up["data"]["person_id"]["_type_"] == "uuid_hex"
    assert {r["type"] for r in rows} >= {
        "Person.Registered", "Person.ShiftCommitted", "Person.CommitmentMoved",
        "Shift.Scheduled", "Shift.SignupCancelled", "Shift.CheckedIn", "Shift.MarkedNoShow",
        "Shift.Rescheduled", "Shift.CapacityChanged", "Booth.Staffed", "Booth.HandoffOffered",
        "Booth.HandoffAccepted", "Booth.Vacated", "Conference.RoomAdded",
        "OpenSpaceSlot.Claimed", "OpenSpaceSlot.SessionMovedOut",
        "OpenSpaceSlot.SessionMovedIn", "OpenSpaceSlot.Blocked", "IdempotencyRecord.Answered",
    }


def test_export_reports_progress(app: Coordinator) -> None:
    build_log(app)
    calls: list[tuple[int, int]] = []
    count = export_events(app, io.StringIO(), lambda done, total: calls.append((done, total)),
                          page_size=10)
    last = app.recorder.max_notification_id()
    assert count == len(app.recorder.select_notifications(None, 1_000_000))
    assert calls[-1] == (last, last)
    assert len(calls) >= count // 10


def test_round_trip_restores_every_aggregate(app: Coordinator, other: Coordinator,
                                             log_lines: list[str]) -> None:
    progress: list[tuple[int, int]] = []
    count = import_events(other, log_lines, lambda d, t: progress.append((d, t)))
    assert count == len(log_lines)
    assert progress[-1] == (count, count)

    before, after = stored(app), stored(other)
    assert [row[1:] for row in after] == [row[1:] for row in before]  # byte-identical state
    positions = [row[0] for row in after]
    assert positions == sorted(positions) and len(set(positions)) == len(positions)

    ids = aggregate_ids(app)
    assert ids == aggregate_ids(other)
    for aggregate_id in ids:
        original = app.repository.get(aggregate_id)
        restored = other.repository.get(aggregate_id)
        assert type(restored) is type(original)
        assert vars(restored) == vars(original)

    # Every board folds the same from the imported log, the sheets' and news' included.
    kinds = {json.loads(line)["type"].partition(".")[0] for line in log_lines}
    assert {"Sheet", "Announcement"} <= kinds
    for board in ("sheets", "announcements", "shifts", "booths", "open-space"):
        assert ProjectionRunner(other).board(board)[1] == \
            ProjectionRunner(app).board(board)[1], board

    # The imported store exports the same file, and its commands keep working.
    assert export_text(other).splitlines() == log_lines
    person = other.register_person("Newcomer")
    assert person.position == positions[-1] + 1


def test_round_trip_into_the_parametrised_store(tmp_path: Path, app: Coordinator) -> None:
    """SQLite -> whatever ``database_url`` is (SQLite or PostgreSQL)."""
    source = Coordinator(f"sqlite:///{tmp_path}/source/coordinator.db")
    try:
        build_log(source)
        lines = export_text(source).splitlines()
        import_events(app, iter(lines))
        assert [(n.topic, n.originator_id, n.originator_version, n.state)
                for n in app.recorder.select_notifications(None, 1_000_000)] == [
            (n.topic, n.originator_id, n.originator_version, n.state)
            for n in source.recorder.select_notifications(None, 1_000_000)]
        for aggregate_id in aggregate_ids(source):
            assert vars(app.repository.get(aggregate_id)) == vars(
                source.repository.get(aggregate_id))
    finally:
        source.close()


def test_readable_form_for_the_events_endpoint(app: Coordinator) -> None:
    build_log(app)
    notification = next(n for n in app.recorder.select_notifications(None, 1000)
                        if n.topic.endswith("Shift.SignedUp"))
    event = event_to_dict(notification, app.mapper, plain=True)
    assert event["position"] == notification.id
    assert event["aggregate_id"] == notification.originator_id.hex
    signed_up = app.mapper.to_domain_event(notification)
    assert event["data"]["person_id"] == signed_up.person_id.hex  # type: ignore[attr-defined]
    assert event["data"]["timestamp"] == event["timestamp"]
    json.dumps(event)


def test_import_refuses_a_store_that_is_not_empty(app: Coordinator,
                                                   log_lines: list[str]) -> None:
    before = stored(app)
    with pytest.raises(StoreNotEmpty, match="empty store"):
        import_events(app, log_lines)
    assert stored(app) == before


def test_import_of_an_empty_file_stores_nothing(other: Coordinator) -> None:
    assert import_events(other, ["", "\n"]) == 0
    assert other.recorder.max_notification_id() is None


def _edit(lines: list[str], index: int, change: Any) -> list[str]:
    row = json.loads(lines[index])
    change(row)
    return [*lines[:index], json.dumps(row), *lines[index + 1:]]


def _version_gap(lines: list[str]) -> tuple[list[str], int]:
    """Drop an aggregate's second event: its third now follows its first."""
    rows = [json.loads(line) for line in lines]
    second = next(i for i, r in enumerate(rows) if r["version"] == 2)
    third = next(i for i, r in enumerate(rows)
                 if r["aggregate_id"] == rows[second]["aggregate_id"] and r["version"] == 3)
    return [line for i, line in enumerate(lines) if i != second], third  # line number = index


def _set(key: str, value: Any) -> Any:
    return lambda row: row.__setitem__(key, value)


def _undecodable(row: dict[str, Any]) -> None:
    row["data"]["timestamp"] = {"_type_": "no_such_type", "_data_": 1}


BAD_LINES = {
    "bad JSON": (lambda lines: [*lines[:2], "{not json", *lines[3:]], 3, "not valid JSON"),
    "missing field": (lambda lines: _edit(lines, 4, lambda r: r.pop("topic")), 5,
                      "'topic' is missing"),
    "wrong type": (lambda lines: _edit(lines, 4, _set("version", "2")), 5,
                   "'version' must be an integer"),
    "unknown topic": (lambda lines: _edit(lines, 6, _set("topic", "coordinator.nope:Gone.Event")),
                      7, "unknown event topic"),
    "not an event class": (lambda lines: _edit(lines, 6, _set("topic", "uuid:UUID")), 7,
                           "not an aggregate event class"),
    "undecodable data": (lambda lines: _edit(lines, 8, _undecodable), 9, "does not decode"),
    "no timestamp": (lambda lines: _edit(lines, 8, lambda r: r["data"].pop("timestamp")), 9,
                     "no valid timestamp"),
    "timestamp mismatch": (lambda lines: _edit(lines, 8, _set("timestamp", "2001-01-01T00:00Z")),
                           9, "does not match"),
    "position not increasing": (lambda lines: _edit(lines, 9, _set("position", 1)), 10,
                                "does not follow"),
    "bad aggregate id": (lambda lines: _edit(lines, 9, _set("aggregate_id", "nope")), 10,
                         "not a UUID"),
    "not an object": (lambda lines: [*lines[:9], "[1, 2]", *lines[10:]], 10, "JSON object"),
}


@pytest.mark.parametrize("case", sorted(BAD_LINES))
def test_a_malformed_line_refuses_the_whole_file(case: str, other: Coordinator,
                                                 log_lines: list[str]) -> None:
    spoil, line, message = BAD_LINES[case]
    with pytest.raises(EventLogError, match=f"^Line {line}: .*{message}") as caught:
        import_events(other, spoil(log_lines), batch_size=2)  # some batches went in first
    assert caught.value.line == line
    assert isinstance(caught.value, InvalidInput)
    assert other.recorder.max_notification_id() is None


def test_a_version_gap_refuses_the_whole_file(other: Coordinator, log_lines: list[str]) -> None:
    lines, line = _version_gap(log_lines)
    with pytest.raises(EventLogError, match=f"^Line {line}: .*expected 2") as caught:
        import_events(other, lines, batch_size=2)
    assert caught.value.line == line
    assert other.recorder.max_notification_id() is None


def test_an_aggregate_must_start_with_its_creation(other: Coordinator,
                                                   log_lines: list[str]) -> None:
    rows = [json.loads(line) for line in log_lines]
    second = next(i for i, r in enumerate(rows) if r["version"] == 2)
    spoilt = _edit(log_lines, second, _set("version", 1))
    spoilt = _edit(spoilt, second, _set("aggregate_id", "0" * 32))
    with pytest.raises(EventLogError, match=f"^Line {second + 1}: version 1 must create"):
        import_events(other, spoilt)
    assert other.recorder.max_notification_id() is None
