"""Bad input for every endpoint: the right 4xx, a JSON error with the contract's code,
nothing stored, and never a 500. On SQLite and PostgreSQL.

Every case is refused, so one store per module (set up once) serves them all; each
case checks that the store's last position did not move.

The API's choice: an id that cannot be parsed, in a URL or a body, names nothing and is
`404 not_found`; an id of the wrong JSON type (a number) is `400 invalid_input`.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest

from tests.web.api_helpers import (
    ADMIN_TOKEN,
    Api,
    close_flask_app,
    make_flask_app,
    soon,
)

NO_BODY: Any = object()


@dataclass
class World:
    """What the cases act on; ``ids`` and ``tokens`` fill the cases' placeholders."""

    api: Api
    ids: dict[str, str] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)


@pytest.fixture(scope="module")
def world(module_database_url: str) -> Iterator[World]:
    # Hundreds of refused requests by one person in a few seconds: not a rate-limit test.
    flask_app = make_flask_app(module_database_url, rate_limits=False)
    api = Api(flask_app, flask_app.test_client())
    try:
        yield build_world(api)
    finally:
        close_flask_app(flask_app)


def build_world(api: Api) -> World:
    ann, bob, cyd = api.register("Ann"), api.register("Bob"), api.register("Cyd")
    start = soon(days=2)
    full = api.schedule(starts_at=start, capacity=2, role="Full")
    api.sign_up(full, ann)
    api.sign_up(full, bob)
    free = api.schedule(starts_at=soon(days=5), capacity=3, role="Free")
    overlapping = api.schedule(starts_at=start + timedelta(hours=1), capacity=5,
                               role="Overlapping")

    held = api.open_booth("Held booth")
    api.ok(api.post(f"/booths/{held}/staff", ann.token), 201)
    offer = api.ok(api.post(f"/booths/{held}/handoffs", ann.token,
                            json_body={"to": bob.id}), 201)
    unstaffed = api.open_booth("Unstaffed booth")

    room = api.add_room("Room A")
    slot_ann = api.open_slot(room, soon(days=1))
    slot_bob = api.open_slot(room, soon(days=1, hours=1))
    slot_free = api.open_slot(room, soon(days=1, hours=2))
    slot_past = api.open_slot(room, soon(days=-1))
    api.claim(slot_ann, ann, "Ann's session")
    api.claim(slot_bob, bob, "Bob's session")

    tokens = {
        "ann": ann.token, "bob": bob.token, "cyd": cyd.token, "org": ADMIN_TOKEN,
        "forged": f"{ann.id}.{'0' * 40}",
        "garbage": "not-a-token",
        "wrong_admin": ADMIN_TOKEN + "x",
    }
    ids = {
        "ann": ann.id, "bob": bob.id, "cyd": cyd.id,
        "full": full, "free": free, "overlapping": overlapping,
        "held": held, "handoff": offer["handoff_id"], "unstaffed": unstaffed,
        "room": room, "slot_ann": slot_ann, "slot_bob": slot_bob, "slot_free": slot_free,
        "slot_past": slot_past,
        "unknown": uuid.uuid4().hex, "malformed": "not-an-id",
        "start": start.isoformat(),
    }
    return World(api, ids, tokens)


@dataclass(frozen=True)
class Case:
    id: str
    method: str
    path: str  # "{name}" placeholders come from World.ids
    who: str | None  # a key of World.tokens, or None for no Authorization header
    body: Any = NO_BODY  # sent as JSON (placeholders in string values filled in)
    raw: bytes | None = None  # sent as is
    status: int = 400
    code: str = "invalid_input"
    headers: tuple[tuple[str, str], ...] = ()


def fill(value: Any, ids: dict[str, str]) -> Any:
    if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
        return ids.get(value[1:-1], value)
    if isinstance(value, dict):
        return {k: fill(v, ids) for k, v in value.items()}
    return value


# -- building the table ----------------------------------------------------------------

LONG = 10_000
SURROGATE = b'"\\ud800"'  # a lone surrogate, as a JSON escape: not valid Unicode text


def raw_with(body: dict[str, Any], field_name: str, json_value: bytes) -> bytes:
    """``body`` as JSON with ``field_name`` set to the literal JSON ``json_value``."""
    others = json.dumps({k: v for k, v in body.items() if k != field_name})[1:-1]
    head = f'{{"{field_name}": '.encode()
    return head + json_value + (b", " + others.encode() if others else b"") + b"}"


