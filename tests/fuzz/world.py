"""The fuzzed app: the real Flask app on a real SQLite file, seeded with a small conference
(people, shifts, booths with a handoff, a room and its slots), and the checks every
fuzzed response must pass.

Fuzzed requests name these things some of the time (``ids``, ``tokens``) so that they
reach past the "no such shift" refusals into the commands themselves.
"""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings

from coordinator import errors
from coordinator.booths import errors as booth_errors
from coordinator.open_space import errors as open_space_errors
from coordinator.people import errors as people_errors
from coordinator.sheets import errors as sheet_errors
from coordinator.shifts import errors as shift_errors
from tests.web.api_helpers import ADMIN_TOKEN, Api, make_flask_app, soon

# Examples per test: the bounded run (the default, on CI; each endpoint is in four or five
# tests, so a few dozen cases each) and the long one: COORDINATOR_FUZZ_EXAMPLES=2000.
EXAMPLES = int(os.environ.get("COORDINATOR_FUZZ_EXAMPLES", "15"))

# The contract's error codes: those of coordinator.errors and of each area's errors, and
# the HTTP layer's own (docs/api.md).
HTTP_CODES = {"method_not_allowed", "too_large", "unavailable"}
ERROR_CODES = frozenset(
    {cls.code for module in (errors, booth_errors, open_space_errors, people_errors,
                             shift_errors, sheet_errors)
     for cls in vars(module).values()
     if isinstance(cls, type) and issubclass(cls, errors.DomainError)} | HTTP_CODES)


JUDGED = [0]  # responses judged in this session, for the run's summary (conftest.py)


def fuzz_settings(examples: int = EXAMPLES) -> settings:
    """Hypothesis settings for one fuzzed endpoint or form; no deadline (SQLite commits
    on a shared machine vary), and the slow-data health checks off (bodies are big)."""
    return settings(max_examples=examples, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much,
                                           HealthCheck.function_scoped_fixture])


@dataclass
class World:
    """The app and what the fuzzed requests may name."""

    api: Api
    ids: dict[str, list[str]] = field(default_factory=dict)  # by path parameter name
    tokens: dict[str, str | None] = field(default_factory=dict)
    people: dict[str, str] = field(default_factory=dict)  # name -> id
    cases: int = 0

    def stored(self) -> int:
        return self.api.stored()

    def every_id(self) -> list[str]:
        return sorted({i for ids in self.ids.values() for i in ids if len(i) == 32})


def seeded(folder: Path) -> World:
    """A fresh store in ``folder`` with a small conference; rate limits off (thousands of
    requests by one person in a minute are the point here, tests/web/test_rate_limits.py
    proves the limits)."""
    flask_app = make_flask_app(f"sqlite:///{folder}/coordinator.db", rate_limits=False)
    api = Api(flask_app, flask_app.test_client())
    ann, bob, cyd = api.register("Ann"), api.register("Bob"), api.register("Cyd")
    start = soon(days=2)
    full = api.schedule(starts_at=start, capacity=2, role="Full")
    api.sign_up(full, ann)
    api.sign_up(full, bob)
    free = api.schedule(starts_at=soon(days=5), capacity=3, role="Free")
    now = api.schedule(starts_at=soon(hours=-0.5), capacity=3, role="Now")
    api.sign_up(now, cyd)
    held = api.open_booth("Held booth")
    api.ok(api.post(f"/booths/{held}/staff", ann.token), 201)
    offer = api.ok(api.post(f"/booths/{held}/handoffs", ann.token,
                            json_body={"to": bob.id, "note": "cash box counted"}), 201)
    unstaffed = api.open_booth("Unstaffed booth")
    room = api.add_room("Room A")
    claimed = api.open_slot(room, soon(days=1))
    free_slot = api.open_slot(room, soon(days=1, hours=1))
    past = api.open_slot(room, soon(days=-1))
    api.claim(claimed, ann, "Ann's session")
    sheets = _sheets(api, ann, bob)
    unknown = uuid.uuid4().hex
    return World(
        api=api,
        ids={
            "shift_id": [full, free, now, unknown],
            "booth_id": [held, unstaffed, unknown],
            "handoff_id": [offer["handoff_id"], unknown],
            "slot_id": [claimed, free_slot, past, unknown],
            "room_id": [room, unknown],
            "person_id": [ann.id, bob.id, cyd.id, unknown],
            "sheet_id": [*sheets["sheets"], unknown],
            "announcement_id": [sheets["announcement"], unknown],
            "board": ["open-space", "shifts", "booths", f"rooms/{room}"],
        },
        tokens={
            "ann": ann.token, "bob": bob.token, "cyd": cyd.token, "organizer": ADMIN_TOKEN,
            "nobody": None, "forged": f"{ann.id}.{'0' * 40}", "garbage": "not-a-token",
        },
        people={"Ann": ann.id, "Bob": bob.id, "Cyd": cyd.id},
    )


def _sheets(api: Api, ann: Any, bob: Any) -> dict[str, Any]:
    """A lightning-talk session with two talks, a dinner group Ann joined, a closed
    sprint and one announcement in force: the organizer's sheet and announcement forms show."""
    app = api.services.app
    talks = app.post_sheet("lightning_talks", "Lightning talks", soon(days=1), "Main hall",
                           capacity=8).result["id"]
    app.add_entry(uuid.UUID(talks), uuid.UUID(ann.id), title="Fuzzing forms")
    app.add_entry(uuid.UUID(talks), uuid.UUID(bob.id), title="Parsers")
    dinner = app.post_sheet("dinner", "Dumplings", soon(days=1, hours=5), "Old town",
                            capacity=4, owner_id=uuid.UUID(bob.id)).result["id"]
    app.add_entry(uuid.UUID(dinner), uuid.UUID(ann.id))
    sprint = app.post_sheet("sprint", "Closed sprint", soon(days=3), "Table 4",
                            owner_id=uuid.UUID(ann.id)).result["id"]
    app.close_sheet(uuid.UUID(sprint))
    news = app.post_announcement("Coffee in the lobby", soon(days=1)).result["id"]
    return {"sheets": [talks, dinner, sprint], "announcement": news}


def judge(world: World, path: str, status: int, body: bytes, before: int,
          what: str = "") -> None:
    """What every fuzzed response must be: never a 5xx; on the API, a 4xx carries the
    contract's error; and a refused request stored nothing."""
    world.cases += 1
    JUDGED[0] += 1
    shown = f"{what} -> {status} {body[:300]!r}"
    assert status < 500, shown
    if status >= 400:
        assert world.stored() == before, f"a refused request stored events: {shown}"
        if path.startswith("/api/"):
            error = api_error(body)
            assert error is not None, f"not the contract's error: {shown}"
            assert error["code"] in ERROR_CODES, shown


def api_error(body: bytes) -> dict[str, Any] | None:
    try:
        payload = json.loads(body)
    except ValueError:
        return None
    error = payload.get("error") if isinstance(payload, dict) else None
    if not (isinstance(error, dict) and set(error) == {"code", "message"}):
        return None
    if not (isinstance(error["message"], str) and error["message"].strip()):
        return None
    return error if isinstance(error["code"], str) else None

