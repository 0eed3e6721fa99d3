"""The command line, run as a user runs it: a real process on a real store."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

COORDINATOR = str(Path(sys.executable).with_name("coordinator"))

SETUP = """\
conference:
  name: Tiny Con
  time_zone: Europe/Prague
  days: [2031-06-01]
rooms:
  - {name: Room A, capacity: 20}
open_space:
  days: all
  from: "11:00"
  to: "13:00"
  slot_minutes: 60
  rooms: all
booths:
  - {name: Info desk, location: Lobby}
shifts:
  - {role: registration, location: Lobby, day: 1, start: "09:00", end: "11:00", capacity: 2}
"""


def run(*args: str, url: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COORDINATOR_DATABASE_URL": url}
    return subprocess.run([COORDINATOR, *args], env=env, capture_output=True, text=True,
                          timeout=120, check=False)


@pytest.fixture
def setup_file(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.yaml"
    path.write_text(SETUP)
    return path


def test_load_export_import_replay_rebuild(setup_file: Path, tmp_path: Path,
                                           database_url: str) -> None:
    loaded = run("load", str(setup_file), url=database_url)
    assert loaded.returncode == 0, loaded.stderr

    replayed = run("replay", "open-space", url=database_url)
    assert replayed.returncode == 0, replayed.stderr
    board = json.loads(replayed.stdout)
    assert [room["name"] for room in board["data"]["rooms"]] == ["Room A"]
    assert len(board["data"]["slots"]) == 2
    assert board["data"]["slots"][0]["starts_at"] == "2031-06-01T11:00:00+02:00"

    at_first = json.loads(run("replay", "open-space", "--at", "1", url=database_url).stdout)
    assert at_first["position"] == 1 and at_first["data"]["slots"] == []

    log = tmp_path / "events.jsonl"
    exported = run("export", str(log), url=database_url)
    assert exported.returncode == 0, exported.stderr
    lines = log.read_text().splitlines()
    assert len(lines) == board["position"]

    copy_url = f"sqlite:///{tmp_path}/copy.db"
    imported = run("import", str(log), url=copy_url)
    assert imported.returncode == 0, imported.stderr
    copied = json.loads(run("replay", "open-space", url=copy_url).stdout)
    assert copied["data"] == board["data"]

    rebuilt = run("rebuild", url=copy_url)
    assert rebuilt.returncode == 0 and "position" in rebuilt.stdout


def test_bad_setup_file_is_reported_with_its_line(tmp_path: Path, database_url: str) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(SETUP.replace("capacity: 2}", "capacity: -1}"))
    result = run("load", str(bad), url=database_url)
    assert result.returncode == 2
    assert "bad.yaml, line 16" in result.stderr
    assert json.loads(run("replay", "shifts", url=database_url).stdout)["position"] == 0


def test_import_refuses_a_malformed_line(tmp_path: Path) -> None:
    log = tmp_path / "broken.jsonl"
    log.write_text('{"position": 1}\nnot json\n')
    result = run("import", str(log), url=f"sqlite:///{tmp_path}/x.db")
    assert result.returncode == 2
    assert "line 1" in result.stderr.lower()


def test_replay_of_an_unknown_board_fails_clearly(tmp_path: Path) -> None:
    result = run("replay", "nonsense", url=f"sqlite:///{tmp_path}/x.db")
    assert result.returncode == 2
    assert "No board called 'nonsense'" in result.stderr


def test_serve_takes_the_server_limits_and_refuses_nonsense() -> None:
    from web.cli import _limit_flags, _limits, parser

    args = parser().parse_args(["serve", "--header-timeout", "5", "--idle-timeout", "7.5",
                                "--max-connections", "300"])
    limits = _limits(args)
    assert (limits.header_seconds, limits.idle_seconds, limits.max_connections) == (5, 7.5, 300)
    again = parser().parse_args(["serve", *_limit_flags(args)])  # what each worker gets
    assert _limits(again) == limits
    for bad in (["--max-connections", "0"], ["--header-timeout", "-1"], ["--idle-timeout", "x"]):
        with pytest.raises(SystemExit):
            parser().parse_args(["serve", *bad])