def body_cases(prefix: str, method: str, path: str, who: str) -> list[Case]:
    """Bodies that are not a JSON object."""
    bodies: list[tuple[str, bytes]] = [
        ("malformed-json", b'{"name": "Ann",'),
        ("not-json", b"name=Ann"),
        ("array", b'["Ann"]'),
        ("null", b"null"),
        ("string", b'"Ann"'),
        ("number", b"5"),
        ("invalid-utf8", b'{"name": "\xff\xfe"}'),
        ("deep-nesting", b"[" * 100_000 + b"]" * 100_000),
    ]
    return [Case(f"{prefix}-{name}", method, path, who, raw=raw) for name, raw in bodies]


def auth_cases(prefix: str, method: str, path: str, body: Any = NO_BODY, *,
               organizer_only: bool = False, person_only: bool = False) -> list[Case]:
    cases = [
        Case(f"{prefix}-no-token", method, path, None, body, status=401, code="unauthorized"),
        Case(f"{prefix}-forged-token", method, path, "forged", body, status=401,
             code="unauthorized"),
        Case(f"{prefix}-garbage-token", method, path, "garbage", body, status=401,
             code="unauthorized"),
        Case(f"{prefix}-basic-auth", method, path, None, body, status=401, code="unauthorized",
             headers=(("Authorization", "Basic YW5uOnB3"),)),
        Case(f"{prefix}-empty-bearer", method, path, None, body, status=401,
             code="unauthorized", headers=(("Authorization", "Bearer "),)),
    ]
    if organizer_only:
        cases += [
            Case(f"{prefix}-person-token", method, path, "ann", body, status=403,
                 code="forbidden"),
            Case(f"{prefix}-wrong-admin-token", method, path, "wrong_admin", body, status=401,
                 code="unauthorized"),
        ]
    if person_only:
        cases.append(Case(f"{prefix}-organizer-token", method, path, "org", body, status=403,
                          code="forbidden"))
    return cases


def text_cases(prefix: str, method: str, path: str, who: str, body: dict[str, Any],
               field_name: str, limit: int, *, multiline: bool = False,
               required: bool = True) -> list[Case]:
    """A text field: missing, wrong type, empty, too long, control characters, surrogates."""
    def with_value(value: Any) -> dict[str, Any]:
        return {**body, field_name: value}

    name = f"{prefix}-{field_name}"
    cases = [
        Case(f"{name}-number", method, path, who, with_value(5)),
        Case(f"{name}-list", method, path, who, with_value(["x"])),
        Case(f"{name}-too-long", method, path, who, with_value("x" * (limit + 1))),
        Case(f"{name}-10000", method, path, who, with_value("x" * LONG)),
        Case(f"{name}-bell", method, path, who, with_value("ab\x07c")),
        Case(f"{name}-nul", method, path, who, with_value("ab\x00c")),
        Case(f"{name}-escape", method, path, who, with_value("\x1b[31mred")),
        Case(f"{name}-delete", method, path, who, with_value("ab\x7f")),
        Case(f"{name}-surrogate", method, path, who, raw=raw_with(body, field_name, SURROGATE)),
        Case(f"{name}-surrogate-in-text", method, path, who,
             raw=raw_with(body, field_name, b'"ok \\udfff then"')),
    ]
    if not multiline:
        cases += [
            Case(f"{name}-newline", method, path, who, with_value("two\nlines")),
            Case(f"{name}-tab", method, path, who, with_value("a\tb")),
            Case(f"{name}-carriage-return", method, path, who, with_value("a\rb")),
        ]
    if required:
        cases += [
            Case(f"{name}-missing", method, path, who,
                 {k: v for k, v in body.items() if k != field_name}),
            Case(f"{name}-null", method, path, who, with_value(None)),
            Case(f"{name}-empty", method, path, who, with_value("")),
            Case(f"{name}-blank", method, path, who, with_value("   ")),
        ]
    return cases


def time_cases(prefix: str, method: str, path: str, who: str, body: dict[str, Any],
               field_name: str) -> list[Case]:
    name = f"{prefix}-{field_name}"
    values: list[tuple[str, Any]] = [
        ("no-offset", "2031-05-15T09:00:00"),
        ("date-only", "2031-05-15"),
        ("words", "next tuesday"),
        ("empty", ""),
        ("number", 1_747_299_600),
        ("bad-offset", "2031-05-15T09:00:00+25:00"),
        ("too-long", "2031-05-15T09:00:00+00:00" + " " * 100),
        ("year-1", "0001-01-01T00:00:00+14:00"),
        ("year-9999", "9999-12-31T23:00:00-14:00"),
    ]
    return [Case(f"{name}-{label}", method, path, who, {**body, field_name: value})
            for label, value in values]


