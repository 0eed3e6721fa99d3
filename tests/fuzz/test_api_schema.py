"""Every operation in web/api/openapi.yaml, fuzzed by schemathesis: bodies, query strings,
path ids and headers that fit the description (positive) and that break it (negative),
sent over WSGI to the real app on a real SQLite store, as a person, as the organizers,
with a bad token or with none.

Each response: never a 5xx; on /api a 4xx is the contract's error; a refused request
stores nothing. One fresh seeded store per operation, so that what one operation's
successes change (a booth closed, a shift cancelled) never hides another's cases.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import given
from hypothesis import strategies as st
from schemathesis import GenerationMode

from tests.fuzz.world import World, fuzz_settings, judge, seeded
from tests.web.api_helpers import close_flask_app
from web.api.openapi import description

SCHEMA = schemathesis.openapi.from_dict(description())
OPERATIONS = sorted((path, method) for path, item in description()["paths"].items()
                    for method in item if method != "parameters")
# Body fields that hold an id: a real one some of the time, or the cases stop at not_found.
ID_FIELDS = ("person_id", "room_id", "to")


@pytest.fixture
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    made = seeded(tmp_path_factory.mktemp("fuzz"))
    yield made
    close_flask_app(made.api.flask_app)


def real(data: st.DataObject, name: str) -> bool:
    """Three times in four (0, the simplest, is yes)."""
    return data.draw(st.integers(0, 3), label=f"real {name}") < 3


def name_real_things(case: Any, world: World, data: st.DataObject) -> None:
    for name in list(case.path_parameters or {}):
        if name in world.ids and real(data, name):
            case.path_parameters[name] = data.draw(st.sampled_from(world.ids[name]))
    if isinstance(case.body, dict):
        for name in ID_FIELDS:
            if name in case.body and real(data, name):
                case.body[name] = data.draw(st.sampled_from(world.every_id()))


def callers(path: str, method: str) -> list[str]:
    """Who the operation is for (its security schemes), to send most cases as them."""
    item = description()["paths"][path][method]
    schemes = {name for option in item.get("security", [{}]) for name in option}
    found = (["organizer"] if "adminToken" in schemes else []) + (
        ["ann", "bob", "cyd"] if "personToken" in schemes else [])
    return found or ["nobody"]


def authorize(case: Any, world: World, data: st.DataObject, meant: list[str]) -> str:
    """As whom the case is sent: mostly as the operation means, else as anyone (a bad
    token, none); "generated" keeps whatever schemathesis put in the headers."""
    anyone = st.sampled_from([*world.tokens, "generated"])
    as_meant = data.draw(st.integers(0, 3), label="as meant") < 3  # 0, the simplest: yes
    who = data.draw(st.sampled_from(meant) if as_meant else anyone, label="who")
    if who == "generated":
        return who
    headers = case.headers if case.headers is not None else {}
    headers.pop("Authorization", None)
    token = world.tokens[who]
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    case.headers = headers
    return who


@pytest.mark.parametrize(("path", "method"), OPERATIONS,
                         ids=[f"{m.upper()} {p}" for p, m in OPERATIONS])
def test_operation(world: World, path: str, method: str) -> None:
    operation = SCHEMA[path][method.upper()]
    cases = st.one_of(operation.as_strategy(GenerationMode.POSITIVE),
                      operation.as_strategy(GenerationMode.NEGATIVE))

    meant = callers(path, method)

    @fuzz_settings()
    @given(case=cases, data=st.data())
    def fuzz(case: Any, data: st.DataObject) -> None:
        name_real_things(case, world, data)
        who = authorize(case, world, data, meant)
        before = world.stored()
        response = case.call(app=world.api.flask_app)
        judge(world, case.formatted_path, response.status_code, response.content, before,
              what=f"{case.method} {case.formatted_path} as {who}: {case.as_curl_command()}")

    fuzz()
