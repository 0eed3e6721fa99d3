"""Commands on announcements: post, change, withdraw."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from coordinator import validation
from coordinator.announcements.aggregate import Announcement
from coordinator.conference.commands import ConferenceCommands
from coordinator.core.commands import Outcome, command
from coordinator.errors import InvalidInput

# Short enough for a ticker line on a kiosk and a banner on a phone.
TEXT_LIMIT = 280


def _text(value: Any) -> str:
    result = validation.text(value, "text", limit=TEXT_LIMIT)
    assert result is not None
    return result


def _until(value: Any, now: datetime) -> datetime | None:
    if value is None:
        return None
    until = validation.moment(value, "until")
    if until <= now:
        raise InvalidInput("'until' must be in the future.")
    return until


class AnnouncementCommands(ConferenceCommands):
    def announcement(self, announcement_id: UUID) -> Announcement:
        return self.load(announcement_id, Announcement, "announcement")

    @command
    def post_announcement(self, text: Any, until: Any = None) -> Outcome:
        now = self.clock()
        announcement = Announcement(text=_text(text), posted_at=now, until=_until(until, now))
        return self.commit(announcement, id=announcement.id.hex)

    @command
    def change_announcement(self, announcement_id: UUID, text: Any,
                            until: Any = None) -> Outcome:
        announcement = self.announcement(announcement_id)
        announcement.change(_text(text), _until(until, self.clock()))
        return self.commit(announcement)

    @command
    def withdraw_announcement(self, announcement_id: UUID) -> Outcome:
        announcement = self.announcement(announcement_id)
        announcement.withdraw()
        return self.commit(announcement)
