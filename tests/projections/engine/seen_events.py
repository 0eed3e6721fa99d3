"""A read model that remembers every event it folded (ids and versions), for tests."""

from __future__ import annotations

from typing import Any

from projections.boards.base import Projection, State


class SeenEvents(Projection):
    """A fold of its own takes every event: proves none is folded twice, skipped or
    left unread."""

    name = "seen"

    def initial(self) -> State:
        return {"seen": []}

    def fold(self, state: State, event: Any) -> State:
        state["seen"].append([event.originator_id.hex, event.originator_version])
        return state

    def query(self, state: State, **params: Any) -> dict[str, Any]:
        return {"seen": state["seen"]}
