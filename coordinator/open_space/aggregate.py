"""An open-space slot: one room at one time, holding at most one session."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from coordinator.errors import Forbidden, NotFound, TooLate
from coordinator.open_space.errors import SlotTaken


class OpenSpaceSlot(Aggregate):
    # Stored events name their class by these topics, not by where the code lives, so
    # the code can move and stores and exported logs keep loading.
    TOPIC = "coordinator.slot:OpenSpaceSlot"

    class Created(Aggregate.Created):
        """The library's default creation event, unused: with explicit topics, it needs one."""

        TOPIC = "coordinator.slot:OpenSpaceSlot.Created"

    @event("Opened", topic="coordinator.slot:OpenSpaceSlot.Opened")
    def __init__(self, room_id: UUID, starts_at: datetime, ends_at: datetime) -> None:
        self.room_id = room_id
        self.starts_at = starts_at
        self.ends_at = ends_at
        # {"topic", "host_id", "host_name", "description", "interested": [hex]} or None
        self.session: dict[str, Any] | None = None
        self.blocked_reason: str | None = None
        self.cancelled = False

    @property
    def is_free(self) -> bool:
        return self.session is None and self.blocked_reason is None and not self.cancelled

    def _require_free(self) -> None:
        if self.cancelled:
            raise NotFound("This slot has been cancelled.")
        if self.blocked_reason is not None:
            raise SlotTaken("This slot is blocked by the organizers.")
        if self.session is not None:
            raise SlotTaken("Someone has just claimed this slot.")

    def _require_session(self) -> dict[str, Any]:
        if self.session is None:
            raise NotFound("There is no session in this slot.")
        return self.session

    def claim(self, host_id: UUID, host_name: str, topic: str, description: str,
              now: datetime, closes_minutes_before: int) -> None:
        self._require_free()
        closes = self.starts_at.timestamp() - closes_minutes_before * 60
        if now.timestamp() >= closes:
            if closes_minutes_before:
                raise TooLate(
                    f"Claims for this slot closed {closes_minutes_before} minutes "
                    "before it starts."
                )
            raise TooLate("This slot has already started.")
        self._claimed(host_id=host_id, host_name=host_name, topic=topic,
                      description=description)

    @event("Claimed", topic="coordinator.slot:OpenSpaceSlot.Claimed")
    def _claimed(self, host_id: UUID, host_name: str, topic: str, description: str) -> None:
        self.session = {"topic": topic, "host_id": host_id.hex, "host_name": host_name,
                        "description": description, "interested": []}

    def release(self, person_id: UUID | None, reason: str) -> None:
        """Release the session; ``person_id`` None means an organizer does it."""
        session = self._require_session()
        if person_id is not None and session["host_id"] != person_id.hex:
            raise Forbidden("Only the host or an organizer can release this session.")
        self._released(by_organizer=person_id is None, reason=reason)

    @event("Released", topic="coordinator.slot:OpenSpaceSlot.Released")
    def _released(self, by_organizer: bool, reason: str) -> None:
        self.session = None

    def register_interest(self, person_id: UUID) -> None:
        session = self._require_session()
        if person_id.hex not in session["interested"]:
            self._interest_registered(person_id=person_id)

    @event("InterestRegistered", topic="coordinator.slot:OpenSpaceSlot.InterestRegistered")
    def _interest_registered(self, person_id: UUID) -> None:
        assert self.session is not None
        self.session["interested"].append(person_id.hex)

    def withdraw_interest(self, person_id: UUID) -> None:
        session = self._require_session()
        if person_id.hex in session["interested"]:
            self._interest_withdrawn(person_id=person_id)

    @event("InterestWithdrawn", topic="coordinator.slot:OpenSpaceSlot.InterestWithdrawn")
    def _interest_withdrawn(self, person_id: UUID) -> None:
        assert self.session is not None
        self.session["interested"].remove(person_id.hex)

    def move_out(self, to_slot: UUID, person_id: UUID | None,
                 reason: str = "") -> dict[str, Any]:
        """Take the session out, to ``to_slot``; ``reason`` is shown to its host."""
        session = self._require_session()
        if person_id is not None and session["host_id"] != person_id.hex:
            raise Forbidden("Only the host or an organizer can move this session.")
        moved = dict(session, interested=list(session["interested"]))
        self._moved_out(to_slot=to_slot, reason=reason)
        return moved

    @event("SessionMovedOut", topic="coordinator.slot:OpenSpaceSlot.SessionMovedOut")
    def _moved_out(self, to_slot: UUID, reason: str = "") -> None:
        self.session = None

    def move_in(self, from_slot: UUID, session: dict[str, Any]) -> None:
        self._require_free()
        self._moved_in(from_slot=from_slot, session=session)

    @event("SessionMovedIn", topic="coordinator.slot:OpenSpaceSlot.SessionMovedIn")
    def _moved_in(self, from_slot: UUID, session: dict[str, Any]) -> None:
        self.session = session

    def block(self, reason: str) -> None:
        if self.session is not None:
            raise SlotTaken("Release or move the session in this slot first.")
        self._blocked(reason=reason)

    @event("Blocked", topic="coordinator.slot:OpenSpaceSlot.Blocked")
    def _blocked(self, reason: str) -> None:
        self.blocked_reason = reason

    def unblock(self) -> None:
        if self.blocked_reason is not None:
            self._unblocked()

    @event("Unblocked", topic="coordinator.slot:OpenSpaceSlot.Unblocked")
    def _unblocked(self) -> None:
        self.blocked_reason = None

    def reschedule(self, starts_at: datetime, ends_at: datetime) -> None:
        """New times for the slot (its session, if any, moves with it)."""
        if self.cancelled:
            raise NotFound("This slot has been cancelled.")
        if (starts_at, ends_at) != (self.starts_at, self.ends_at):
            self._rescheduled(starts_at=starts_at, ends_at=ends_at)

    @event("Rescheduled", topic="coordinator.slot:OpenSpaceSlot.Rescheduled")
    def _rescheduled(self, starts_at: datetime, ends_at: datetime) -> None:
        self.starts_at = starts_at
        self.ends_at = ends_at

    def cancel(self, reason: str) -> None:
        """Take the slot off the grid; a session in it must be moved or released first."""
        if self.cancelled:
            raise NotFound("This slot has been cancelled.")
        if self.session is not None:
            raise SlotTaken("Move or cancel the session in this slot first.")
        self._cancelled(room_id=self.room_id, reason=reason)

    @event("Cancelled", topic="coordinator.slot:OpenSpaceSlot.Cancelled")
    def _cancelled(self, room_id: UUID, reason: str) -> None:
        self.cancelled = True
        self.blocked_reason = None
