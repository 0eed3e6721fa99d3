"""What every read model shares: a fold over domain events, keyed by event class.

A projection's fold is deterministic and does no I/O: given the same events in
the same order it builds the same plain-data state, so one piece of code serves
live boards, rebuilds and replays. For speed on long logs the fold updates the
state it is given in place and returns it.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from datetime import datetime
from typing import Any, ClassVar
from uuid import UUID

State = dict[str, Any]
Handler = Callable[[State, Any], None]


def hex_id(value: UUID | str) -> str:
    return value.hex if isinstance(value, UUID) else value


def iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


class Projection(ABC):
    """A named fold: ``handlers`` maps event classes (``Shift.SignedUp``) to functions
    that update the state. Keyed by the class, not its name, so that renaming an event
    breaks the import here instead of silently dropping its handler."""

    name: str = ""
    handlers: ClassVar[dict[type, Handler]] = {}

    @abstractmethod
    def initial(self) -> State:
        """The state before any event."""

    def fold(self, state: State, event: object) -> State:
        handler = self.handlers.get(type(event))
        if handler is not None:
            handler(state, event)
        return state

    @abstractmethod
    def query(self, state: State, **params: Any) -> dict[str, Any]:
        """The board's data as plain JSON-ready dicts."""

    def patches(self, state: State, event: Any) -> list[tuple[str, dict[str, Any]]]:
        """What a just-folded event changed, as (board, patch) pairs: small enough to
        send to every screen (one slot, one shift), empty when no board changed."""
        return []
