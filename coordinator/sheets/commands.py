"""Commands on sheets: post, change, close, cancel; put a name down and take it off;
the speaking order of lightning talks."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from coordinator import validation
from coordinator.core.commands import Outcome, command
from coordinator.errors import Forbidden, InvalidInput
from coordinator.people.commands import PeopleCommands
from coordinator.sheets.aggregate import KINDS, PERSON_KINDS, Sheet

# How long a sheet's event lasts when no end is given, for calendars and boards.
DEFAULT_LENGTH = {"lightning_talks": timedelta(hours=1), "dinner": timedelta(hours=2),
                  "sprint": timedelta(hours=4)}
EDITABLE = ("title", "starts_at", "ends_at", "location", "capacity", "description",
            "meeting_point")
MAX_ENTRIES = 500


def kind_of(value: Any) -> str:
    if value not in KINDS:
        raise InvalidInput(f"'kind' must be one of {', '.join(KINDS)}.")
    return str(value)


def _capacity(kind: str, value: Any) -> int | None:
    if value is None and kind == "sprint":
        return None  # a sprint may take anyone who comes
    return validation.count(value, "capacity", maximum=MAX_ENTRIES)


def _meeting_point(value: Any) -> str:
    return validation.text(value, "meeting_point", limit=validation.NAME_LIMIT,
                           required=False) or ""


def _times(kind: str, starts_at: Any, ends_at: Any) -> tuple[datetime, datetime]:
    start = validation.moment(starts_at, "starts_at")
    end = (start + DEFAULT_LENGTH[kind] if ends_at is None
           else validation.moment(ends_at, "ends_at"))
    validation.time_range(start, end)
    return start, end


class SheetCommands(PeopleCommands):
    def sheet(self, sheet_id: UUID) -> Sheet:
        return self.load(sheet_id, Sheet, "sheet")

    @command
    def post_sheet(self, kind: Any, title: Any, starts_at: Any, location: Any,
                   capacity: Any = None, description: Any = None,
                   meeting_point: Any = None, ends_at: Any = None,
                   owner_id: UUID | None = None) -> Outcome:
        """Post a sheet. ``owner_id`` None: an organizer posts it (any kind); else the
        person who posts a dinner group or a sprint project, and owns it."""
        kind = kind_of(kind)
        if owner_id is not None and kind not in PERSON_KINDS:
            raise Forbidden("Only organizers post lightning-talk sheets.")
        start, end = _times(kind, starts_at, ends_at)
        owner = self.person(owner_id) if owner_id is not None else None
        sheet = Sheet(
            kind=kind,
            title=validation.topic(title, "title"),
            starts_at=start,
            ends_at=end,
            location=validation.name(location, "location"),
            capacity=_capacity(kind, capacity),
            description=validation.description(description),
            meeting_point=_meeting_point(meeting_point),
            owner_id=owner.id.hex if owner else None,
            owner_name=owner.name if owner else None,
        )
        return self.commit(sheet, id=sheet.id.hex)

    @command
    def change_sheet(self, sheet_id: UUID, changes: dict[str, Any],
                     person_id: UUID | None = None) -> Outcome:
        unknown = set(changes) - set(EDITABLE)
        if unknown or not changes:
            raise InvalidInput(
                f"Give any of {', '.join(EDITABLE)}"
                + (f"; unknown: {', '.join(sorted(unknown))}." if unknown else ".")
            )
        sheet = self.sheet(sheet_id)
        sheet.require_manager(person_id)
        start = validation.moment(changes.get("starts_at", sheet.starts_at), "starts_at")
        # A new start without a new end keeps the sheet's length.
        end = changes.get("ends_at", start + (sheet.ends_at - sheet.starts_at))
        start, end = _times(sheet.kind, start, end)
        checked: dict[str, Any] = {"starts_at": start, "ends_at": end}
        if "title" in changes:
            checked["title"] = validation.topic(changes["title"], "title")
        if "location" in changes:
            checked["location"] = validation.name(changes["location"], "location")
        if "capacity" in changes:
            checked["capacity"] = _capacity(sheet.kind, changes["capacity"])
        if "description" in changes:
            checked["description"] = validation.description(changes["description"])
        if "meeting_point" in changes:
            checked["meeting_point"] = _meeting_point(changes["meeting_point"])
        sheet.change(**checked)
        return self.commit(sheet)

    @command
    def close_sheet(self, sheet_id: UUID, person_id: UUID | None = None) -> Outcome:
        sheet = self.sheet(sheet_id)
        sheet.require_manager(person_id)
        sheet.close()
        return self.commit(sheet)

    @command
    def reopen_sheet(self, sheet_id: UUID, person_id: UUID | None = None) -> Outcome:
        sheet = self.sheet(sheet_id)
        sheet.require_manager(person_id)
        sheet.reopen()
        return self.commit(sheet)

    @command
    def cancel_sheet(self, sheet_id: UUID, reason: Any = None,
                     person_id: UUID | None = None) -> Outcome:
        """Cancel a sheet: its owner (``person_id``) or an organizer (None)."""
        sheet = self.sheet(sheet_id)
        sheet.require_manager(person_id)
        sheet.cancel(validation.description(reason, "reason"))
        return self.commit(sheet)

    @command
    def add_entry(self, sheet_id: UUID, person_id: UUID, title: Any = None) -> Outcome:
        sheet = self.sheet(sheet_id)
        talk = validation.topic(title, "title") if title is not None else None
        person = self.person(person_id)
        sheet.add_entry(person.id, person.name, talk, self.clock())
        return self.commit(sheet)

    @command
    def remove_entry(self, sheet_id: UUID, person_id: UUID,
                     manager_id: UUID | None = None, by_manager: bool = False) -> Outcome:
        """Take a name off: the person's own, or anyone's by the sheet's owner
        (``manager_id``) or an organizer (``by_manager`` alone)."""
        sheet = self.sheet(sheet_id)
        if manager_id is not None:
            sheet.require_manager(manager_id)
        sheet.remove_entry(person_id, by_manager=by_manager or manager_id is not None)
        return self.commit(sheet)

    @command
    def reorder_talks(self, sheet_id: UUID, order: list[UUID]) -> Outcome:
        sheet = self.sheet(sheet_id)
        sheet.reorder(order)
        return self.commit(sheet)

    @command
    def mark_talk(self, sheet_id: UUID, person_id: UUID, outcome: Any) -> Outcome:
        sheet = self.sheet(sheet_id)
        sheet.mark_talk(person_id, outcome)
        return self.commit(sheet)
