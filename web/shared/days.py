"""Which day a day-based page shows (the rule in the public contract, "Pages").

Without ``?day=YYYY-MM-DD`` a page shows today in the conference's time zone if
that day has slots or shifts, else the next day that has, else the last day that
has; with nothing scheduled at all, today.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


class BadDay(ValueError):
    """``?day=`` is not a date written as YYYY-MM-DD."""


def zone(name: str | None) -> ZoneInfo:
    """The conference's time zone, UTC when it is unset or unknown."""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def parse_day(text: str | None) -> date | None:
    """The day asked for in a query string, None when none was."""
    if text is None or text == "":
        return None
    try:
        if len(text) != 10:
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise BadDay(f"'{text[:40]}' is not a day written as YYYY-MM-DD.") from None


def local_days(times: Iterable[str | None], tz: ZoneInfo) -> set[date]:
    """The days (in ``tz``) of the ISO-8601 ``times``; bad or missing ones are skipped."""
    days: set[date] = set()
    for text in times:
        if not text:
            continue
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            continue
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=tz)
        days.add(moment.astimezone(tz).date())
    return days


def default_day(days: Iterable[date], today: date) -> date:
    """Today if it has something, else the next day that has, else the last; today if none has."""
    scheduled = sorted(set(days))
    if not scheduled or today in scheduled:
        return today
    for day in scheduled:
        if day > today:
            return day
    return scheduled[-1]


def pick_day(asked: str | None, times: Iterable[str | None], tz: ZoneInfo,
             now: datetime) -> date:
    """The day a page shows: the one asked for, or the default for ``times`` (start times)."""
    day = parse_day(asked)
    if day is not None:
        return day
    return default_day(local_days(times, tz), now.astimezone(tz).date())
