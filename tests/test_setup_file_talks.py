"""The set-up file's `lightning_talks` section: sessions read in the conference's time,
stored as lightning-talk sheets in the same save, skipped when loaded again, and bad
sessions refused with their line, storing nothing."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from coordinator.application import Coordinator
from coordinator.setup.file import SetupFileError, load, parse
from projections.engine.runner import ProjectionRunner

PRAGUE = ZoneInfo("Europe/Prague")
FILE = """\
conference:
  name: Talks Con
  time_zone: Europe/Prague
  days: [2030-06-05, 2030-06-06]
lightning_talks:
  - title: Evening lightning talks
    location: Main Hall
    days: all
    start: "17:30"
    end: "18:30"
    talks: {talks}
    description: Five minutes each.
  - title: Morning <b>lightning</b>
    location: Room 2
    day: 2
    start: "09:00"
    end: "09:45"
    talks: 6
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "talks.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def sheets(app: Coordinator) -> list[dict]:
    found = ProjectionRunner(app).board("sheets")[1]["sheets"]
    return sorted(found.values() if isinstance(found, dict) else found,
                  key=lambda s: (s["starts_at"], s["title"]))


def test_sessions_are_read_in_the_conference_time() -> None:
    plan = parse(FILE.format(talks=12), "talks.yaml")
    assert [(t.title, t.starts_at, t.talks, t.line) for t in plan.talks] == [
        ("Evening lightning talks", datetime(2030, 6, 5, 17, 30, tzinfo=PRAGUE), 12, 6),
        ("Evening lightning talks", datetime(2030, 6, 6, 17, 30, tzinfo=PRAGUE), 12, 6),
        ("Morning <b>lightning</b>", datetime(2030, 6, 6, 9, 0, tzinfo=PRAGUE), 6, 13),
    ]


def test_sessions_are_stored_as_sheets_once(app: Coordinator, tmp_path: Path) -> None:
    path = write(tmp_path, FILE.format(talks=12))
    first = load(app, path)
    assert first.result["created"]["talk sessions"] == 3
    stored = sheets(app)
    assert [(s["kind"], s["title"], s["location"], s["capacity"]) for s in stored] == [
        ("lightning_talks", "Evening lightning talks", "Main Hall", 12),
        ("lightning_talks", "Morning <b>lightning</b>", "Room 2", 6),
        ("lightning_talks", "Evening lightning talks", "Main Hall", 12),
    ]
    assert stored[0]["owner"] is None and stored[0]["description"] == "Five minutes each."
    position = app.recorder.max_notification_id()
    again = load(app, path)
    assert again.result["created"]["talk sessions"] == 0
    assert again.result["unchanged"]["talk sessions"] == 3
    assert app.recorder.max_notification_id() == position  # nothing new stored
    assert len(sheets(app)) == 3


def test_another_number_of_talks_is_refused_and_stores_nothing(
        app: Coordinator, tmp_path: Path) -> None:
    load(app, write(tmp_path, FILE.format(talks=12)))
    position = app.recorder.max_notification_id()
    with pytest.raises(SetupFileError) as refused:
        load(app, write(tmp_path, FILE.format(talks=20)))
    assert refused.value.line == 6
    assert "already stored for 12 talks" in refused.value.problem
    assert app.recorder.max_notification_id() == position


@pytest.mark.parametrize(("change", "line", "problem"), [
    (("talks: {talks}", "talks: 0"), 11, "'talks' must be a whole number between 1 and"),
    (("    talks: {talks}\n", ""), 6, "talks"),
    (("    day: 2\n", ""), 13, "needs either 'day' (one day) or 'days'"),
    (('end: "18:30"', 'end: "17:00"'), 10, "must be after 'start'"),
    (("day: 2", "day: 9"), 15, "between 1 and 2"),
    (("    talks: 6\n", "    talks: 6\n    speakers: 3\n"), 19, "speakers"),
])
def test_a_bad_session_names_its_line_and_stores_nothing(
        app: Coordinator, tmp_path: Path, change: tuple[str, str], line: int,
        problem: str) -> None:
    text = FILE.replace(*change).format(talks=12)
    with pytest.raises(SetupFileError) as refused:
        load(app, write(tmp_path, text))
    assert problem in refused.value.problem
    assert refused.value.line == line
    assert sheets(app) == []


def test_a_repeated_session_is_refused() -> None:
    text = FILE.format(talks=12) + """\
  - title: Evening lightning talks
    location: Main Hall
    day: 1
    start: "17:30"
    end: "18:30"
    talks: 3
"""
    with pytest.raises(SetupFileError, match="repeats the lightning-talk session of line 6"):
        parse(text, "talks.yaml")
