"""What the full-disk tests share: a grid to claim, a rush of claims by the API and by the
no-JavaScript form, what every answer must be (201 or 303 when stored, else a clear 503
that says to retry, never a 500), and the whole story from refusing to recovered
(``refuse_then_recover``), the same for SQLite and PostgreSQL."""

from __future__ import annotations

import base64
import random
import re
import subprocess
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import requests

from tests.support.screens import Screen
from tests.support.server import (
    ROOT,
    ApiClient,
    Person,
    ServerProcess,
    coordinator_command,
    server_environment,
)
from tests.support.waiting import wait_until

LATER = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=20)
BOARD = "open-space"
FORM_EVERY = 4  # one claim in FORM_EVERY goes by the page's form, the others by the API

def description(number: int) -> str:
    """2,000 characters (the most a description may have) that do not compress, so that
    each claim takes room in the store, even in PostgreSQL's compressed TOAST; the same
    for a claim sent again."""
    return base64.urlsafe_b64encode(random.Random(number).randbytes(1500)).decode()

CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


def open_grid(api: ApiClient, count: int) -> tuple[list[str], list[Person]]:
    """``count`` free slots and as many people to claim them."""
    room = api.admin("POST", "/rooms", {"name": "Room 1", "capacity": 50})["id"]
    slots = [api.admin("POST", "/open-space/slots", {
        "room_id": room, "starts_at": (LATER + timedelta(hours=i)).isoformat(),
        "ends_at": (LATER + timedelta(hours=i, minutes=50)).isoformat()})["id"]
        for i in range(count)]
    return slots, [api.register(f"Person {i}") for i in range(count)]


class Phone:
    """A person's browser signed in with their personal link, holding the page's CSRF
    token: it posts the open-space claim form as a phone without JavaScript does."""

    def __init__(self, url: str, person: Person) -> None:
        self.url = url
        self.session = requests.Session()
        self.session.get(f"{url}/signin/{person.token}", allow_redirects=False, timeout=30)
        page = self.session.get(f"{url}/open-space", timeout=30)
        assert page.status_code == 200, page.text[:500]
        found = CSRF.search(page.text)
        assert found, "the page carries no CSRF token"
        self.csrf = found.group(1)

    def claim(self, slot: str, number: int, key: str) -> requests.Response:
        return self.session.post(f"{self.url}/open-space/slots/{slot}/claim", data={
            "csrf_token": self.csrf, "topic": f"Topic {number}", "description": description(number),
            "idempotency_key": key, "next": "/open-space"}, allow_redirects=False, timeout=30)


@dataclass
class Rush:
    """Who claimed what, and how each was answered."""

    acknowledged: dict[str, int] = field(default_factory=dict)  # slot -> position (API)
    stored_by_form: set[str] = field(default_factory=set)
    refused: list[int] = field(default_factory=list)  # claim numbers answered 503
    messages: set[str] = field(default_factory=set)  # the API's 503 messages
    forms_refused: int = 0

    @property
    def stored(self) -> set[str]:
        return set(self.acknowledged) | self.stored_by_form


def claim_all(url: str, slots: list[str], people: list[Person], phones: dict[int, Phone],
              numbers: list[int]) -> Rush:
    """Claim ``slots[i]`` for ``people[i]`` for every ``i`` in ``numbers``, four at a time,
    each with its own idempotency key (the same on a retry); checks every answer."""
    rush = Rush()

    def claim(i: int) -> tuple[int, requests.Response]:
        key, topic = f"claim-{i}", f"Topic {i}"
        if i in phones:
            return i, phones[i].claim(slots[i], i, key)
        return i, requests.post(f"{url}/api/v1/open-space/slots/{slots[i]}/claim",
                                json={"topic": topic, "description": description(i)},
                                headers={"Authorization": f"Bearer {people[i].token}",
                                         "Idempotency-Key": key}, timeout=30)

    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = list(pool.map(claim, numbers))
    for i, response in answers:
        if response.status_code == 503:
            check_refusal(response, by_form=i in phones)
            rush.refused.append(i)
            if i in phones:
                rush.forms_refused += 1
            else:
                rush.messages.add(response.json()["error"]["message"])
        elif i in phones:
            assert response.status_code == 303, (i, response.status_code, response.text[:500])
            rush.stored_by_form.add(slots[i])
        else:
            assert response.status_code == 201, (i, response.status_code, response.text)
            rush.acknowledged[slots[i]] = response.json()["position"]
    return rush


