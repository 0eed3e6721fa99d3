"""A full disk under a real server: SQLite on a small tmpfs (docs/deployment.md, "A full
disk"). Every claim that cannot be stored answers a clear 503, never 201 nor 500; every
acknowledged one survives SIGKILL; the file stays sound; the boards stay live; and claims
work again as soon as there is room, without a restart."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from tests.support.claim_rush import (
    BOARD,
    FORM_EVERY,
    Phone,
    claim_all,
    open_grid,
    taken_slots,
    verify_store,
)
from tests.support.screens import Screen
from tests.support.server import ApiClient, ServerProcess
from tests.support.small_disk import small_disk
from tests.support.waiting import wait_until

SLOTS = 48
LEFT_FREE = 96 * 1024  # room for a few claims, not for all


def test_sqlite_on_a_full_disk_refuses_clearly_keeps_what_it_said_and_recovers(
        tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk", megabytes=4) as disk:
        database_url = f"sqlite:///{disk.path}/coordinator.db"
        server = ServerProcess(database_url, tmp_path / "server.log")
        screen = None
        try:
            server.start()
            api = ApiClient(server.url)
            slots, people = open_grid(api, SLOTS)
            phones = {i: Phone(server.url, people[i]) for i in range(0, SLOTS, FORM_EVERY)}
            screen = Screen(server.url, [BOARD])
            screen.snapshot_of(BOARD)

            disk.fill(leave=LEFT_FREE)
            full = claim_all(server.url, slots, people, phones, list(range(SLOTS)),
                             words="cannot save changes")
            assert full.stored, "nothing fitted in the room left"
            assert full.forms_refused and full.messages, "the disk never filled up"
            assert all("disk is full" in message for message in full.messages)

            # The board shows exactly what was acknowledged, and so does a live screen.
            assert set(taken_slots(api)) == full.stored
            last = max(full.acknowledged.values(), default=0)
            screen.patch_of(BOARD, at_least=last)
            # Pages still show (the history index behind them cannot be written now).
            assert phones[0].session.get(f"{server.url}/open-space").status_code == 200

            # Killed and started again on the full disk: what was said is kept.
            server.kill()
            server.start()
            assert set(taken_slots(api)) == full.stored
            screen.snapshot_of(BOARD, at_least=last)  # it reconnected

            # Once there is room again: the refused claims, sent again with their keys.
            disk.empty()
            again = claim_all(server.url, slots, people, phones, full.refused,
                              words="cannot save changes")
            assert not again.refused and again.stored == {slots[i] for i in full.refused}
            screen.patch_of(BOARD, at_least=max(again.acknowledged.values(), default=0))
            wait_until(lambda: _sessions(screen) == set(slots))

            server.kill()
            server.start()
            topics = taken_slots(ApiClient(server.url))
            assert topics == {slot: f"Topic {i}" for i, slot in enumerate(slots)}
            server.stop()
            with closing(sqlite3.connect(disk.path / "coordinator.db")) as connection:
                assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            verify_store(database_url)
        finally:
            if screen is not None:
                screen.close()
            server.stop()


def _sessions(screen: Screen) -> set[str]:
    """The slots with a session on the screen: its last snapshot, then its patches."""
    held: set[str] = set()
    for kind, data in screen.received(BOARD):
        if kind == "board_snapshot":
            held = {s["id"] for s in data["data"]["slots"] if s["session"]}
        elif "slot" in data:
            slot = data["slot"]
            (held.add if slot.get("session") else held.discard)(slot["id"])
    return held
