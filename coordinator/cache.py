"""Aggregates kept in memory between commands, and copied cheaply for each command.

The library's repository can keep aggregates in an LRU cache and bring a cached
one up to date with the events stored since ("fast-forward", so writes from other
processes are seen). Each command gets a deep copy, so that a command refused
halfway leaves the cached aggregate untouched; ``copy.deepcopy`` takes more time
than decoding a short aggregate's events again, so the copy here shares what can
never change (text, numbers, datetimes, UUIDs) and copies lists and dicts.
"""

from __future__ import annotations

from copy import deepcopy
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.application import Repository, project_aggregate

# How many aggregates one application keeps (a big conference has a few thousand).
CACHE_SIZE = 10_000

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
    """The library's repository, with ``copy_aggregate`` for copies out of the cache."""

    def get(self, aggregate_id: UUID, *, version: int | None = None,  # type: ignore[override]
            projector_func: Any = project_aggregate, fastforward_skipping: bool = False,
            deepcopy_from_cache: bool = True) -> Any:
        aggregate = super().get(aggregate_id, version=version, projector_func=projector_func,
                                fastforward_skipping=fastforward_skipping,
                                deepcopy_from_cache=False)
        if self.cache and version is None and deepcopy_from_cache and self.deepcopy_from_cache:
            aggregate = copy_aggregate(aggregate)
        return aggregate
