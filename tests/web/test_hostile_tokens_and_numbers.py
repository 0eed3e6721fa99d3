"""Tokens and numbers as an attacker writes them: never a 500.

- A bearer token whose signature holds non-ASCII characters (Latin-1 bytes in the
  header) is just a bad token: 401 wherever a token is read, as a bad ASCII token is.
- Superscript and other scripts' digits, 5,000-digit numbers and negative numbers in
  query strings and forms are `invalid_input` naming the field, and store nothing.
"""

from __future__ import annotations

import socket
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from coordinator import validation
from coordinator.core.tokens import TokenSigner
from coordinator.errors import InvalidInput
from tests.support.server import ADMIN_TOKEN as SERVER_ADMIN_TOKEN
from tests.support.server import ServerProcess
from tests.web.api_helpers import ADMIN_TOKEN, Api, close_flask_app, make_flask_app, soon
from tests.web.organizer_support import Browser

HUGE = "9" * 5000
# As they arrive in a query string ("%2B3" is "+3"; a bare "+" would be a space).
BAD_NUMBERS = ["²", "³", "١٢", "１２", "-1", "1.5", "1e3", "%20", HUGE, "0x10", "%2B3"]


# -- the token reader -----------------------------------------------------------------

def test_the_signer_refuses_anything_outside_the_token_alphabet() -> None:
    signer = TokenSigner("key")
    person = uuid.uuid4()
    token = signer.token_for(person)
    assert signer.person_id(token) == person
    head, _, signature = token.partition(".")
    for forged in (
        f"{head}.{'é' * 40}",                 # non-ASCII signature, the right length
        f"{head}.{signature[:-1]}é",
        f"{head.upper()}.{signature}",         # the alphabet is lower-case hex
        f"{head}.{signature.upper()}",
        f"{head}.{signature}.",
        f"{head}{signature}",
        f"{head}.{signature[:-1]}",
        f"{{{head[:30]}}}.{signature}",        # UUID() would take braces
        f"{head}.{signature}\x00",
        "",
        ".",
    ):
        assert signer.person_id(forged) is None, forged


@pytest.fixture(scope="module")
def world(module_database_url: str) -> Iterator[tuple[Api, dict[str, str]]]:
    flask_app = make_flask_app(module_database_url, rate_limits=False)
    api = Api(flask_app, flask_app.test_client())
    ann = api.register("Ann")
    shift = api.schedule(starts_at=soon(days=2))
    api.sign_up(shift, ann)
    room = api.add_room("Room A")
    slot = api.open_slot(room, soon(days=1))
    booth = api.open_booth("Booth")
    ids = {"person": ann.id, "token": ann.token, "shift": shift, "slot": slot,
           "booth": booth, "room": room, "handoff": uuid.uuid4().hex,
           "swap": uuid.uuid4().hex, "ID": uuid.uuid4().hex}
    try:
        yield api, ids
    finally:
        close_flask_app(flask_app)


def _api_routes(flask_app: Flask, ids: dict[str, str]) -> list[tuple[str, str]]:
    """Every (method, path) under /api/v1, with placeholders filled by real ids."""
    found = []
    for rule in flask_app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1"):
            continue
        path = rule.rule
        for argument in rule.arguments:
            value = "open-space" if argument == "board" else ids.get(argument.split("_")[0],
                                                                    uuid.uuid4().hex)
            path = path.replace(f"<{argument}>", value).replace(f"<path:{argument}>", value)
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            found.append((method, path))
    return found


def test_a_non_ascii_token_is_refused_like_any_forged_token_on_every_endpoint(
        world: tuple[Api, dict[str, str]]) -> None:
    api, ids = world
    head = ids["person"]
    # What a server decodes from the bytes 0xE9...: Latin-1 'é', as WSGI hands it over.
    non_ascii = f"{head}.{'é' * 40}"
    forged_ascii = f"{head}.{'0' * 40}"
    routes = _api_routes(api.flask_app, ids)
    refused = 0
    before = api.stored()
    for method, path in routes:
        path = path.removeprefix("/api/v1")
        bad = api.request(method, path, non_ascii, json_body={})
        plain = api.request(method, path, forged_ascii, json_body={})
        assert bad.status_code < 500, (method, path, bad.get_data(as_text=True)[:300])
        assert bad.status_code == plain.status_code, (method, path)
        if bad.status_code == 401:
            refused += 1
            assert bad.json is not None and bad.json["error"]["code"] == "unauthorized"
    assert api.stored() == before
    assert refused >= 15, f"only {refused} of {len(routes)} endpoints read the token"


def test_an_admin_token_with_other_letters_is_refused(
        world: tuple[Api, dict[str, str]]) -> None:
    api, _ = world
    for token in (ADMIN_TOKEN[:-1] + "é", "é" * len(ADMIN_TOKEN), ADMIN_TOKEN + "\x80"):
        answer = api.get("/events", token)
        assert answer.status_code == 401, token


