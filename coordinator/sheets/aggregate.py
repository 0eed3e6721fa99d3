"""A sheet people put their names on: a lightning-talk session, a dinner group, a sprint.

A lightning-talk sheet is an organizer's: each entry carries a talk title and the
entries' order is the speaking order, which the organizer may change; a talk is then
marked given or skipped. A dinner group or a sprint project is posted by a person,
its owner, who may close it (no more joins) or cancel it. The owner is not an entry:
``capacity`` counts the places for others, and no capacity means no limit.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from coordinator.errors import Conflict, Forbidden, InvalidInput, NotFound, TooLate
from coordinator.sheets.errors import SheetFull
from coordinator.shifts.errors import AlreadySignedUp

KINDS = ("lightning_talks", "dinner", "sprint")
# Kinds a person (not only an organizer) may post.
PERSON_KINDS = ("dinner", "sprint")
TALK_OUTCOMES = ("given", "skipped")


class Sheet(Aggregate):
    TOPIC = "coordinator.sheets:Sheet"

    class Created(Aggregate.Created):
        """The library's default creation event, unused: with explicit topics, it needs one."""

        TOPIC = "coordinator.sheets:Sheet.Created"

    @event("Posted", topic="coordinator.sheets:Sheet.Posted")
    def __init__(self, kind: str, title: str, starts_at: datetime, ends_at: datetime,
                 location: str, capacity: int | None, description: str,
                 meeting_point: str, owner_id: str | None, owner_name: str | None) -> None:
        self.kind = kind
        self.title = title
        self.starts_at = starts_at
        self.ends_at = ends_at
        self.location = location
        self.capacity = capacity
        self.description = description
        self.meeting_point = meeting_point
        # None: an organizer's sheet.
        self.owner_id = owner_id
        self.owner_name = owner_name
        # Each {"person_id": hex, "name", "title"?, "outcome"?}, in order.
        self.entries: list[dict[str, Any]] = []
        self.closed = False
        self.cancelled = False
        self.cancel_reason = ""

    # -- reading ---------------------------------------------------------------

    @property
    def taken(self) -> int:
        return len(self.entries)

    @property
    def places_left(self) -> int | None:
        return None if self.capacity is None else max(0, self.capacity - self.taken)

    def entry_of(self, person_id: UUID) -> dict[str, Any] | None:
        return next((e for e in self.entries if e["person_id"] == person_id.hex), None)

    def position_of(self, person_id: UUID) -> int | None:
        """Where a person stands in the queue of talks still to come (1 = next)."""
        waiting = [e for e in self.entries if not e.get("outcome")]
        for number, entry in enumerate(waiting, start=1):
            if entry["person_id"] == person_id.hex:
                return number
        return None

    def _require_active(self) -> None:
        if self.cancelled:
            raise NotFound("This sheet has been cancelled.")

    def require_manager(self, person_id: UUID | None) -> None:
        """Only the owner or an organizer (``person_id`` None) may change a sheet."""
        if person_id is not None and person_id.hex != self.owner_id:
            raise Forbidden("Only the person who posted this or an organizer can do that.")

    # -- entries ---------------------------------------------------------------

    def add_entry(self, person_id: UUID, name: str, title: str | None,
                  now: datetime) -> None:
        self._require_active()
        if self.closed:
            raise TooLate("This sheet is closed: no more names are taken.")
        if self.kind == "dinner" and now >= self.starts_at:
            raise TooLate("This group has already left.")
        if person_id.hex == self.owner_id:
            raise AlreadySignedUp("You posted this; you are on it already.")
        if self.entry_of(person_id) is not None:
            raise AlreadySignedUp("Your name is on this sheet already.")
        if self.kind == "lightning_talks" and not title:
            raise InvalidInput("'title' is required: the title of your talk.")
        if self.capacity is not None and self.taken >= self.capacity:
            raise SheetFull("This sheet is full: someone just took the last place.")
        self._entry_added(person_id=person_id, name=name,
                          title=title if self.kind == "lightning_talks" else None)

    @event("EntryAdded", topic="coordinator.sheets:Sheet.EntryAdded")
    def _entry_added(self, person_id: UUID, name: str, title: str | None) -> None:
        entry: dict[str, Any] = {"person_id": person_id.hex, "name": name}
        if title is not None:
            entry["title"] = title
        self.entries.append(entry)

    def remove_entry(self, person_id: UUID, by_manager: bool = False) -> None:
        """A person takes their name off; the owner or an organizer may take anyone's."""
        self._require_active()
        entry = self.entry_of(person_id)
        if entry is None:
            raise NotFound("That name is not on this sheet.")
        if entry.get("outcome"):
            raise Conflict("That talk has been given or skipped already.")
        self._entry_removed(person_id=person_id, by_manager=by_manager)

    @event("EntryRemoved", topic="coordinator.sheets:Sheet.EntryRemoved")
    def _entry_removed(self, person_id: UUID, by_manager: bool) -> None:
        self.entries = [e for e in self.entries if e["person_id"] != person_id.hex]

    def reorder(self, order: list[UUID]) -> None:
        """A new speaking order: every entry's person, each once."""
        self._require_active()
        self._require_talks()
        now = [e["person_id"] for e in self.entries]
        wanted = [p.hex for p in order]
        if sorted(wanted) != sorted(now) or len(set(wanted)) != len(wanted):
            raise InvalidInput("'order' must name every entry of the sheet once.")
        if wanted != now:
            self._reordered(order=wanted)

    @event("Reordered", topic="coordinator.sheets:Sheet.Reordered")
    def _reordered(self, order: list[str]) -> None:
        by_person = {e["person_id"]: e for e in self.entries}
        self.entries = [by_person[p] for p in order]

    def mark_talk(self, person_id: UUID, outcome: str) -> None:
        self._require_active()
        self._require_talks()
        if outcome not in TALK_OUTCOMES:
            raise InvalidInput("'outcome' must be given or skipped.")
        entry = self.entry_of(person_id)
        if entry is None:
            raise NotFound("That name is not on this sheet.")
        if entry.get("outcome") != outcome:
            self._talk_marked(person_id=person_id, outcome=outcome)

    @event("TalkMarked", topic="coordinator.sheets:Sheet.TalkMarked")
    def _talk_marked(self, person_id: UUID, outcome: str) -> None:
        for entry in self.entries:
            if entry["person_id"] == person_id.hex:
                entry["outcome"] = outcome

    def _require_talks(self) -> None:
        if self.kind != "lightning_talks":
            raise InvalidInput("Only a lightning-talk sheet has a speaking order.")

    # -- the sheet itself ------------------------------------------------------

    def change(self, **changes: Any) -> None:
        """New details (title, times, place, capacity, description, meeting point)."""
        self._require_active()
        capacity = changes.get("capacity", self.capacity)
        if capacity is not None and capacity < self.taken:
            raise Conflict(
                f"{self.taken} people are on this sheet; capacity cannot go below that."
            )
        changed = {k: v for k, v in changes.items() if getattr(self, k) != v}
        if changed:
            self._changed(changes=changed)

    @event("Changed", topic="coordinator.sheets:Sheet.Changed")
    def _changed(self, changes: dict[str, Any]) -> None:
        for key, value in changes.items():
            setattr(self, key, value)

    def close(self) -> None:
        self._require_active()
        if not self.closed:
            self._closed()

    @event("Closed", topic="coordinator.sheets:Sheet.Closed")
    def _closed(self) -> None:
        self.closed = True

    def reopen(self) -> None:
        self._require_active()
        if self.closed:
            self._reopened()

    @event("Reopened", topic="coordinator.sheets:Sheet.Reopened")
    def _reopened(self) -> None:
        self.closed = False

    def cancel(self, reason: str) -> None:
        self._require_active()
        self._cancelled(reason=reason)

    @event("Cancelled", topic="coordinator.sheets:Sheet.Cancelled")
    def _cancelled(self, reason: str) -> None:
        self.cancelled = True
        self.cancel_reason = reason
