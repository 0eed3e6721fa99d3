"""What to do when something a test needs cannot be had (PostgreSQL, Chromium, assets):
fail on CI (``CI=true``), where it must be there, and skip with the reason elsewhere."""

from __future__ import annotations

import os
from typing import NoReturn

import pytest


def on_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def unavailable(message: str) -> NoReturn:
    if on_ci():
        pytest.fail(message, pytrace=False)
    pytest.skip(message)
