"""Log operations from the page: export and import (the CLI's JSONL; an import into an
empty store gives identical boards and history), rebuild with progress, and verify
(``coordinator verify`` too), which reports any difference and exits 1 on one."""

from __future__ import annotations

import io
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from coordinator.core import side_tables
from coordinator.demo.activity import seed_activity
from coordinator.event_log import export_events
from coordinator.setup.file import load_demo
from projections.history.index import HistoryIndex
from projections.history.query import Filters
from projections.verify.check import verify
from tests.web.organizer_support import Browser, browser, browser_on, organizer  # noqa: F401
from web.cli import main


def demo(b: Browser) -> None:
    """The demo conference with its people, and one shift cancelled by an organizer."""
    load_demo(b.app)
    seed_activity(b.app)
    shift = b.services.boards.board("shifts")[1]["shifts"][0]["id"]
    b.app.cancel_shift(UUID(shift), "Rain", by="Maria")


def wait_for_job(b: Browser, timeout: float = 60) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job: dict[str, Any] = b.get("/organizer/log/job").get_json()["job"]
        if job and job["state"] != "running":
            return job
        time.sleep(0.05)
    raise AssertionError("the job did not finish")


def every_board(b: Browser) -> dict[str, Any]:
    runner = b.services.boards
    runner.catch_up()
    rooms = [r["id"] for r in runner.board("open-space")[1]["rooms"]]
    return {name: runner.board(name) for name in
            ["open-space", "shifts", "booths", *[f"rooms/{r}" for r in rooms]]}


@pytest.fixture
def second(tmp_path: Path) -> Iterator[Browser]:
    """Another server on an empty SQLite store, an organizer signed in."""
    made = browser_on(f"sqlite:///{tmp_path}/second.db")
    other = next(made)
    other.sign_in("Olu")
    yield other
    next(made, None)


def test_export_then_import_gives_identical_boards(organizer: Browser,  # noqa: F811
                                                   second: Browser) -> None:
    demo(organizer)
    exported = organizer.get("/organizer/log/export.jsonl")
    assert exported.status_code == 200
    assert "attachment" in exported.headers["Content-Disposition"]
    body = exported.get_data()
    cli = io.StringIO()
    export_events(organizer.app, cli)
    assert body.decode() == cli.getvalue()
    response = second.post("/organizer/log/import",
                           {"file": (io.BytesIO(body), "events.jsonl")},
                           content_type="multipart/form-data")
    assert response.status_code == 303
    job = wait_for_job(second)
    assert job["state"] == "done", job
    assert job["message"] == f"Imported {organizer.stored()} events."
    assert every_board(second) == every_board(organizer)
    mine, theirs = HistoryIndex(organizer.app), HistoryIndex(second.app)
    assert [(r.position, r.parts, r.by) for r in mine.query(Filters(), limit=200)] == [
        (r.position, r.parts, r.by) for r in theirs.query(Filters(), limit=200)]


def test_import_needs_an_empty_store_and_a_good_file(organizer: Browser,  # noqa: F811
                                                     second: Browser) -> None:
    organizer.app.add_room("Room 1", 10)
    refused = organizer.post("/organizer/log/import",
                             {"file": (io.BytesIO(b"{}\n"), "events.jsonl")},
                             content_type="multipart/form-data")
    assert "already holds events" in organizer.flashes(refused)
    good = organizer.get("/organizer/log/export.jsonl").get_data().decode()
    broken = good + '{"position": 99, "type": "nope"}\n'
    second.post("/organizer/log/import", {"file": (io.BytesIO(broken.encode()), "e.jsonl")},
                content_type="multipart/form-data")
    job = wait_for_job(second)
    assert job["state"] == "failed"
    assert job["message"].startswith(f"Nothing was imported. Line {len(good.splitlines()) + 1}:")
    assert second.stored() == 0
    no_csrf = second.post("/organizer/log/import", {"file": (io.BytesIO(b""), "e.jsonl")},
                          content_type="multipart/form-data", csrf=False)
    assert no_csrf.status_code == 400


def test_rebuild_and_verify_from_the_page(organizer: Browser) -> None:  # noqa: F811
    demo(organizer)
    before = every_board(organizer)
    assert organizer.post("/organizer/log/rebuild").status_code == 303
    job = wait_for_job(organizer)
    assert job["state"] == "done" and job["percent"] == 100 and job["by"] == "Maria"
    assert every_board(organizer) == before
    organizer.post("/organizer/log/verify")
    job = wait_for_job(organizer)
    assert job["state"] == "done", job
    assert "the live boards" in job["message"] and "no differences" in job["message"]
    page = organizer.text("/organizer/log")
    assert 'id="job"' in page and "no differences" in page
    # A live board that went wrong is caught.
    runner = organizer.services.boards
    with runner._lock:
        shift = next(iter(runner.states["shifts"]["shifts"].values()))
        shift["capacity"] += 1
    organizer.post("/organizer/log/verify")
    job = wait_for_job(organizer)
    assert job["state"] == "failed"
    assert any(line.startswith("live boards at") and f"shifts.{shift['id']}.capacity" in line
               for line in job["details"])


def test_coordinator_verify(organizer: Browser, capsys: pytest.CaptureFixture[str],  # noqa: F811
                            monkeypatch: pytest.MonkeyPatch) -> None:
    demo(organizer)
    app = organizer.app
    runner = organizer.services.boards
    runner.checkpoint_every = 100
    runner.rebuild()
    HistoryIndex(app).catch_up()
    report = verify(app, history=HistoryIndex(app))
    assert report.ok and report.checkpoints >= 3 and report.history_rows == organizer.stored()
    monkeypatch.setenv("COORDINATOR_DATABASE_URL", organizer.services.settings.database_url)
    assert main(["verify"]) == 0
    assert "no differences" in capsys.readouterr().out
    # Spoil one checkpoint and one history row: both are reported, and the exit is 1.
    rows = side_tables.run(app.recorder, (
        "SELECT position, states FROM {schema}.coordinator_checkpoints ORDER BY position", ()))
    position, states = rows[1]
    spoiled = json.loads(states)
    booth = next(iter(spoiled["booths"]["booths"].values()))
    booth["name"] = "Spoiled"
    side_tables.run(app.recorder, (
        "UPDATE {schema}.coordinator_checkpoints SET states = ? WHERE position = ?",
        (json.dumps(spoiled), position)), commit=True)
    side_tables.run(app.recorder, (
        "UPDATE {schema}.coordinator_history SET parts = ? WHERE position = ?",
        ('["Nothing happened"]', 5)), commit=True)
    assert main(["verify"]) == 1
    out = capsys.readouterr().out
    assert f"checkpoint at {position}: booths booths.{booth['id']}.name" in out
    assert "history index at 5: history row" in out
    assert "2 differences" in out