def count_cases(prefix: str, method: str, path: str, who: str, body: dict[str, Any],
                field_name: str) -> list[Case]:
    name = f"{prefix}-{field_name}"
    values: list[tuple[str, Any]] = [
        ("string", "3"), ("true", True), ("float", 3.5), ("zero", 0), ("negative", -1),
        ("huge", 10**12), ("list", [3]),
    ]
    cases = [Case(f"{name}-{label}", method, path, who, {**body, field_name: value})
             for label, value in values]
    cases += [
        Case(f"{name}-nan", method, path, who, raw=raw_with(body, field_name, b"NaN")),
        Case(f"{name}-5000-digits", method, path, who,
             raw=raw_with(body, field_name, b"9" * 5000)),
    ]
    return cases


def id_cases(prefix: str, method: str, path_of: str, who: str, body: Any = NO_BODY,
             what: str = "id") -> list[Case]:
    """An id in the URL (``path_of`` has one "{ID}"): unknown, malformed, another kind."""
    values = [("unknown", "{unknown}"), ("malformed", "{malformed}"),
              ("other-kind", "{room}"), ("emoji", "%F0%9F%90%8D"),
              ("braced", "{{" + "0" * 32 + "}}"), ("nul", "%00" * 32)]
    return [Case(f"{prefix}-{label}-{what}", method, path_of.replace("{ID}", value), who, body,
                 status=404, code="not_found")
            for label, value in values]


def shift_body() -> dict[str, Any]:
    start = soon(days=10)
    return {"role": "Runner", "location": "Hall", "starts_at": start.isoformat(),
            "ends_at": (start + timedelta(hours=2)).isoformat(), "capacity": 3,
            "description": "Fine."}


def slot_body() -> dict[str, Any]:
    start = soon(days=10)
    return {"room_id": "{room}", "starts_at": start.isoformat(),
            "ends_at": (start + timedelta(hours=1)).isoformat()}


