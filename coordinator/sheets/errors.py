"""The refusals of the sheets area."""

from __future__ import annotations

from coordinator.errors import DomainError


class SheetFull(DomainError):
    code = "sheet_full"
