"""An organizer's short news for every screen, in force from its posting until its end
(if it has one) or until it is withdrawn."""

from __future__ import annotations

from datetime import datetime

from eventsourcing.domain import Aggregate, event

from coordinator.errors import NotFound


class Announcement(Aggregate):
    TOPIC = "coordinator.announcements:Announcement"

    class Created(Aggregate.Created):
        """The library's default creation event, unused: with explicit topics, it needs one."""

        TOPIC = "coordinator.announcements:Announcement.Created"

    @event("Posted", topic="coordinator.announcements:Announcement.Posted")
    def __init__(self, text: str, posted_at: datetime, until: datetime | None) -> None:
        self.text = text
        self.posted_at = posted_at
        self.until = until
        self.withdrawn = False

    def in_force(self, now: datetime) -> bool:
        return (not self.withdrawn and self.posted_at <= now
                and (self.until is None or now < self.until))

    def change(self, text: str, until: datetime | None) -> None:
        self._require_current()
        if (text, until) != (self.text, self.until):
            self._changed(text=text, until=until)

    @event("Changed", topic="coordinator.announcements:Announcement.Changed")
    def _changed(self, text: str, until: datetime | None) -> None:
        self.text = text
        self.until = until

    def withdraw(self) -> None:
        self._require_current()
        self._withdrawn()

    @event("Withdrawn", topic="coordinator.announcements:Announcement.Withdrawn")
    def _withdrawn(self) -> None:
        self.withdrawn = True

    def _require_current(self) -> None:
        if self.withdrawn:
            raise NotFound("This announcement has been withdrawn.")