def test_personal_links_and_calendar_feeds_with_other_letters_are_not_found(
        world: tuple[Api, dict[str, str]]) -> None:
    api, ids = world
    client = api.flask_app.test_client()
    token = f"{ids['person']}.{'é' * 40}"
    assert client.get(f"/signin/{token}").status_code == 400
    assert client.get(f"/calendar/{token}.ics").status_code == 404


def test_latin1_token_bytes_on_a_running_server_answer_401(tmp_path: Path) -> None:
    """The reproduction as an attacker sends it: raw bytes on a socket, to gevent."""
    with ServerProcess(f"sqlite:///{tmp_path}/coordinator.db", tmp_path / "serve.log") as server:
        person = uuid.uuid4().hex
        for path in ("/api/v1/people/me/shifts", "/api/v1/events"):
            request = (f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                       f"Authorization: Bearer {person}.").encode() + b"\xe9" * 40 + b"\r\n\r\n"
            with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
                sock.sendall(request)
                received = b""
                while chunk := sock.recv(65536):
                    received += chunk
            status_line = received.split(b"\r\n", 1)[0]
            assert b" 401 " in status_line, received[:300]
            assert b'"unauthorized"' in received
        assert "Traceback" not in (tmp_path / "serve.log").read_text()
    assert SERVER_ADMIN_TOKEN  # the server's own organizers' token was never needed


# -- the number reader ----------------------------------------------------------------

@pytest.mark.parametrize("raw", ["²", "³", "١٢", "１２", "-1", "1.5", "1e3", " ", "", HUGE,
                                 "0x10", "+3", "1_000"])
def test_whole_number_reads_ascii_digits_only(raw: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        validation.whole_number(raw, "capacity")
    assert "'capacity'" in refused.value.message


def test_whole_number_reads_what_people_type() -> None:
    assert validation.whole_number(" 12 ", "capacity") == 12
    assert validation.whole_number("0", "after") == 0
    with pytest.raises(InvalidInput):
        validation.whole_number("11", "limit", maximum=10)
    with pytest.raises(InvalidInput):
        validation.whole_number("0", "capacity", minimum=1)
    with pytest.raises(InvalidInput):
        validation.whole_number(None, "capacity")


@pytest.mark.parametrize("raw", BAD_NUMBERS)
@pytest.mark.parametrize("query", ["/events?after={}", "/events?limit={}",
                                   "/boards/open-space?at={}", "/boards/shifts?at={}"])
def test_api_query_numbers(world: tuple[Api, dict[str, str]], query: str, raw: str) -> None:
    api, _ = world
    answer = api.get(query.format(raw), ADMIN_TOKEN)
    assert answer.status_code == 400, answer.get_data(as_text=True)[:300]
    assert answer.json is not None
    error = answer.json["error"]
    assert error["code"] == "invalid_input"
    field = query.split("?")[1].split("=")[0]
    assert f"'{field}'" in error["message"]


@pytest.fixture(scope="module")
def signed_in(module_database_url: str) -> Iterator[Browser]:
    flask_app = make_flask_app(module_database_url, rate_limits=False)
    browser = Browser(flask_app, flask_app.test_client())
    browser.sign_in()
    try:
        yield browser
    finally:
        close_flask_app(flask_app)


@pytest.mark.parametrize("raw", ["²", HUGE, "-3", "١٢"])
@pytest.mark.parametrize("page", ["/organizer/history?after={}", "/organizer/history?before={}",
                                  "/organizer/timeline?at={}",
                                  "/kiosk?interval={}"])
def test_page_query_numbers(signed_in: Browser, page: str, raw: str) -> None:
    answer = signed_in.get(page.format(raw))
    assert answer.status_code == 400, (page, answer.status_code)


@pytest.mark.parametrize("raw", ["²", HUGE, "-3", "1.5"])
def test_form_numbers_store_nothing(signed_in: Browser, raw: str) -> None:
    before = signed_in.stored()
    start = soon(days=3).strftime("%Y-%m-%dT%H:%M")
    end = soon(days=3, hours=2).strftime("%Y-%m-%dT%H:%M")
    forms = [
        ("/organizer/shifts", {"role": "Runner", "location": "Hall", "starts_at": start,
                               "ends_at": end, "capacity": raw}),
        ("/organizer/rooms", {"name": "Room Z", "capacity": raw}),
        ("/organizer/setup/settings", {"cancellation_cutoff_minutes": raw}),
        ("/organizer/setup/settings", {"claim_closes_minutes_before": raw}),
    ]
    for path, data in forms:
        answer = signed_in.post(path, data)
        assert answer.status_code < 500, (path, answer.get_data(as_text=True)[:300])
        if answer.status_code == 303:  # refused forms go back with the message flashed
            assert "whole number" in signed_in.flashes(answer), path
        else:
            assert answer.status_code == 400, path
        assert signed_in.stored() == before, path
