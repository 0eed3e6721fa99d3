"""Checks on what people type and send: lengths, characters, times, numbers.

Text is refused, never cut or cleaned: a kiosk must show exactly what was typed.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from coordinator.errors import InvalidInput

NAME_LIMIT = 100
TOPIC_LIMIT = 200
TEXT_LIMIT = 2000
FIRST_YEAR, LAST_YEAR = 1970, 9998

_ALLOWED_IN_MULTILINE = {"\n", "\t"}


def text(value: Any, field: str, *, limit: int, multiline: bool = False,
         required: bool = True) -> str | None:
    """Return ``value`` when it is acceptable text for ``field``, else raise InvalidInput."""
    if value is None:
        if required:
            raise InvalidInput(f"'{field}' is required.")
        return None
    if not isinstance(value, str):
        raise InvalidInput(f"'{field}' must be text.")
    if required and not value.strip():
        raise InvalidInput(f"'{field}' must not be empty.")
    if len(value) > limit:
        raise InvalidInput(f"'{field}' is {len(value)} characters long; the limit is {limit}.")
    for char in value:
        if multiline and char in _ALLOWED_IN_MULTILINE:
            continue
        category = unicodedata.category(char)
        if category == "Cs":
            raise InvalidInput(f"'{field}' is not valid Unicode text.")
        if category in ("Cc", "Cf") and char not in ("\u200d",):
            # Zero-width joiner stays allowed: emoji sequences use it.
            raise InvalidInput(f"'{field}' contains a control character (U+{ord(char):04X}).")
    return value


def name(value: Any, field: str = "name") -> str:
    result = text(value, field, limit=NAME_LIMIT)
    assert result is not None
    return result


def topic(value: Any, field: str = "topic") -> str:
    result = text(value, field, limit=TOPIC_LIMIT)
    assert result is not None
    return result


def description(value: Any, field: str = "description") -> str:
    """Optional long text; an absent description is the empty string."""
    if value is None:
        return ""
    result = text(value, field, limit=TEXT_LIMIT, multiline=True, required=False)
    return result or ""


def identifier(value: Any) -> UUID | None:
    """An id as the API and pages write them (32 hex digits, or the dashed form); None
    for anything else, which names nothing that exists."""
    if isinstance(value, str) and len(value) in (32, 36):
        try:
            return UUID(value)
        except ValueError:
            return None
    return None


def moment(value: Any, field: str) -> datetime:
    """An ISO-8601 time with an offset, as the contract requires."""
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str) and len(value) <= 64:
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            raise InvalidInput(
                f"'{field}' must be an ISO-8601 time such as 2026-05-15T09:00:00-04:00."
            ) from None
    else:
        raise InvalidInput(f"'{field}' must be an ISO-8601 time with an offset.")
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise InvalidInput(f"'{field}' needs a UTC offset, such as +02:00 or Z.")
    # Far-off years overflow later arithmetic (cut-offs, time zones, timestamps).
    if not FIRST_YEAR <= parsed.year <= LAST_YEAR:
        raise InvalidInput(f"'{field}' must be between the years {FIRST_YEAR} and {LAST_YEAR}.")
    return parsed


def time_zone(value: Any, field: str = "time_zone") -> ZoneInfo:
    """A time zone name such as Europe/Prague, as its ZoneInfo."""
    key = text(value, field, limit=64)
    try:
        return ZoneInfo(str(key))
    except (ZoneInfoNotFoundError, ValueError, OSError):
        # OSError: a name of a folder in the zone database ("America") is no zone either.
        raise InvalidInput(f"'{key}' is not a time zone name such as Europe/Prague.") from None


def time_range(starts_at: datetime, ends_at: datetime) -> None:
    if ends_at <= starts_at:
        raise InvalidInput("'ends_at' must be after 'starts_at'.")


def count(value: Any, field: str, *, minimum: int = 1, maximum: int = 10_000) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(f"'{field}' must be a whole number.")
    if not minimum <= value <= maximum:
        raise InvalidInput(f"'{field}' must be between {minimum} and {maximum}.")
    return value


def minutes(value: Any, field: str) -> int:
    return count(value, field, minimum=0, maximum=60 * 24 * 14)


# Positions fit in 63 bits; longer digit strings are refused before int() sees them
# (Python refuses to convert strings of more than 4,300 digits).
NUMBER_DIGITS = 18


def whole_number(value: str | None, field: str, *, minimum: int = 0,
                 maximum: int = 10**NUMBER_DIGITS - 1) -> int:
    """A whole number written in a query string, a form or a file: ASCII digits only.

    ``str.isdigit`` also accepts superscripts and other scripts' digits, which ``int``
    then refuses or reads; here anything but 0-9 is refused with a message naming the
    field, and so are numbers outside ``minimum``..``maximum``.
    """
    raw = value.strip() if isinstance(value, str) else ""
    problem = f"'{field}' must be a whole number from {minimum} to {maximum}."
    if not raw or len(raw) > NUMBER_DIGITS or not (raw.isascii() and raw.isdigit()):
        raise InvalidInput(problem)
    number = int(raw)
    if not minimum <= number <= maximum:
        raise InvalidInput(problem)
    return number
