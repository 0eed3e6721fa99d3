"""Tables of event words: one function per event type, registered with ``@table.on``.

Each function takes the aggregate's id, the event's plain data and the
``Directory``, and returns the sentence's parts. The modules that fill a table
(``describe``, ``places``) and the one that reads them (``words``) all import this
one and never each other back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from projections.history.directory import Directory, Part

Describe = Callable[[str, dict[str, Any], Directory], list[Part]]


class Words(dict[str, Describe]):
    """Event type ("Shift.SignedUp") -> its words."""

    def on(self, event_type: str) -> Callable[[Describe], Describe]:
        def register(function: Describe) -> Describe:
            self[event_type] = function
            return function
        return register


def quoted(text: str | None, lead: str = ": ") -> str:
    return f"{lead}'{text}'" if text else ""
