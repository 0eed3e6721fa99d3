"""Remembered answers to commands sent with an ``Idempotency-Key``.

A record is saved in the same atomic ``save`` as the command's own events, so a
command and the memory of having done it are stored together or not at all.
Two requests with the same key race to create the same record: the loser's save
clashes, it retries, finds the record and gives the first answer. The record is
saved first, so the command's own events stay last: the answer's position is
that of the event that changed a board, and so is the board patch's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from coordinator.conference.aggregate import NAMESPACE


@dataclass(frozen=True)
class IdempotencyKey:
    scope: str  # who: a person's id, "organizer" or "anonymous"
    key: str
    fingerprint: str  # what: the request's method, path and body, hashed

    @property
    def record_id(self) -> UUID:
        return IdempotencyRecord.create_id(self.scope, self.key)


class IdempotencyRecord(Aggregate):
    # Stored events name their class by these topics, not by where the code lives, so
    # the code can move and stores and exported logs keep loading.
    TOPIC = "coordinator.idempotency:IdempotencyRecord"

    class Created(Aggregate.Created):
        """The library's default creation event, unused: with explicit topics, it needs one."""

        TOPIC = "coordinator.idempotency:IdempotencyRecord.Created"

    @staticmethod
    def create_id(scope: str, key: str, *_: Any, **__: Any) -> UUID:
        return uuid5(NAMESPACE, f"idempotency:{scope}:{key}")

    @event("Answered", topic="coordinator.idempotency:IdempotencyRecord.Answered")
    def __init__(self, scope: str, key: str, fingerprint: str, result: dict[str, Any],
                 last_event: list[Any] | None) -> None:
        self.scope = scope
        self.key = key
        self.fingerprint = fingerprint
        self.result = result
        # [aggregate id, version] of the command's last event, whose position is the
        # answer's; None when the command stored nothing but this record.
        self.last_event = last_event
