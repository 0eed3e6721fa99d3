"""The demo started by `make run` has people, signups, sessions and staffed booths."""

from __future__ import annotations

from coordinator.application import Coordinator
from coordinator.demo.activity import NAMES, seed_activity
from coordinator.setup.file import load_demo
from projections.engine.runner import ProjectionRunner


def test_demo_is_lively_and_keeps_the_rules(app: Coordinator) -> None:
    load_demo(app)
    assert seed_activity(app) > len(NAMES)
    runner = ProjectionRunner(app)
    shifts = runner.board("shifts")[1]["shifts"]
    assert sum(s["taken"] for s in shifts) >= len(NAMES)
    assert all(s["taken"] <= s["capacity"] for s in shifts)
    sessions = [s for s in runner.board("open-space")[1]["slots"] if s["session"]]
    assert len(sessions) >= 5
    booths = runner.board("booths")[1]["booths"]
    assert sum(1 for b in booths if b["holder"]) == 3


def test_demo_evenings_have_talks_dinners_sprints_and_news(app: Coordinator) -> None:
    load_demo(app)
    seed_activity(app)
    runner = ProjectionRunner(app)
    sheets = runner.board("sheets")[1]["sheets"]
    sheets = list(sheets.values()) if isinstance(sheets, dict) else sheets
    kinds = [s["kind"] for s in sheets]
    assert kinds.count("lightning_talks") == 3  # one each evening, from pycon.yaml
    assert kinds.count("dinner") == 3 and kinds.count("sprint") == 2
    talks = sorted((s for s in sheets if s["kind"] == "lightning_talks"),
                   key=lambda s: s["starts_at"])
    assert all(len(s["entries"]) == 5 and all(e.get("title") for e in s["entries"])
               for s in talks[:2])
    for sheet in sheets:
        assert sheet["capacity"] is None or len(sheet["entries"]) <= sheet["capacity"]
        people = [e["person_id"] for e in sheet["entries"]]
        assert len(people) == len(set(people))
    dinners = [s for s in sheets if s["kind"] == "dinner"]
    assert all(0 < len(d["entries"]) < d["capacity"] for d in dinners)  # places left
    assert len(runner.board("announcements")[1]["announcements"]) == 1


def test_loading_the_demo_twice_adds_no_second_talk_session(app: Coordinator) -> None:
    load_demo(app)
    again = load_demo(app)
    assert again.result["created"]["talk sessions"] == 0
    assert again.result["unchanged"]["talk sessions"] == 3
