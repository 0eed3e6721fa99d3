"""``GET /api/v1/openapi.json``: the API's OpenAPI description (web/api/openapi.yaml)."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml
from flask import jsonify
from flask.typing import ResponseReturnValue

from web.api.blueprint import api

SPEC_FILE = "openapi.yaml"


@cache
def description() -> dict[str, Any]:
    """The parsed file, read once: it ships in the package and never changes at run time."""
    text = resources.files("web.api").joinpath(SPEC_FILE).read_text(encoding="utf-8")
    loaded: dict[str, Any] = yaml.safe_load(text)
    return loaded


@api.get("/openapi.json")
def openapi() -> ResponseReturnValue:
    return jsonify(description())