def all_cases() -> list[Case]:
    cases: list[Case] = []
    # POST /people
    person = {"name": "Dee", "email": "dee@example.org"}
    cases += body_cases("register", "POST", "/people", "")
    cases += text_cases("register", "POST", "/people", "", person, "name", 100)
    cases += [
        Case("register-email-number", "POST", "/people", "", {**person, "email": 5}),
        Case("register-email-no-at", "POST", "/people", "", {**person, "email": "dee"}),
        Case("register-email-too-long", "POST", "/people", "",
             {**person, "email": "d" * 250 + "@example.org"}),
        Case("register-email-nul", "POST", "/people", "", {**person, "email": "d\x00@e.org"}),
        Case("register-forged-token", "POST", "/people", "forged", person, status=401,
             code="unauthorized"),
        Case("register-too-large", "POST", "/people", "",
             raw=json.dumps({"name": "x" * 2_000_000}).encode(), status=413,
             code="too_large"),
    ]

    # POST /shifts
    shift = shift_body()
    cases += auth_cases("shift", "POST", "/shifts", shift, organizer_only=True)
    cases += body_cases("shift", "POST", "/shifts", "org")
    cases += text_cases("shift", "POST", "/shifts", "org", shift, "role", 100)
    cases += text_cases("shift", "POST", "/shifts", "org", shift, "location", 100)
    cases += text_cases("shift", "POST", "/shifts", "org", shift, "description", 2000,
                        multiline=True, required=False)
    cases += time_cases("shift", "POST", "/shifts", "org", shift, "starts_at")
    cases += time_cases("shift", "POST", "/shifts", "org", shift, "ends_at")
    cases += count_cases("shift", "POST", "/shifts", "org", shift, "capacity")
    cases += [
        Case(f"shift-missing-{name}", "POST", "/shifts", "org",
             {k: v for k, v in shift.items() if k != name})
        for name in ("starts_at", "ends_at", "capacity")
    ]
    cases += [
        Case("shift-ends-before-start", "POST", "/shifts", "org",
             {**shift, "ends_at": (soon(days=10) - timedelta(hours=1)).isoformat()}),
        Case("shift-ends-at-start", "POST", "/shifts", "org",
             {**shift, "ends_at": shift["starts_at"]}),
        Case("shift-idempotency-key-too-long", "POST", "/shifts", "org", shift,
             headers=(("Idempotency-Key", "k" * 201),)),
        Case("shift-idempotency-key-empty", "POST", "/shifts", "org", shift,
             headers=(("Idempotency-Key", ""),)),
        Case("shift-idempotency-key-control", "POST", "/shifts", "org", shift,
             headers=(("Idempotency-Key", "key\x07"),)),
    ]

    # PATCH /shifts/ID
    patch_path = "/shifts/{free}"
    cases += auth_cases("patch", "PATCH", patch_path, {"capacity": 5}, organizer_only=True)
    cases += body_cases("patch", "PATCH", patch_path, "org")
    cases += id_cases("patch", "PATCH", "/shifts/{ID}", "org", {"capacity": 5})
    cases += count_cases("patch", "PATCH", patch_path, "org", {}, "capacity")
    cases += time_cases("patch", "PATCH", patch_path, "org", {}, "starts_at")
    cases += [
        Case("patch-empty", "PATCH", patch_path, "org", {}),
        Case("patch-unknown-field", "PATCH", patch_path, "org", {"colour": "red"}),
        Case("patch-role-not-editable", "PATCH", patch_path, "org", {"role": "Other"}),
        Case("patch-ends-before-start", "PATCH", patch_path, "org",
             {"ends_at": soon(days=4).isoformat()}),
        Case("patch-location-empty", "PATCH", patch_path, "org", {"location": ""}),
        Case("patch-location-too-long", "PATCH", patch_path, "org", {"location": "x" * 101}),
        Case("patch-location-newline", "PATCH", patch_path, "org", {"location": "a\nb"}),
        Case("patch-description-too-long", "PATCH", patch_path, "org",
             {"description": "x" * 2001}),
        Case("patch-description-bell", "PATCH", patch_path, "org", {"description": "\x07"}),
        Case("patch-capacity-below-taken", "PATCH", "/shifts/{full}", "org", {"capacity": 1},
             status=409, code="conflict"),
        Case("patch-null-start", "PATCH", patch_path, "org", {"starts_at": None}),
    ]

    # DELETE /shifts/ID
    cases += auth_cases("cancel-shift", "DELETE", "/shifts/{free}", organizer_only=True)
    cases += body_cases("cancel-shift", "DELETE", "/shifts/{free}", "org")
    cases += id_cases("cancel-shift", "DELETE", "/shifts/{ID}", "org")
    cases += text_cases("cancel-shift", "DELETE", "/shifts/{free}", "org", {}, "reason", 2000,
                        multiline=True, required=False)

    # POST /shifts/ID/signups
    signup = "/shifts/{free}/signups"
    cases += auth_cases("signup", "POST", signup, person_only=True)
    cases += body_cases("signup", "POST", signup, "cyd")
    cases += id_cases("signup", "POST", "/shifts/{ID}/signups", "cyd")
    cases += [
        Case("signup-full", "POST", "/shifts/{full}/signups", "cyd", status=409,
             code="shift_full"),
        Case("signup-again", "POST", "/shifts/{full}/signups", "ann", status=409,
             code="already_signed_up"),
        Case("signup-overlapping", "POST", "/shifts/{overlapping}/signups", "ann", status=409,
             code="overlapping_shift"),
        Case("signup-booth-id", "POST", "/shifts/{held}/signups", "cyd", status=404,
             code="not_found"),
    ]

    # DELETE /shifts/ID/signups/me
    unsign = "/shifts/{full}/signups/me"
    cases += auth_cases("unsign", "DELETE", unsign, person_only=True)
    cases += body_cases("unsign", "DELETE", unsign, "ann")
    cases += id_cases("unsign", "DELETE", "/shifts/{ID}/signups/me", "ann")
    cases += [
        # Cyd cannot cancel Ann's or Bob's signup: "me" is always the caller.
        Case("unsign-not-signed-up", "DELETE", unsign, "cyd", status=404, code="not_found"),
        Case("unsign-someone-else", "DELETE", "/shifts/{full}/signups/{ann}", "cyd",
             status=404, code="not_found"),
    ]

    # POST /shifts/ID/checkins
    checkin = "/shifts/{full}/checkins"
    cases += auth_cases("checkin", "POST", checkin)
    cases += body_cases("checkin-person", "POST", checkin, "ann")
    cases += body_cases("checkin-organizer", "POST", checkin, "org")
    cases += id_cases("checkin", "POST", "/shifts/{ID}/checkins", "ann")
    cases += id_cases("checkin-organizer", "POST", "/shifts/{ID}/checkins", "org",
                      {"person_id": "{ann}"})
    cases += [
        Case("checkin-not-signed-up", "POST", checkin, "cyd", status=404, code="not_found"),
        Case("checkin-too-early", "POST", checkin, "ann", status=409, code="too_early"),
        Case("checkin-organizer-no-person", "POST", checkin, "org", {}),
        Case("checkin-organizer-person-number", "POST", checkin, "org", {"person_id": 5}),
        Case("checkin-organizer-person-malformed", "POST", checkin, "org",
             {"person_id": "nobody"}, status=404, code="not_found"),
        Case("checkin-organizer-person-unknown", "POST", checkin, "org",
             {"person_id": "{unknown}"}, status=404, code="not_found"),
        Case("checkin-organizer-not-signed-up", "POST", checkin, "org",
             {"person_id": "{cyd}"}, status=404, code="not_found"),
    ]

    # POST /shifts/ID/no-shows
    no_show = "/shifts/{full}/no-shows"
    cases += auth_cases("no-show", "POST", no_show, {"person_id": "{ann}"}, organizer_only=True)
    cases += body_cases("no-show", "POST", no_show, "org")
    cases += id_cases("no-show", "POST", "/shifts/{ID}/no-shows", "org", {"person_id": "{ann}"})
    cases += [
        Case("no-show-missing-person", "POST", no_show, "org", {}),
        Case("no-show-person-number", "POST", no_show, "org", {"person_id": 5}),
        Case("no-show-person-list", "POST", no_show, "org", {"person_id": ["{ann}"]}),
        Case("no-show-person-malformed", "POST", no_show, "org", {"person_id": "x"},
             status=404, code="not_found"),
        Case("no-show-not-signed-up", "POST", no_show, "org", {"person_id": "{cyd}"},
             status=404, code="not_found"),
    ]

    # GET /people/me/shifts and .ics
    for path, label in (("/people/me/shifts", "my-shifts"), ("/people/me/shifts.ics", "ics")):
        cases += auth_cases(label, "GET", path, person_only=True)

    # POST /booths
    booth = {"name": "New booth", "location": "Expo"}
    cases += auth_cases("booth", "POST", "/booths", booth, organizer_only=True)
    cases += body_cases("booth", "POST", "/booths", "org")
    cases += text_cases("booth", "POST", "/booths", "org", booth, "name", 100)
    cases += text_cases("booth", "POST", "/booths", "org", booth, "location", 100)

    # POST /booths/ID/staff
    cases += auth_cases("staff", "POST", "/booths/{unstaffed}/staff", person_only=True)
    cases += body_cases("staff", "POST", "/booths/{unstaffed}/staff", "cyd")
    cases += id_cases("staff", "POST", "/booths/{ID}/staff", "cyd")
    cases += [Case("staff-held", "POST", "/booths/{held}/staff", "cyd", status=409,
                   code="booth_staffed")]

    # POST /booths/ID/handoffs
    offer_path = "/booths/{held}/handoffs"
    offer = {"to": "{cyd}", "note": "Break?"}
    cases += auth_cases("offer", "POST", offer_path, offer, person_only=True)
    cases += body_cases("offer", "POST", offer_path, "ann")
    cases += id_cases("offer", "POST", "/booths/{ID}/handoffs", "ann", offer)
    cases += text_cases("offer", "POST", offer_path, "ann", offer, "note", 2000,
                        multiline=True, required=False)
    cases += [
        Case("offer-not-holder", "POST", offer_path, "bob", offer, status=409,
             code="not_holder"),
        Case("offer-unstaffed", "POST", "/booths/{unstaffed}/handoffs", "ann", offer,
             status=409, code="not_holder"),
        Case("offer-missing-to", "POST", offer_path, "ann", {"note": "x"}),
        Case("offer-to-number", "POST", offer_path, "ann", {"to": 5}),
        Case("offer-to-unknown", "POST", offer_path, "ann", {"to": "{unknown}"}, status=404,
             code="not_found"),
        Case("offer-to-malformed", "POST", offer_path, "ann", {"to": "bob"}, status=404,
             code="not_found"),
        Case("offer-to-a-booth", "POST", offer_path, "ann", {"to": "{held}"}, status=404,
             code="not_found"),
        Case("offer-to-self", "POST", offer_path, "ann", {"to": "{ann}"}, status=403,
             code="forbidden"),
    ]

    # POST /booths/ID/handoffs/HID/accept | decline | withdraw
    for action in ("accept", "decline", "withdraw"):
        path = "/booths/{held}/handoffs/{handoff}/" + action
        cases += auth_cases(action, "POST", path, person_only=True)
        cases += body_cases(action, "POST", path, "bob" if action != "withdraw" else "ann")
        cases += id_cases(action, "POST", "/booths/{ID}/handoffs/{handoff}/" + action, "bob",
                          what="booth")
        cases += id_cases(action, "POST", "/booths/{held}/handoffs/{ID}/" + action, "bob",
                          what="handoff")
    cases += [
        # Only the person offered can accept or decline; only the holder can withdraw.
        Case("accept-someone-elses", "POST", "/booths/{held}/handoffs/{handoff}/accept", "cyd",
             status=403, code="forbidden"),
        Case("accept-by-holder", "POST", "/booths/{held}/handoffs/{handoff}/accept", "ann",
             status=403, code="forbidden"),
        Case("decline-someone-elses", "POST", "/booths/{held}/handoffs/{handoff}/decline",
             "cyd", status=403, code="forbidden"),
        Case("withdraw-by-offered", "POST", "/booths/{held}/handoffs/{handoff}/withdraw",
             "bob", status=409, code="not_holder"),
        Case("withdraw-by-stranger", "POST", "/booths/{held}/handoffs/{handoff}/withdraw",
             "cyd", status=409, code="not_holder"),
        Case("accept-wrong-booth", "POST", "/booths/{unstaffed}/handoffs/{handoff}/accept",
             "bob", status=404, code="not_found"),
    ]

    # POST /booths/ID/vacate
    cases += auth_cases("vacate", "POST", "/booths/{held}/vacate", person_only=True)
    cases += body_cases("vacate", "POST", "/booths/{held}/vacate", "ann")
    cases += id_cases("vacate", "POST", "/booths/{ID}/vacate", "ann")
    cases += [
        Case("vacate-not-holder", "POST", "/booths/{held}/vacate", "bob", status=409,
             code="not_holder"),
        Case("vacate-unstaffed", "POST", "/booths/{unstaffed}/vacate", "ann", status=409,
             code="not_holder"),
    ]

    # POST /rooms
    room = {"name": "Room Z", "capacity": 20}
    cases += auth_cases("room", "POST", "/rooms", room, organizer_only=True)
    cases += body_cases("room", "POST", "/rooms", "org")
    cases += text_cases("room", "POST", "/rooms", "org", room, "name", 100)
    cases += count_cases("room", "POST", "/rooms", "org", room, "capacity")
    cases += [
        Case("room-missing-capacity", "POST", "/rooms", "org", {"name": "Room Z"}),
        Case("room-duplicate-name", "POST", "/rooms", "org", {"name": "Room A", "capacity": 5}),
    ]

    # POST /open-space/slots
    slot = slot_body()
    cases += auth_cases("slot", "POST", "/open-space/slots", slot, organizer_only=True)
    cases += body_cases("slot", "POST", "/open-space/slots", "org")
    cases += time_cases("slot", "POST", "/open-space/slots", "org", slot, "starts_at")
    cases += time_cases("slot", "POST", "/open-space/slots", "org", slot, "ends_at")
    cases += [
        Case("slot-missing-room", "POST", "/open-space/slots", "org",
             {k: v for k, v in slot.items() if k != "room_id"}),
        Case("slot-room-number", "POST", "/open-space/slots", "org", {**slot, "room_id": 5}),
        Case("slot-room-unknown", "POST", "/open-space/slots", "org",
             {**slot, "room_id": "{unknown}"}, status=404, code="not_found"),
        Case("slot-room-malformed", "POST", "/open-space/slots", "org",
             {**slot, "room_id": "Room A"}, status=404, code="not_found"),
        Case("slot-room-is-a-slot", "POST", "/open-space/slots", "org",
             {**slot, "room_id": "{slot_free}"}, status=404, code="not_found"),
        Case("slot-ends-before-start", "POST", "/open-space/slots", "org",
             {**slot, "ends_at": soon(days=9).isoformat()}),
        Case("slot-missing-start", "POST", "/open-space/slots", "org",
             {k: v for k, v in slot.items() if k != "starts_at"}),
    ]

    # POST /open-space/slots/ID/claim
    claim_path = "/open-space/slots/{slot_free}/claim"
    claim = {"topic": "Rust for Pythonistas", "description": "Bring questions."}
    cases += auth_cases("claim", "POST", claim_path, claim, person_only=True)
    cases += body_cases("claim", "POST", claim_path, "cyd")
    cases += id_cases("claim", "POST", "/open-space/slots/{ID}/claim", "cyd", claim)
    cases += text_cases("claim", "POST", claim_path, "cyd", claim, "topic", 200)
    cases += text_cases("claim", "POST", claim_path, "cyd", claim, "description", 2000,
                        multiline=True, required=False)
    cases += [
        Case("claim-taken", "POST", "/open-space/slots/{slot_ann}/claim", "bob", claim,
             status=409, code="slot_taken"),
        Case("claim-own-again", "POST", "/open-space/slots/{slot_ann}/claim", "ann", claim,
             status=409, code="slot_taken"),
        Case("claim-past", "POST", "/open-space/slots/{slot_past}/claim", "cyd", claim,
             status=409, code="too_late"),
    ]

    # DELETE /open-space/slots/ID/claim
    release = "/open-space/slots/{slot_ann}/claim"
    cases += auth_cases("release", "DELETE", release)
    cases += body_cases("release", "DELETE", release, "ann")
    cases += id_cases("release", "DELETE", "/open-space/slots/{ID}/claim", "ann")
    cases += text_cases("release", "DELETE", release, "org", {}, "reason", 2000,
                        multiline=True, required=False)
    cases += [
        Case("release-someone-elses", "DELETE", release, "bob", status=403, code="forbidden"),
        Case("release-free-slot", "DELETE", "/open-space/slots/{slot_free}/claim", "org",
             status=404, code="not_found"),
        Case("release-free-slot-person", "DELETE", "/open-space/slots/{slot_free}/claim",
             "cyd", status=404, code="not_found"),
    ]

    # POST /open-space/slots/ID/interest
    interest = "/open-space/slots/{slot_ann}/interest"
    cases += auth_cases("interest", "POST", interest, person_only=True)
    cases += body_cases("interest", "POST", interest, "cyd")
    cases += id_cases("interest", "POST", "/open-space/slots/{ID}/interest", "cyd")
    cases += [Case("interest-free-slot", "POST", "/open-space/slots/{slot_free}/interest",
                   "cyd", status=404, code="not_found")]

    # POST /open-space/slots/ID/move
    move = "/open-space/slots/{slot_ann}/move"
    cases += auth_cases("move", "POST", move, {"to": "{slot_free}"})
    cases += body_cases("move", "POST", move, "ann")
    cases += id_cases("move", "POST", "/open-space/slots/{ID}/move", "org",
                      {"to": "{slot_free}"})
    cases += [
        Case("move-someone-elses", "POST", move, "bob", {"to": "{slot_free}"}, status=403,
             code="forbidden"),
        Case("move-missing-to", "POST", move, "ann", {}),
        Case("move-to-number", "POST", move, "ann", {"to": 5}),
        Case("move-to-unknown", "POST", move, "ann", {"to": "{unknown}"}, status=404,
             code="not_found"),
        Case("move-to-malformed", "POST", move, "ann", {"to": "slot 3"}, status=404,
             code="not_found"),
        Case("move-to-room", "POST", move, "ann", {"to": "{room}"}, status=404,
             code="not_found"),
        Case("move-to-itself", "POST", move, "ann", {"to": "{slot_ann}"}),
        Case("move-to-taken", "POST", move, "ann", {"to": "{slot_bob}"}, status=409,
             code="slot_taken"),
        Case("move-empty-slot", "POST", "/open-space/slots/{slot_free}/move", "org",
             {"to": "{slot_past}"}, status=404, code="not_found"),
    ]

    # PATCH /conference
    cases += auth_cases("settings", "PATCH", "/conference", {"name": "X"}, organizer_only=True)
    cases += body_cases("settings", "PATCH", "/conference", "org")
    cases += text_cases("settings", "PATCH", "/conference", "org", {}, "name", 100,
                        required=False)  # every setting is optional in a PATCH
    cases += [Case(f"settings-name-{label}", "PATCH", "/conference", "org", {"name": value})
              for label, value in (("null", None), ("empty", ""), ("blank", "  "))]
    cases += [
        Case("settings-unknown", "PATCH", "/conference", "org", {"colour": "red"}),
        Case("settings-time-zone-unknown", "PATCH", "/conference", "org",
             {"time_zone": "Mars/Olympus_Mons"}),
        Case("settings-time-zone-number", "PATCH", "/conference", "org", {"time_zone": 5}),
        Case("settings-time-zone-path", "PATCH", "/conference", "org",
             {"time_zone": "../../etc/passwd"}),
        Case("settings-join-code-too-long", "PATCH", "/conference", "org",
             {"join_code": "x" * 101}),
        Case("settings-join-code-bell", "PATCH", "/conference", "org", {"join_code": "a\x07"}),
        Case("settings-join-code-number", "PATCH", "/conference", "org", {"join_code": 42}),
    ]
    for name in ("cancellation_cutoff_minutes", "claim_closes_minutes_before"):
        cases += [
            Case(f"settings-{name}-negative", "PATCH", "/conference", "org", {name: -1}),
            Case(f"settings-{name}-string", "PATCH", "/conference", "org", {name: "5"}),
            Case(f"settings-{name}-true", "PATCH", "/conference", "org", {name: True}),
            Case(f"settings-{name}-huge", "PATCH", "/conference", "org", {name: 10**9}),
        ]

    # GET /boards/BOARD and GET /events
    cases += [
        Case("board-unknown", "GET", "/boards/nope", None, status=404, code="not_found"),
        Case("board-unknown-room", "GET", "/boards/rooms/{unknown}", None, status=404,
             code="not_found"),
        Case("board-room-malformed", "GET", "/boards/rooms/x", None, status=404,
             code="not_found"),
        Case("board-at-anonymous", "GET", "/boards/shifts?at=1", None, status=401,
             code="unauthorized"),
        Case("board-at-person", "GET", "/boards/shifts?at=1", "ann", status=403,
             code="forbidden"),
        Case("board-at-words", "GET", "/boards/shifts?at=one", "org"),
        Case("board-at-negative", "GET", "/boards/shifts?at=-1", "org"),
        Case("board-as-of-no-offset", "GET", "/boards/shifts?as_of=2031-01-01T00:00:00",
             "org"),
        Case("board-as-of-year-1", "GET",
             "/boards/shifts?as_of=0001-01-01T00:00:00%2B14:00", "org"),
        Case("board-at-and-as-of", "GET",
             "/boards/shifts?at=1&as_of=2031-01-01T00:00:00Z", "org"),
        Case("events-anonymous", "GET", "/events", None, status=401, code="unauthorized"),
        Case("events-person", "GET", "/events", "ann", status=403, code="forbidden"),
        Case("events-after-words", "GET", "/events?after=x", "org"),
        Case("events-limit-negative", "GET", "/events?limit=-5", "org"),
    ]
    return cases


