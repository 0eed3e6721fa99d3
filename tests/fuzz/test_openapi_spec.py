"""web/api/openapi.yaml stays honest: it is a valid OpenAPI document, it is served, and
its paths and methods are exactly the API routes Flask has (every one, and no more)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from flask import Flask
from openapi_spec_validator import validate

from tests.fuzz.world import ERROR_CODES
from tests.web.api_helpers import close_flask_app, make_flask_app
from web.api.openapi import description

IGNORED_METHODS = {"HEAD", "OPTIONS"}
# Flask's <name> and <converter:name> as OpenAPI's {name}
_VARIABLE = re.compile(r"<(?:[a-z]+:)?([a-z_]+)>")


@pytest.fixture(scope="module")
def flask_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    flask_app = make_flask_app(f"sqlite:///{tmp_path_factory.mktemp('spec')}/coordinator.db")
    yield flask_app
    close_flask_app(flask_app)


def api_routes(flask_app: Flask) -> set[tuple[str, str]]:
    """(OpenAPI path, method) for every route under /api/ and /healthz."""
    found = set()
    for rule in flask_app.url_map.iter_rules():
        if rule.rule.startswith("/api/") or rule.rule == "/healthz":
            for method in (rule.methods or set()) - IGNORED_METHODS:
                found.add((_VARIABLE.sub(r"{\1}", rule.rule), method.lower()))
    return found


def spec_operations() -> set[tuple[str, str]]:
    return {(path, method) for path, item in description()["paths"].items()
            for method in item if method != "parameters"}


def test_the_description_is_a_valid_openapi_document() -> None:
    validate(description())


def test_it_is_served_as_json(flask_app: Flask) -> None:
    response = flask_app.test_client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.get_json() == description()


def test_every_api_route_is_described(flask_app: Flask) -> None:
    missing = api_routes(flask_app) - spec_operations()
    assert not missing, f"routes with no path in web/api/openapi.yaml: {sorted(missing)}"


def test_every_described_operation_is_a_route(flask_app: Flask) -> None:
    """Each path, with sample values for its variables, reaches an API view by that method
    (``/boards/rooms/{room_id}`` is the ``<path:board>`` route, written out for clients)."""
    adapter = flask_app.url_map.bind("localhost")
    for path, method in sorted(spec_operations()):
        concrete = re.sub(r"\{[a-z_]+\}", "0" * 32, path)
        endpoint, _ = adapter.match(concrete, method=method.upper())
        assert endpoint.startswith(("api.", "health.", "organizer_notices.")), (path, endpoint)


def test_error_codes_are_the_contracts() -> None:
    schema = description()["components"]["schemas"]["Error"]
    described = set(schema["properties"]["error"]["properties"]["code"]["enum"])
    assert described == ERROR_CODES
