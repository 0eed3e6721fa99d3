"""What a conference set-up file asks for: checked, with every time made aware.

``setup.file.read_plan`` builds a ``SetupPlan`` from the YAML document;
``setup.file`` stores it. The format is described in docs/setup-file.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True)
class RoomPlan:
    name: str
    capacity: int
    line: int


@dataclass(frozen=True)
class SlotPlan:
    room: str
    starts_at: datetime
    ends_at: datetime
    line: int


@dataclass(frozen=True)
class BoothPlan:
    name: str
    location: str
    line: int


@dataclass(frozen=True)
class ShiftPlan:
    role: str
    location: str
    starts_at: datetime
    ends_at: datetime
    capacity: int
    description: str
    line: int


@dataclass(frozen=True)
class TalksPlan:
    """A lightning-talk session: a sheet for ``talks`` talks (``setup.talks``)."""

    title: str
    location: str
    starts_at: datetime
    ends_at: datetime
    talks: int
    description: str
    line: int

    @property
    def key(self) -> tuple[str, str, datetime, datetime]:
        return (self.title, self.location, self.starts_at, self.ends_at)


@dataclass(frozen=True)
class SetupPlan:
    """Everything one file asks for; ``settings`` holds only the settings it names."""

    filename: str
    time_zone: str
    settings: dict[str, Any]
    days: tuple[date, ...] = ()
    rooms: tuple[RoomPlan, ...] = ()
    slots: tuple[SlotPlan, ...] = ()
    booths: tuple[BoothPlan, ...] = ()
    shifts: tuple[ShiftPlan, ...] = ()
    talks: tuple[TalksPlan, ...] = ()  # lightning-talk sessions

    @property
    def roles(self) -> list[str]:
        return sorted({shift.role for shift in self.shifts})