CASES = all_cases()


def test_case_ids_are_unique() -> None:
    ids = [case.id for case in CASES]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_input_is_refused_with_the_right_code_and_stores_nothing(
        world: World, case: Case) -> None:
    api = world.api
    before = api.stored()
    path = case.path.format(**world.ids) if "{" in case.path else case.path
    token = world.tokens[case.who] if case.who else None
    kwargs: dict[str, Any] = {"headers": dict(case.headers)}
    if case.raw is not None:
        kwargs["data"] = fill_raw(case.raw, world.ids)
    elif case.body is not NO_BODY:
        kwargs["json_body"] = fill(case.body, world.ids)
    response = api.request(case.method, path, token, **kwargs)

    text = response.get_data(as_text=True)
    assert response.status_code == case.status, text[:500]
    payload = response.get_json()
    assert isinstance(payload, dict) and set(payload) == {"error"}, text[:500]
    error = payload["error"]
    assert set(error) == {"code", "message"}
    assert error["code"] == (case.code or "invalid_input")
    assert isinstance(error["message"], str) and error["message"]
    assert len(error["message"]) < 500  # never the whole (maybe huge) input back
    assert api.stored() == before


def fill_raw(raw: bytes, ids: dict[str, str]) -> bytes:
    """Placeholders in a raw body (only in the JSON strings made by ``raw_with``)."""
    for name, value in ids.items():
        raw = raw.replace(b'"{' + name.encode() + b'}"', json.dumps(value).encode())
    return raw


