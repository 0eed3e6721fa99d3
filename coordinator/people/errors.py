"""The refusals of the people area."""

from __future__ import annotations

from coordinator.errors import DomainError


class OverlappingShift(DomainError):
    """A person would be in two places at once: their commitments may not overlap."""

    code = "overlapping_shift"
