"""Aggregates kept in memory between commands, and copied cheaply for each command.

The library's repository can keep aggregates in an LRU cache and bring a cached
one up to date with the events stored since ("fast-forward", so writes from other
processes are seen). Each command gets a deep copy, so that a command refused
halfway leaves the cached aggregate untouched; ``copy.deepcopy`` takes more time
than decoding a short aggregate's events again, so the copy here shares what can
never change (text, numbers, datetimes, UUIDs) and copies lists and dicts.

A command's first attempt goes further and trusts the cache without asking the store
(``unverified_loads``): what it saves is checked by the store's optimistic version
check anyway; ``core.commands.command`` retries with fresh reads when the attempt clashes,
or when it was refused and the store holds something newer than what the cache said
(a refusal on a current cache stands without deciding twice); and
``Coordinator.commit`` checks what it read without saving.
For that the cache holds what this process saved (``remember``), and the board
follower drops what other processes changed (``forget_older``).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from contextvars import ContextVar
from copy import deepcopy
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.application import Repository, project_aggregate
from eventsourcing.domain import Aggregate

# How many aggregates one application keeps (a big conference has a few thousand).
CACHE_SIZE = 10_000

# In a command's first attempt: the (id, version) of every aggregate it took from the
# cache without asking the store; None elsewhere (every load fast-forwards).
unverified_loads: ContextVar[list[tuple[UUID, int]] | None] = ContextVar(
    "unverified_loads", default=None)

_IMMUTABLE = frozenset({str, int, float, bool, bytes, type(None), datetime, date, time,
                        timedelta, UUID, Decimal})


def _copy(value: Any) -> Any:
    kind = type(value)
    if kind in _IMMUTABLE:
        return value
    if kind is list:
        return [_copy(v) for v in value]
    if kind is dict:
        return {k: _copy(v) for k, v in value.items()}
    return deepcopy(value)


def copy_aggregate(aggregate: Any) -> Any:
    """As ``deepcopy(aggregate)`` for aggregates made of plain data, several times faster."""
    clone = object.__new__(type(aggregate))
    clone.__dict__.update({k: _copy(v) for k, v in aggregate.__dict__.items()})
    return clone


class CopyingRepository(Repository[UUID]):
    """The library's repository, with ``copy_aggregate`` for copies out of the cache,
    trusted loads for a command's first attempt, and a cache kept current by saves."""

    _remembering = threading.Lock()  # compare-and-put on the cache, across threads

    def get(self, aggregate_id: UUID, *, version: int | None = None,  # type: ignore[override]
            projector_func: Any = project_aggregate, fastforward_skipping: bool = False,
            deepcopy_from_cache: bool = True) -> Any:
        trusted = unverified_loads.get()
        if trusted is not None and self.cache and version is None:
            try:
                cached = self.cache.get(aggregate_id)
            except KeyError:
                pass  # not cached: read from the store, as always
            else:
                trusted.append((aggregate_id, cached.version))
                return copy_aggregate(cached) if deepcopy_from_cache else cached
        aggregate = super().get(aggregate_id, version=version, projector_func=projector_func,
                                fastforward_skipping=fastforward_skipping,
                                deepcopy_from_cache=False)
        if self.cache and version is None and deepcopy_from_cache and self.deepcopy_from_cache:
            aggregate = copy_aggregate(aggregate)
        return aggregate

    def remember(self, aggregates: Iterable[Aggregate]) -> None:
        """Cache what was just saved, unless a newer version is there already (the
        library does not, with fast-forward on: every next load read it back)."""
        if not self.cache:
            return
        with self._remembering:
            for aggregate in aggregates:
                try:
                    cached = self.cache.get(aggregate.id)
                except KeyError:
                    cached = None
                if cached is None or cached.version < aggregate.version:
                    self.cache.put(aggregate.id, aggregate)

    def forget_older(self, aggregate_id: UUID, version: int) -> None:
        """Drop the cached aggregate if it is older than ``version`` (stored elsewhere)."""
        if not self.cache:
            return
        with self._remembering:
            try:
                cached = self.cache.get(aggregate_id)
            except KeyError:
                return
            if cached.version < version:
                self.cache.get(aggregate_id, evict=True)
