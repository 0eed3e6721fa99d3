"""The base of every domain error, and the errors every area may raise.

Each carries the error code and HTTP status of the contract. The errors of one
area (a full shift, a taken slot) live beside its aggregate, in ``<area>/errors.py``.
"""

from __future__ import annotations


class DomainError(Exception):
    """A command was refused. ``code`` and ``status`` are part of the public API."""

    code = "conflict"
    status = 409

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(DomainError):
    code = "invalid_input"
    status = 400


class Unauthorized(DomainError):
    code = "unauthorized"
    status = 401


class Forbidden(DomainError):
    code = "forbidden"
    status = 403


class NotFound(DomainError):
    code = "not_found"
    status = 404


class Conflict(DomainError):
    """The store kept changing under a command; it gave up after several tries."""

    code = "conflict"


class TooLate(DomainError):
    """A time window has closed: a signup cancellation cutoff, an open-space claim window."""

    code = "too_late"


class TooEarly(DomainError):
    code = "too_early"


class RateLimited(DomainError):
    code = "rate_limited"
    status = 429