def check_refusal(response: requests.Response, by_form: bool) -> None:
    """A clear 503 that says why and to retry later; on the API, JSON in the contract's
    error shape with the code ``unavailable``."""
    assert response.headers.get("Retry-After", "").isdigit(), response.headers
    if by_form:
        assert "cannot save changes right now, so nothing was changed" in response.text, \
            response.text
        # It reloads the grid the form was on, not the form's action.
        assert response.headers.get("Refresh") == "10; url=/open-space", response.headers
        return
    body: dict[str, Any] = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}, body
    assert body["error"]["code"] == "unavailable", body
    assert "disk is full or it is read-only); nothing was stored" in body["error"]["message"], \
        body


def taken_slots(api: ApiClient, among: list[str] | None = None) -> dict[str, str]:
    """slot -> topic of every session on the board (``among`` those slots only)."""
    board = api.ok("GET", f"/boards/{BOARD}")
    return {s["id"]: s["session"]["topic"] for s in board["data"]["slots"]
            if s["session"] and (among is None or s["id"] in among)}


def run_verify(database_url: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*coordinator_command(), "verify"], cwd=ROOT, capture_output=True,
                          text=True, env=server_environment(database_url, {}), timeout=120)


def verify_store(database_url: str) -> str:
    """``coordinator verify`` on the store: its output, after checking it found nothing."""
    done = run_verify(database_url)
    assert done.returncode == 0 and "no differences" in done.stdout, (done.stdout, done.stderr)
    return done.stdout


def sessions_on(screen: Screen) -> set[str]:
    """The slots with a session on the screen: its last snapshot, then its patches."""
    held: set[str] = set()
    for kind, data in screen.received(BOARD):
        if kind == "board_snapshot":
            held = {s["id"] for s in data["data"]["slots"] if s["session"]}
        elif "slot" in data:
            slot = data["slot"]
            (held.add if slot.get("session") else held.discard)(slot["id"])
    return held


def refuse_then_recover(server: ServerProcess, slots_count: int, refuse: Callable[[], None],
                        lift: Callable[[], None],
                        while_down: Callable[[], None] | None = None) -> Rush:
    """The whole story, on a started server: a grid, a screen, the store made to refuse
    writes, a rush of claims (each answered as ``claim_all`` checks), the board and the
    screen showing exactly what was stored; the server killed and started on the
    refusing store (``while_down`` runs between, e.g. a check of the file); then
    ``lift``, the refused claims sent again with their keys and stored, without a
    restart, and the answered ones, sent again, answered as before; then SIGKILL, a
    restart, and every claim there."""
    api = ApiClient(server.url)
    slots, people = open_grid(api, slots_count)
    phones = {i: Phone(server.url, people[i]) for i in range(0, slots_count, FORM_EVERY)}
    screen = Screen(server.url, [BOARD])
    try:
        screen.snapshot_of(BOARD)
        refuse()
        rush = claim_all(server.url, slots, people, phones, list(range(slots_count)))
        assert rush.forms_refused and rush.messages, ("the store never refused a claim", rush)
        assert set(taken_slots(api, slots)) == rush.stored, "the board is not what was answered"
        last = max(rush.acknowledged.values(), default=0)
        if last:
            screen.patch_of(BOARD, at_least=last)
        # Pages still show (the history index behind them cannot be written now).
        assert phones[0].session.get(f"{server.url}/open-space").status_code == 200
        server.kill()
        if while_down is not None:
            while_down()
        server.start()  # it starts on a store that refuses writes
        assert set(taken_slots(api, slots)) == rush.stored, "an answered claim was lost"
        screen.snapshot_of(BOARD, at_least=last)  # it reconnected

        lift()
        again = claim_all(server.url, slots, people, phones, rush.refused)
        assert not again.refused and again.stored == {slots[i] for i in rush.refused}
        # An answered claim sent again with its key gets its first answer again.
        answered = [i for i, slot in enumerate(slots) if slot in rush.acknowledged]
        repeated = claim_all(server.url, slots, people, phones, answered)
        assert repeated.acknowledged == rush.acknowledged
        wait_until(lambda: sessions_on(screen) >= set(slots))  # the screen kept up

        server.kill()
        server.start()
        topics = taken_slots(ApiClient(server.url), slots)
        assert topics == {slot: f"Topic {i}" for i, slot in enumerate(slots)}
        return rush
    finally:
        screen.close()
