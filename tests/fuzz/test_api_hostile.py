"""Every operation in web/api/openapi.yaml fuzzed with the strategies of tests/fuzz/hostile.py:
body fields valid, hostile or missing and extra fields beside them; raw bodies that are
not JSON, not UTF-8, deeply nested or too big, under any content type; hostile tokens,
organizer names and idempotency keys; hostile path ids and query strings.

The same checks as tests/fuzz/test_api_schema.py: never a 5xx, a 4xx is the contract's
error, and a refused request stores nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz import hostile
from tests.fuzz.world import World, fuzz_settings, judge, seeded
from tests.web.api_helpers import ADMIN_TOKEN, close_flask_app, soon
from web.api.openapi import description

PATHS = description()["paths"]
OPERATIONS = sorted((path, method) for path, item in PATHS.items()
                    for method in item if method != "parameters")
WITH_BODY = [op for op in OPERATIONS if "requestBody" in PATHS[op[0]][op[1]]]
WITH_QUERY = [op for op in OPERATIONS
              if any("At" in p.get("$ref", "") or p.get("in") == "query"
                     for p in PATHS[op[0]][op[1]].get("parameters", []))]
COMMANDS = [op for op in OPERATIONS if op[1] != "get"]


def label(ops: list[tuple[str, str]]) -> list[str]:
    return [f"{m.upper()} {p}" for p, m in ops]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    made = seeded(tmp_path_factory.mktemp("hostile"))
    yield made
    close_flask_app(made.api.flask_app)


def valid(field: str, world: World) -> Any:
    """A value the field accepts, so that the other fields' faults are what is refused."""
    ids = world.ids
    return {
        "name": "Fuzz", "role": "Fuzz", "location": "Hall F", "topic": "Fuzzing",
        "description": "text\nmore", "note": "note", "reason": "reason",
        "email": "fuzz@example.org", "join_code": None, "time_zone": "Europe/Prague",
        "starts_at": soon(days=20).isoformat(), "ends_at": soon(days=20, hours=1).isoformat(),
        "capacity": 3, "cancellation_cutoff_minutes": 30, "claim_closes_minutes_before": 10,
        "person_id": ids["person_id"][1], "room_id": ids["room_id"][0],
        "to": ids["person_id"][2],
        "kind": "dinner", "title": "Fuzz talk", "text": "Fuzz news", "until": None,
        "outcome": "given", "meeting_point": "Door", "order": [],
    }.get(field, "x")


def fields_of(path: str, method: str) -> list[str]:
    content = PATHS[path][method]["requestBody"]["content"]["application/json"]["schema"]
    return sorted(content.get("properties", {}))


def concrete(path: str, world: World, data: st.DataObject) -> str:
    """The path with each {name} a real id, an unknown one, or hostile text."""
    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        choice = data.draw(st.one_of(st.sampled_from(world.ids.get(name, ["x"])),
                                     hostile.texts.filter(bool)), label=name)
        return quote(choice.encode("utf-8", "surrogatepass"), safe="")
    return re.sub(r"\{([a-z_]+)\}", fill, path)


def caller(path: str, method: str, world: World, data: st.DataObject) -> dict[str, str]:
    security = {n for o in PATHS[path][method].get("security", [{}]) for n in o}
    meant = ([ADMIN_TOKEN] if "adminToken" in security else []) + (
        [world.tokens["ann"], world.tokens["bob"]] if "personToken" in security else [])
    token = data.draw(st.sampled_from(meant or [None]), label="token")
    return {"Authorization": f"Bearer {token}"} if token else {}


def send(world: World, method: str, path: str, data: st.DataObject, *,
         headers: dict[str, str], body: bytes | None = None,
         content_type: str = "application/json", query: str = "") -> None:
    before = world.stored()
    response = world.api.client.open(path, method=method.upper(), headers=headers,
                                     data=body, content_type=content_type,
                                     query_string=query)
    judge(world, path, response.status_code, response.get_data(), before,
          what=f"{method.upper()} {path}?{query[:200]} {headers} {(body or b'')[:300]!r}")


