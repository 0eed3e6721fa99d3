"""The tests that must run alone are named by path; a moved file must not slip out."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import SERIAL

ROOT = Path(__file__).resolve().parents[1]


def test_every_serial_test_file_exists() -> None:
    assert sorted(p for p in SERIAL if not (ROOT / p).is_file()) == []
