"""The machinery every command shares: bounded retries on a version clash, and
idempotency records saved in the same atomic write as the command's events."""

from __future__ import annotations

import functools
import random
import threading
import time
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, Concatenate, ParamSpec, TypeVar
from uuid import UUID

from eventsourcing.persistence import RecordConflictError

from coordinator import validation
from coordinator.core.cache import unverified_loads
from coordinator.core.idempotency import IdempotencyKey
from coordinator.errors import Conflict, DomainError, InvalidInput

MAX_ATTEMPTS = 25
STRIPES = 64


def command_locks() -> list[threading.RLock]:
    """Locks on which commands on the same aggregate queue within one application, so
    a rush on one shift wastes no attempts there; other processes (and other
    application instances) still meet the store's optimistic check."""
    return [threading.RLock() for _ in range(STRIPES)]

P = ParamSpec("P")
A = TypeVar("A")


class StaleRead(Exception):
    """A first attempt decided on a cached aggregate that the store has since changed."""


@dataclass(frozen=True)
class Outcome:
    """What a command answers: the position of its last stored event, and any ids it made."""

    position: int
    result: dict[str, Any] = field(default_factory=dict)
    replayed: bool = False


# The idempotency key of the command running in this thread, read by ``save``.
current_key: ContextVar[IdempotencyKey | None] = ContextVar("current_key", default=None)
# Who is doing the command (an organizer's name), stamped on its events by ``commit``.
current_actor: ContextVar[str | None] = ContextVar("current_actor", default=None)


def command(method: Callable[Concatenate[A, P], Outcome]) -> Callable[..., Outcome]:
    """Run a load-decide-save command, retrying when another writer got there first.

    Each attempt starts by looking for an earlier answer to the same idempotency key,
    so a retry that lost the race to its own twin returns the twin's answer.

    Every command takes an optional ``by``: who did it (an organizer's name). It is
    recorded on each event the command stores, as the event attribute ``by``.
    """

    @functools.wraps(method)
    def run(self: Any, *args: Any, idempotency: IdempotencyKey | None = None,
            by: str | None = None, **kwargs: Any) -> Outcome:
        if by is not None:
            by = validation.name(by, "by")
        actor = current_actor.set(by)
        try:
            locks: list[threading.RLock] | None = self.command_locks
            target = next((a for a in args if isinstance(a, UUID)), None)
            if target is None or not locks:
                return attempts(self, args, idempotency, kwargs)
            with locks[target.int % len(locks)]:
                return attempts(self, args, idempotency, kwargs)
        finally:
            current_actor.reset(actor)

    def attempts(self: Any, args: tuple[Any, ...], idempotency: IdempotencyKey | None,
                 kwargs: dict[str, Any]) -> Outcome:
        for attempt in range(MAX_ATTEMPTS):
            if idempotency is not None:
                earlier = self.earlier_answer(idempotency)
                if earlier is not None:
                    return earlier
            # The first attempt decides on cached aggregates without asking the store;
            # what it saves meets the store's version check, and a refusal or a clash
            # is tried again on fresh reads (see coordinator.core.cache).
            loads: list[tuple[UUID, int]] | None = (
                [] if attempt == 0 and self.trust_cache else None)
            trusting = unverified_loads.set(loads)
            token = current_key.set(idempotency)
            try:
                return method(self, *args, **kwargs)
            except DomainError:
                if loads and self.changed_since(loads):
                    continue  # refused on what the cache said, and the store has more
                # A twin with the same key may have been saved between our look for its
                # answer and our load, so the domain saw the command as done already
                # (e.g. "already signed up"): the twin's answer is this request's answer.
                if idempotency is not None:
                    earlier = self.earlier_answer(idempotency)
                    if earlier is not None:
                        return earlier
                raise
            except StaleRead:
                continue
            except RecordConflictError:
                if loads:
                    continue  # most likely our cache was behind: no need to wait
                # Someone saved one of our aggregates between our load and our save:
                # back off (exponentially, with jitter) so the crowd spreads out.
                time.sleep(random.uniform(0, min(0.1, 0.002 * 2 ** attempt)))
            finally:
                current_key.reset(token)
                unverified_loads.reset(trusting)
        raise Conflict("Too many people changed this at once; please try again.")

    return run


def check_fingerprint(key: IdempotencyKey, stored_fingerprint: str) -> None:
    if stored_fingerprint != key.fingerprint:
        raise InvalidInput(
            "This Idempotency-Key was already used for a different request."
        )
