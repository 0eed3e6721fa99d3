"""The refusals of the booths area."""

from __future__ import annotations

from coordinator.errors import DomainError


class NotHolder(DomainError):
    code = "not_holder"


class BoothStaffed(DomainError):
    code = "booth_staffed"
