"""The refusals of the shifts area."""

from __future__ import annotations

from coordinator.errors import DomainError


class ShiftFull(DomainError):
    code = "shift_full"


class AlreadySignedUp(DomainError):
    code = "already_signed_up"
