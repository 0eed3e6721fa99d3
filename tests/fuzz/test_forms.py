"""Every HTML form (organizer, volunteer, open-space and account pages) fuzzed: its fields
valid, hostile or missing, extra fields, hostile files, other ids in its action; sent with
the page's CSRF token from a signed-in browser. Never a 5xx; a refusal (a 4xx, or an
error flashed on the page it goes back to) stores nothing.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any
from uuid import uuid4

import pytest
from flask.testing import FlaskClient
from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz import hostile
from tests.fuzz.forms import Form, browsers, every_form
from tests.fuzz.world import World, fuzz_settings, judge, seeded
from tests.web.api_helpers import close_flask_app, soon

# Every POST route outside the API (test_every_form_is_fuzzed keeps the list complete).
ENDPOINTS = sorted([
    "accounts.register", "accounts.signout", "openspace.claim", "openspace.interest",
    "openspace.release", "openspace.withdraw_interest", "organizer.add_booth",
    "organizer.add_room", "organizer.add_shift", "organizer.add_slot", "organizer.block_slot",
    "organizer.cancel_shift", "organizer.cancel_slot", "organizer.change_settings",
    "organizer.check_in", "organizer.close_booth", "organizer.confirm_import",
    "organizer.edit_booth", "organizer.edit_room", "organizer.edit_shift",
    "organizer.import_log", "organizer.load_demo", "organizer.load_file",
    "organizer.move_session", "organizer.no_show", "organizer.preview_import",
    "organizer.rebuild", "organizer.release_session", "organizer.remove_room",
    "organizer.reschedule_slot", "organizer.signin", "organizer.signout",
    "organizer.unblock_slot", "organizer.verify_log", "volunteer.cancel",
    "volunteer.check_in", "volunteer.claim", "volunteer.offer", "volunteer.settle",
    "volunteer.staff", "volunteer.vacate",
    "organizer.post_sheet", "organizer.edit_sheet", "organizer.close_sheet",
    "organizer.reopen_sheet", "organizer.cancel_sheet", "organizer.remove_entry",
    "organizer.mark_talk", "organizer.move_talk", "organizer.reorder_talks",
    "organizer.post_announcement", "organizer.edit_announcement",
    "organizer.withdraw_announcement",
    "sheets.join", "sheets.leave", "sheets.post", "sheets.close", "sheets.reopen",
    "sheets.cancel",
])
# Forms a page shows only in a state the seeded store is not in: (whose browser, the
# action with {kind} for a seeded id, fields, file fields).
HIDDEN_FORMS: dict[str, tuple[str, str, list[str], list[str]]] = {
    "organizer.confirm_import": ("organizer", "/organizer/shifts/import/confirm",
                                 ["text", "filename", "idempotency_key"], []),
    "organizer.import_log": ("organizer", "/organizer/log/import", [], ["file"]),
    "organizer.unblock_slot": ("organizer", "/organizer/slots/{slot_id}/unblock",
                               ["idempotency_key", "next"], []),
    "volunteer.offer": ("ann", "/volunteer/booths/{booth_id}/handoffs",
                        ["to", "note", "idempotency_key", "next"], []),
}
ID = re.compile(r"[0-9a-f]{32}|SLOT_ID")
FORM_TIME = "%Y-%m-%dT%H:%M"  # datetime-local
CSRF_META = re.compile(r'name="csrf-token" content="([^"]+)"')
CSRF_REFUSED = b"The form was too old or came from elsewhere"


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    made = seeded(tmp_path_factory.mktemp("forms"))
    yield made
    close_flask_app(made.api.flask_app)


@pytest.fixture(scope="module")
def forms(world: World) -> dict[str, tuple[str, Form]]:
    found = every_form(world, browsers(world))
    for endpoint, (who, action, fields, files) in HIDDEN_FORMS.items():
        if endpoint not in found:
            path = action.format(**{k: v[0] for k, v in world.ids.items()})
            found[endpoint] = (who, Form(path, dict.fromkeys(["csrf_token", *fields], ""), files))
    return found


def valid(field: str, value: str, world: World) -> str:
    """What a person would type in the field (the page's own value when it has one)."""
    ids = world.ids
    typed = {
        "name": "Fuzz", "role": "Fuzz", "location": "Hall F", "topic": "Fuzzing",
        "starts_at": soon(days=20).strftime(FORM_TIME),
        "ends_at": soon(days=20, hours=1).strftime(FORM_TIME), "capacity": "3",
        "time_zone": "Europe/Prague", "cancellation_cutoff_minutes": "30",
        "claim_closes_minutes_before": "10", "person_id": ids["person_id"][2],
        "room_id": ids["room_id"][0], "to": ids["slot_id"][1], "token": "not-a-token",
        "idempotency_key": uuid4().hex, "next": "/volunteer",
    }
    return value or typed.get(field, "text")


def action_for(form: Form, world: World, data: st.DataObject) -> str:
    """The form's action, its ids sometimes swapped for other seeded ids or hostile text."""
    def swap(match: re.Match[str]) -> str:
        if match.group(0) != "SLOT_ID" and data.draw(st.integers(0, 3), label="same id") < 3:
            return match.group(0)
        other = data.draw(st.one_of(st.sampled_from(world.every_id()),
                                    hostile.texts.filter(lambda t: t and "/" not in t)),
                          label="id in action")
        return other.encode("utf-8", "surrogatepass").hex() if "\ud800" in other else other
    return ID.sub(swap, form.action.split("#")[0])


def refused(client: FlaskClient, status: int) -> bool:
    """A 4xx, or an error flashed for the page the form goes back to (taken off, so the
    next case starts clean)."""
    with client.session_transaction() as session:
        flashes = session.pop("_flashes", [])
    return status >= 400 or any(category == "error" for category, _ in flashes)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_form(world: World, forms: dict[str, tuple[str, Form]], endpoint: str) -> None:
    who, form = forms[endpoint]
    clients = browsers(world)  # this test's own sessions: a sign-out form ends one
    token = csrf_token(clients[who])
    reached: list[int] = []  # statuses of the cases the CSRF check let through

    @fuzz_settings()
    @given(data=st.data(), extra=st.dictionaries(hostile.texts, hostile.texts, max_size=2))
    def fuzz(data: st.DataObject, extra: dict[str, str]) -> None:
        client = clients[who]
        sent: dict[str, Any] = {}
        for field, value in form.fields.items():
            if field == "csrf_token":
                sent[field] = token
                continue
            kind = data.draw(st.sampled_from(["valid", "hostile", "missing"]), label=field)
            if kind == "valid":
                sent[field] = valid(field, value, world)
            elif kind == "hostile":
                sent[field] = data.draw(hostile.anything_for(field).map(str), label=field)
        for name in form.files:
            content = data.draw(st.one_of(hostile.raw_bodies, hostile.texts.map(
                lambda t: t.encode("utf-8", "surrogatepass"))), label=name)
            filename = data.draw(hostile.texts, label="filename") or "file"
            sent[name] = (io.BytesIO(content), filename.encode("utf-8", "replace").decode())
        sent.update({k: v for k, v in extra.items() if k and k not in sent})
        action = action_for(form, world, data)
        before = world.stored()
        response = client.post(action, data=_encodable(sent))
        status = response.status_code
        if CSRF_REFUSED not in response.get_data():
            reached.append(status)
        if refused(client, status):
            judge(world, action, max(status, 400), response.get_data(), before,
                  what=f"{who} POST {action} {sent!r:.600}")
        else:
            judge(world, action, status, response.get_data(), before,
                  what=f"{who} POST {action} {sent!r:.600}")

    fuzz()
    assert reached, "every case was refused by the CSRF check: the fuzzing reached nothing"


def csrf_token(client: FlaskClient) -> str:
    page = client.get("/register").get_data(as_text=True)
    found = CSRF_META.search(page)
    assert found, page[:300]
    return found.group(1)


def _encodable(sent: dict[str, Any]) -> dict[str, Any]:
    """Form values as a browser sends them: UTF-8 (a lone surrogate cannot be sent)."""
    return {k.encode("utf-8", "replace").decode(): v if isinstance(v, tuple)
            else v.encode("utf-8", "replace").decode() for k, v in sent.items()}


def test_every_form_is_fuzzed(world: World, forms: dict[str, tuple[str, Form]]) -> None:
    posts = {rule.endpoint for rule in world.api.flask_app.url_map.iter_rules()
             if "POST" in (rule.methods or ()) and not rule.rule.startswith("/api/")}
    assert posts == set(ENDPOINTS)
    assert set(forms) >= posts, sorted(posts - set(forms))
