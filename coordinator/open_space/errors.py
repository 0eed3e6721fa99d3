"""The refusals of the open-space area."""

from __future__ import annotations

from coordinator.errors import DomainError


class SlotTaken(DomainError):
    code = "slot_taken"