def test_nothing_changed_after_all_the_bad_input(world: World) -> None:
    """The world is as it was built (this runs after the table for each store)."""
    api = world.api
    shifts = {s["id"]: s for s in api.get("/shifts").get_json()["shifts"]}
    assert shifts[world.ids["full"]]["taken"] == 2
    assert shifts[world.ids["free"]]["taken"] == 0
    assert shifts[world.ids["free"]]["capacity"] == 3
    assert len(shifts) == 3
    booths = {b["id"]: b for b in api.get("/booths").get_json()["booths"]}
    assert booths[world.ids["held"]]["holder"]["id"] == world.ids["ann"]
    assert booths[world.ids["unstaffed"]]["holder"] is None
    grid = api.get("/open-space").get_json()
    sessions = {s["id"]: s["session"] for s in grid["slots"]}
    assert sessions[world.ids["slot_ann"]]["host_id"] == world.ids["ann"]
    assert sessions[world.ids["slot_ann"]]["interested"] == 0
    assert sessions[world.ids["slot_free"]] is None
    assert len(grid["rooms"]) == 1
    settings = api.get("/conference", ADMIN_TOKEN).get_json()
    assert settings["name"] == "Conference"
    assert settings["join_code"] is None


def test_join_code_refusals_store_nothing(api: Api) -> None:
    api.ok(api.patch("/conference", ADMIN_TOKEN, json_body={"join_code": "snake"}), 200)
    before = api.stored()
    for body in ({"name": "Ann"}, {"name": "Ann", "join_code": "Snake"},
                 {"name": "Ann", "join_code": 5}, {"name": "Ann", "join_code": None},
                 {"name": "Ann", "join_code": "snake "}):
        response = api.post("/people", json_body=body)
        assert response.status_code == 403, body
        assert response.get_json()["error"]["code"] == "forbidden"
    # Bad names are refused as bad input, whatever the code.
    response = api.post("/people", json_body={"name": "", "join_code": "snake"})
    assert response.get_json()["error"]["code"] == "invalid_input"
    assert api.stored() == before