@pytest.mark.parametrize(("path", "method"), WITH_BODY, ids=label(WITH_BODY))
def test_body_fields(world: World, path: str, method: str) -> None:
    """Each field valid, hostile or missing; extra fields beside them; as the caller meant."""
    fields = fields_of(path, method)

    @fuzz_settings()
    @given(data=st.data())
    def fuzz(data: st.DataObject) -> None:
        body: dict[str, Any] = {}
        for field in fields:
            kind = data.draw(st.sampled_from(["valid", "hostile", "missing"]), label=field)
            if kind == "valid":
                body[field] = valid(field, world)
            elif kind == "hostile":
                body[field] = data.draw(hostile.anything_for(field), label=field)
        body.update(data.draw(st.dictionaries(hostile.texts, hostile.json_values,
                                              max_size=3), label="extra"))
        send(world, method, concrete(path, world, data), data,
             headers=caller(path, method, world, data), body=hostile.to_json(body),
             content_type=data.draw(hostile.content_types, label="content type"))

    fuzz()


@pytest.mark.parametrize(("path", "method"), COMMANDS, ids=label(COMMANDS))
def test_raw_bodies(world: World, path: str, method: str) -> None:
    """Not JSON, not UTF-8, not an object, deeply nested, 5,000-digit numbers, too big."""

    @fuzz_settings()
    @given(data=st.data(), body=hostile.raw_bodies, content_type=hostile.content_types)
    def fuzz(data: st.DataObject, body: bytes, content_type: str) -> None:
        send(world, method, concrete(path, world, data), data,
             headers=caller(path, method, world, data), body=body, content_type=content_type)

    fuzz()


@pytest.mark.parametrize(("path", "method"), OPERATIONS, ids=label(OPERATIONS))
def test_headers(world: World, path: str, method: str) -> None:
    """Hostile bearer tokens, organizer names and idempotency keys (as a server hands
    them on: UTF-8 read as Latin-1)."""

    @fuzz_settings()
    @given(data=st.data(), token=hostile.texts, organizer=hostile.texts, key=hostile.texts,
           scheme=st.sampled_from(["Bearer ", "bearer ", "Basic ", "", "Bearer  "]),
           parts=st.sets(st.sampled_from(["token", "organizer", "key"]), min_size=1))
    def fuzz(data: st.DataObject, token: str, organizer: str, key: str, scheme: str,
             parts: set[str]) -> None:
        headers = caller(path, method, world, data)
        if "token" in parts:
            headers["Authorization"] = hostile.header_safe(scheme + token)
        if "organizer" in parts:
            headers["X-Organizer"] = hostile.header_safe(organizer)
        if "key" in parts:
            headers["Idempotency-Key"] = hostile.header_safe(key)
        send(world, method, concrete(path, world, data), data, headers=headers)

    fuzz()


@pytest.mark.parametrize(("path", "method"), WITH_QUERY, ids=label(WITH_QUERY))
def test_query_strings(world: World, path: str, method: str) -> None:
    """Unicode digits, 5,000 digits, negative and huge numbers, bad moments; repeated
    and unknown names; bytes that are not UTF-8."""
    names = ["after", "limit"] if path.endswith("/events") else ["at", "as_of"]
    value = st.one_of(hostile.numbers.map(str), hostile.moments.map(str), hostile.texts)

    @fuzz_settings()
    @given(data=st.data(),
           pairs=st.lists(st.tuples(st.sampled_from([*names, "other"]), value), max_size=3),
           raw=st.sampled_from(["", "&at=%ff%fe", "&limit=%00", "&after=%C2%B2", "&&=&"]))
    def fuzz(data: st.DataObject, pairs: list[tuple[str, str]], raw: str) -> None:
        encoded = [(k, v.encode("utf-8", "surrogatepass")) for k, v in pairs]
        send(world, method, concrete(path, world, data), data,
             headers={"Authorization": f"Bearer {ADMIN_TOKEN}"},
             query=urlencode(encoded) + raw)

    fuzz()
