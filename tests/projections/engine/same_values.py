"""Equality that also holds the types to account: a decoded event must be the very same."""

from __future__ import annotations

from typing import Any


def assert_same(fast: Any, library: Any) -> None:
    """Equal, and of the same types all the way down (a str is not a UUID)."""
    assert type(fast) is type(library), (fast, library)
    if isinstance(library, dict):
        assert list(fast) == list(library)
        for key in library:
            assert_same(fast[key], library[key])
    elif isinstance(library, list):
        assert len(fast) == len(library)
        for a, b in zip(fast, library, strict=True):
            assert_same(a, b)
    else:
        assert fast == library


def assert_same_event(fast: Any, library: Any) -> None:
    assert type(fast) is type(library)
    assert_same(fast.__dict__, library.__dict__)
