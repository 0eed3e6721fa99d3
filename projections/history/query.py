"""The history index's one query: matching events newest first, a page at a time.

Keyset paging by position: an older page is "position < P", a newer one
"position > P" read upwards and turned round, so a page deep in a 200,000-event
log costs what the first does. A subject filter drives the query from the
(subject, position) index; a time range becomes a position range first, through
the timestamp index (with a minute's margin, as events saved at the same moment
can land a little out of time order), and is then checked exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from projections.engine.runner import utc_key
from projections.history.store import HISTORY, SUBJECTS, Cursor
from projections.history.words import BOOKKEEPING

MARGIN_SECONDS = 60


@dataclass
class Filters:
    types: list[str] = field(default_factory=list)
    subjects: list[str] = field(default_factory=list)  # all of them: "person:HEX", ...
    by: str | None = None
    since: str | None = None  # UTC keys, as projections.engine.runner.utc_key writes them
    until: str | None = None
    hide_bookkeeping: bool = False


def _shift(key: str, seconds: int) -> str:
    return utc_key(datetime.fromisoformat(key) + timedelta(seconds=seconds))


def position_bounds(cursor: Cursor, since: str | None,
                    until: str | None) -> tuple[int | None, int | None]:
    """Positions outside which no event of the time range can be (exclusive bounds)."""
    low = high = None
    if since:
        rows = cursor.run(f"SELECT position FROM {HISTORY} WHERE timestamp < ? "
                          "ORDER BY timestamp DESC LIMIT 1", (_shift(since, -MARGIN_SECONDS),))
        low = int(rows[0][0]) if rows else None
    if until:
        rows = cursor.run(f"SELECT position FROM {HISTORY} WHERE timestamp > ? "
                          "ORDER BY timestamp LIMIT 1", (_shift(until, MARGIN_SECONDS),))
        high = int(rows[0][0]) if rows else None
    return low, high


def select(cursor: Cursor, filters: Filters, before: int | None, after: int | None,
           limit: int) -> list[tuple[Any, ...]]:
    low, high = position_bounds(cursor, filters.since, filters.until)
    if after is not None:
        low = after if low is None else max(low, after)
    if before is not None:
        high = before if high is None else min(high, before)
    driver, source = "h.position", f"{HISTORY} h"
    joined: list[Any] = []  # the joins' parameters come before the WHERE's
    where: list[str] = []
    params: list[Any] = []
    if filters.subjects:
        driver = "s0.position"
        source = f"{SUBJECTS} s0 JOIN {HISTORY} h ON h.position = s0.position"
        for number, subject in enumerate(filters.subjects[1:], start=1):
            source += (f" JOIN {SUBJECTS} s{number} ON s{number}.position = h.position "
                       f"AND s{number}.subject = ?")
            joined.append(subject)
        where.append("s0.subject = ?")
        params.append(filters.subjects[0])
    if low is not None:
        where.append(f"{driver} > ?")
        params.append(low)
    if high is not None:
        where.append(f"{driver} < ?")
        params.append(high)
    if filters.types:
        where.append("h.type IN (" + ", ".join("?" * len(filters.types)) + ")")
        params.extend(filters.types)
    if filters.hide_bookkeeping:
        where.append("h.type NOT IN (" + ", ".join("?" * len(BOOKKEEPING)) + ")")
        params.extend(sorted(BOOKKEEPING))
    if filters.by:
        where.append("h.by_name = ?")
        params.append(filters.by)
    if filters.since:
        where.append("h.timestamp >= ?")
        params.append(filters.since)
    if filters.until:
        where.append("h.timestamp <= ?")
        params.append(filters.until)
    upwards = after is not None and before is None
    query = (f"SELECT h.position, h.type, h.timestamp, h.by_name, h.parts FROM {source}"
             + (" WHERE " + " AND ".join(where) if where else "")
             + f" ORDER BY {driver} {'ASC' if upwards else 'DESC'} LIMIT ?")
    rows = cursor.run(query, [*joined, *params, limit])
    return rows[::-1] if upwards else rows
