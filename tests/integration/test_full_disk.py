"""A full disk under a real server: SQLite on a small tmpfs (docs/deployment.md, "A full
disk"). Every claim that cannot be stored answers a clear 503, never 201 nor 500; every
acknowledged one survives SIGKILL, on the full disk and after; the file stays sound and
``coordinator verify`` agrees; the boards stay live; and claims work again as soon as
there is room, without a restart."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from tests.support.claim_rush import refuse_then_recover, run_verify, verify_store
from tests.support.server import ServerProcess
from tests.support.small_disk import small_disk

pytestmark = pytest.mark.slow

SLOTS = 48
LEFT_FREE = 96 * 1024  # room for a few claims, not for all


def test_sqlite_on_a_full_disk_refuses_clearly_keeps_what_it_said_and_recovers(
        tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk", megabytes=4) as disk:
        database_url = f"sqlite:///{disk.path}/coordinator.db"
        server = ServerProcess(database_url, tmp_path / "server.log")
        try:
            server.start()
            rush = refuse_then_recover(
                server, SLOTS, refuse=lambda: disk.fill(leave=LEFT_FREE), lift=disk.empty,
                while_down=lambda: check_while_down(database_url))
            assert rush.stored, "nothing fitted in the room left"
            server.stop()
            check_integrity(disk.path / "coordinator.db")
            verify_store(database_url)
        finally:
            server.stop()


def check_while_down(database_url: str) -> None:
    """On the full disk: the file is sound, and ``coordinator verify`` either checks it
    or says the store refused, without a traceback."""
    check_integrity(Path(database_url.removeprefix("sqlite:///")))
    done = run_verify(database_url)  # the history index it checks may need writing
    refused = "coordinator verify: the event store refused: database or disk is full"
    assert (done.returncode, "no differences" in done.stdout) == (0, True) or (
        done.returncode == 2 and refused in done.stderr), (done.stdout, done.stderr)


def check_integrity(path: Path) -> None:
    with closing(sqlite3.connect(path)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
