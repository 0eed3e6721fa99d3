"""A staffed place (project booth, registration desk) with at most one holder."""

from __future__ import annotations

from uuid import UUID

from eventsourcing.domain import Aggregate, event

from coordinator.booths.errors import BoothStaffed, NotHolder
from coordinator.errors import Forbidden, NotFound


class Booth(Aggregate):
    # Stored events name their class by these topics, not by where the code lives, so
    # the code can move and stores and exported logs keep loading.
    TOPIC = "coordinator.booth:Booth"

    class Created(Aggregate.Created):
        """The library's default creation event, unused: with explicit topics, it needs one."""

        TOPIC = "coordinator.booth:Booth.Created"

    @event("Opened", topic="coordinator.booth:Booth.Opened")
    def __init__(self, name: str, location: str) -> None:
        self.name = name
        self.location = location
        self.holder: str | None = None
        # handoff id (hex) -> {"to": person hex, "note": text}
        self.offers: dict[str, dict[str, str]] = {}
        self.closed = False

    def _require_open(self) -> None:
        if self.closed:
            raise NotFound("This booth has been closed.")

    def _require_holder(self, person_id: UUID) -> None:
        if self.holder != person_id.hex:
            raise NotHolder("Only the person staffing this booth can do that.")

    def staff(self, person_id: UUID) -> None:
        self._require_open()
        if self.holder is not None:
            raise BoothStaffed("Someone is already staffing this booth; ask them for a handoff.")
        self._staffed(person_id=person_id)

    @event("Staffed", topic="coordinator.booth:Booth.Staffed")
    def _staffed(self, person_id: UUID) -> None:
        self.holder = person_id.hex
        self.offers = {}

    def offer_handoff(self, holder_id: UUID, handoff_id: UUID, to: UUID, note: str) -> None:
        self._require_open()
        self._require_holder(holder_id)
        if to == holder_id:
            raise Forbidden("You cannot hand the booth over to yourself.")
        self._handoff_offered(handoff_id=handoff_id, to=to, note=note)

    @event("HandoffOffered", topic="coordinator.booth:Booth.HandoffOffered")
    def _handoff_offered(self, handoff_id: UUID, to: UUID, note: str) -> None:
        self.offers[handoff_id.hex] = {"to": to.hex, "note": note}

    def _offer(self, handoff_id: UUID) -> dict[str, str]:
        offer = self.offers.get(handoff_id.hex)
        if offer is None:
            raise NotFound("No such pending handoff.")
        return offer

    def accept_handoff(self, handoff_id: UUID, person_id: UUID) -> None:
        self._require_open()
        if self._offer(handoff_id)["to"] != person_id.hex:
            raise Forbidden("This handoff was offered to someone else.")
        self._handoff_accepted(handoff_id=handoff_id, person_id=person_id)

    @event("HandoffAccepted", topic="coordinator.booth:Booth.HandoffAccepted")
    def _handoff_accepted(self, handoff_id: UUID, person_id: UUID) -> None:
        # Taking over the booth settles every other pending offer.
        self.holder = person_id.hex
        self.offers = {}

    def decline_handoff(self, handoff_id: UUID, person_id: UUID) -> None:
        self._require_open()
        if self._offer(handoff_id)["to"] != person_id.hex:
            raise Forbidden("This handoff was offered to someone else.")
        self._handoff_declined(handoff_id=handoff_id)

    @event("HandoffDeclined", topic="coordinator.booth:Booth.HandoffDeclined")
    def _handoff_declined(self, handoff_id: UUID) -> None:
        self.offers.pop(handoff_id.hex, None)

    def withdraw_handoff(self, handoff_id: UUID, person_id: UUID) -> None:
        self._require_open()
        self._offer(handoff_id)
        self._require_holder(person_id)
        self._handoff_withdrawn(handoff_id=handoff_id)

    @event("HandoffWithdrawn", topic="coordinator.booth:Booth.HandoffWithdrawn")
    def _handoff_withdrawn(self, handoff_id: UUID) -> None:
        self.offers.pop(handoff_id.hex, None)

    def vacate(self, person_id: UUID) -> None:
        self._require_open()
        self._require_holder(person_id)
        self._vacated(person_id=person_id)

    @event("Vacated", topic="coordinator.booth:Booth.Vacated")
    def _vacated(self, person_id: UUID) -> None:
        self.holder = None
        self.offers = {}

    def close(self) -> None:
        self._require_open()
        self._closed()

    @event("Closed", topic="coordinator.booth:Booth.Closed")
    def _closed(self) -> None:
        self.closed = True
        self.holder = None
        self.offers = {}

    def change(self, name: str, location: str) -> None:
        """A new name or place for the booth; its holder and offers stay."""
        self._require_open()
        if (name, location) != (self.name, self.location):
            self._changed(name=name, location=location)

    @event("Changed", topic="coordinator.booth:Booth.Changed")
    def _changed(self, name: str, location: str) -> None:
        self.name = name
        self.location = location
