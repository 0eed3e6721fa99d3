"""A registered volunteer or attendee, and the shifts they have committed to."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from coordinator.people.errors import OverlappingShift


class Person(Aggregate):
    # Stored events name their class by these topics, not by where the code lives, so
    # the code can move and stores and exported logs keep loading.
    TOPIC = "coordinator.person:Person"

    class Created(Aggregate.Created):
        """The library's default creation event, unused: with explicit topics, it needs one."""

        TOPIC = "coordinator.person:Person.Created"

    """Holds a person's commitments so that a new shift can be checked for overlap.

    The API token is not stored: it is derived from the id and the store's
    secret key (see ``coordinator.core.tokens``), so an exported log holds no secrets.
    """

    @event("Registered", topic="coordinator.person:Person.Registered")
    def __init__(self, name: str, email: str | None, roles: list[str]) -> None:
        self.name = name
        self.email = email
        self.roles = roles
        # shift id (hex) -> [starts_at, ends_at]
        self.commitments: dict[str, list[datetime]] = {}

    def commit_to(self, shift_id: UUID, starts_at: datetime, ends_at: datetime,
                  describe: dict[str, str] | None = None) -> None:
        """Take on a shift, unless it overlaps one already held."""
        clash = self.clash_with(starts_at, ends_at, ignore=shift_id)
        if clash is not None:
            label = (describe or {}).get(clash, "another shift")
            raise OverlappingShift(f"This shift overlaps your {label}.")
        self._committed(shift_id=shift_id, starts_at=starts_at, ends_at=ends_at)

    def clash_with(self, starts_at: datetime, ends_at: datetime,
                   ignore: UUID | None = None) -> str | None:
        """The id of a held shift overlapping [starts_at, ends_at), if any."""
        for shift_hex, (start, end) in self.commitments.items():
            if ignore is not None and shift_hex == ignore.hex:
                continue
            if starts_at < end and start < ends_at:
                return shift_hex
        return None

    def holds(self, shift_id: UUID) -> bool:
        return shift_id.hex in self.commitments

    @event("ShiftCommitted", topic="coordinator.person:Person.ShiftCommitted")
    def _committed(self, shift_id: UUID, starts_at: datetime, ends_at: datetime) -> None:
        self.commitments[shift_id.hex] = [starts_at, ends_at]

    def move_commitment(self, shift_id: UUID, starts_at: datetime, ends_at: datetime) -> None:
        """Follow a rescheduled shift, refusing when the new times overlap another."""
        if self.clash_with(starts_at, ends_at, ignore=shift_id) is not None:
            raise OverlappingShift(
                f"{self.name} holds another shift overlapping the new times."
            )
        self._commitment_moved(shift_id=shift_id, starts_at=starts_at, ends_at=ends_at)

    @event("CommitmentMoved", topic="coordinator.person:Person.CommitmentMoved")
    def _commitment_moved(self, shift_id: UUID, starts_at: datetime, ends_at: datetime) -> None:
        self.commitments[shift_id.hex] = [starts_at, ends_at]

    def release(self, shift_id: UUID) -> None:
        if self.holds(shift_id):
            self._released(shift_id=shift_id)

    @event("ShiftReleased", topic="coordinator.person:Person.ShiftReleased")
    def _released(self, shift_id: UUID) -> None:
        self.commitments.pop(shift_id.hex, None)
