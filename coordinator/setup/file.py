"""Conference set-up files (YAML): check the whole file, then store it in one atomic save.

``parse`` checks a file and returns a ``SetupPlan`` (nothing stored); ``load``
parses a file and stores it; ``load_demo`` stores the bundled PyCon-like demo,
moved so that its first day is today. The format is in docs/setup-file.md.

A file may be loaded into a store that already holds a conference (loading the
same file twice stores nothing new the second time):

- rooms are matched by name and reused; the same name with another capacity is
  refused;
- an open-space slot identical to one already in that room (same start and
  end) is skipped; one that overlaps an existing slot is refused;
- booths are matched by name (open ones only) and skipped; the same name at
  another location is refused;
- a shift identical to an active one (role, location, start, end, capacity and
  description) is skipped; the same role, place and time with another capacity
  or description is refused (change it on the organizer page instead);
- a lightning-talk session identical to a stored one (title, place, start, end and
  number of talks) is skipped; the same title, place and time with another number of
  talks is refused;
- the conference settings named in the file replace the stored ones.

Any refusal, like any problem in the file, stores nothing.
"""

from __future__ import annotations

import os
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

from eventsourcing.domain import Aggregate
from eventsourcing.utils import get_topic

from coordinator.booths.aggregate import Booth
from coordinator.conference.aggregate import Conference
from coordinator.conference.commands import ConferenceCommands
from coordinator.core.commands import Outcome, command
from coordinator.errors import InvalidInput
from coordinator.open_space.aggregate import OpenSpaceSlot
from coordinator.setup.grid import read_slots
from coordinator.setup.nodes import Problem, Value, compose
from coordinator.setup.plan import SetupPlan
from coordinator.setup.reader import Reader
from coordinator.setup.talks import new_sessions, read_talks
from coordinator.sheets.aggregate import Sheet
from coordinator.shifts.aggregate import Shift

__all__ = ["SetupFileError", "SetupPlan", "load", "load_demo", "parse", "store"]

DEMO_FILE = "pycon.yaml"
_PAGE = 500
A = TypeVar("A", bound=Aggregate)


class SetupFileError(InvalidInput):
    """A set-up file was refused: ``message`` names the file, the line and the problem."""

    def __init__(self, filename: str, line: int | None, problem: str) -> None:
        where = f"{filename}, line {line}" if line else filename
        super().__init__(f"{where}: {problem}")
        self.filename = filename
        self.line = line
        self.problem = problem


def parse(text: str, filename: str, *, start: date | None = None) -> SetupPlan:
    """Check a whole set-up file; ``start`` moves its 'days' so that day 1 is ``start``."""
    try:
        return read_plan(compose(text), filename, start)
    except Problem as problem:
        raise SetupFileError(filename, problem.line, problem.message) from None
    except RecursionError:  # the YAML composer recurses once per level of nesting
        raise SetupFileError(filename, None, "the file is nested too deeply to be a "
                                             "set-up file.") from None


def read_plan(root: Value, filename: str, start: date | None = None) -> SetupPlan:
    """Check the whole document; ``start`` moves the conference so its first day is ``start``."""
    top = root.mapping("the file", allowed=("conference", "rooms", "open_space", "booths",
                                             "shifts", "lightning_talks"),
                      required=("conference",))
    reader = Reader(top["conference"], start)
    rooms = reader.rooms(top.get("rooms"))
    return SetupPlan(
        filename=filename,
        time_zone=reader.zone.key,
        settings=reader.settings,
        days=reader.days,
        rooms=rooms,
        slots=read_slots(top.get("open_space"), rooms, reader),
        booths=reader.booths(top.get("booths")),
        shifts=reader.shifts(top.get("shifts")),
        talks=read_talks(top.get("lightning_talks"), reader),
    )


def load(app: ConferenceCommands, path: str | os.PathLike[str]) -> Outcome:
    """Parse the file at ``path`` and store all of it in one atomic save."""
    filename = os.fspath(path)
    return store(app, parse(_read_text(path, filename), filename))


def load_demo(app: ConferenceCommands, start: date | None = None) -> Outcome:
    """Store the demo conference with day 1 on ``start`` (default: today in its time zone)."""
    text = resources.files("coordinator").joinpath("demo", DEMO_FILE).read_text("utf-8")
    if start is None:
        zone = ZoneInfo(parse(text, DEMO_FILE).time_zone)
        start = app.clock().astimezone(zone).date()
    return store(app, parse(text, DEMO_FILE, start=start))


def _read_text(path: str | os.PathLike[str], filename: str) -> str:
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise SetupFileError(filename, None, f"cannot read the file ({error.strerror}).") \
            from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise SetupFileError(filename, line, "the file is not UTF-8 text.") from None


@command
def store(app: ConferenceCommands, plan: SetupPlan) -> Outcome:
    """Store a checked plan in one atomic save (retried if the conference changes meanwhile)."""
    conference = app.conference()
    conference.change_settings(plan.settings)
    created = dict.fromkeys(("rooms", "slots", "booths", "shifts", "talk sessions"), 0)
    unchanged = dict(created)
    room_ids = _rooms(conference, plan, created, unchanged)
    new: list[Aggregate] = []
    new.extend(_slots(app, plan, room_ids, unchanged))
    new.extend(_booths(app, plan, unchanged))
    new.extend(_shifts(app, plan, unchanged))
    new.extend(_talks(app, plan, unchanged))
    for aggregate in new:
        kind = {OpenSpaceSlot: "slots", Booth: "booths", Shift: "shifts",
                Sheet: "talk sessions"}[type(aggregate)]
        created[kind] += 1
    if any(created.values()):
        conference.note_setup_loaded(plan.filename, created)
    return app.commit(conference, *new, created=created, unchanged=unchanged)


def _refuse(plan: SetupPlan, line: int, problem: str) -> SetupFileError:
    return SetupFileError(plan.filename, line, problem)


def _rooms(conference: Conference, plan: SetupPlan, created: dict[str, int],
           unchanged: dict[str, int]) -> dict[str, UUID]:
    """Room ids by name: the stored ones reused, the others added to the conference."""
    stored = {room["name"]: (UUID(hex=room_hex), room["capacity"])
              for room_hex, room in conference.rooms.items()}
    ids: dict[str, UUID] = {}
    for room in plan.rooms:
        if room.name in stored:
            room_id, capacity = stored[room.name]
            if capacity != room.capacity:
                raise _refuse(plan, room.line, f"room '{room.name}' is already stored with "
                              f"capacity {capacity}, not {room.capacity}.")
            unchanged["rooms"] += 1
        else:
            room_id = uuid4()
            conference.add_room(room_id, room.name, room.capacity)
            created["rooms"] += 1
        ids[room.name] = room_id
    return ids


def _slots(app: ConferenceCommands, plan: SetupPlan, room_ids: dict[str, UUID],
           unchanged: dict[str, int]) -> list[OpenSpaceSlot]:
    stored: dict[UUID, list[tuple[datetime, datetime]]] = {}
    if plan.slots and unchanged["rooms"]:  # only reused rooms can have stored slots
        for slot in _stored(app, OpenSpaceSlot, OpenSpaceSlot.Opened):
            stored.setdefault(slot.room_id, []).append((slot.starts_at, slot.ends_at))
    new: list[OpenSpaceSlot] = []
    for slot in plan.slots:
        room_id = room_ids[slot.room]
        spans = stored.get(room_id, [])
        if (slot.starts_at, slot.ends_at) in spans:
            unchanged["slots"] += 1
            continue
        if any(start < slot.ends_at and slot.starts_at < end for start, end in spans):
            raise _refuse(plan, slot.line, f"room '{slot.room}' already has an open-space "
                          f"slot overlapping {slot.starts_at:%Y-%m-%d %H:%M}"
                          f"–{slot.ends_at:%H:%M}.")
        new.append(OpenSpaceSlot(room_id=room_id, starts_at=slot.starts_at,
                                 ends_at=slot.ends_at))
    return new


def _booths(app: ConferenceCommands, plan: SetupPlan, unchanged: dict[str, int]) -> list[Booth]:
    stored = {booth.name: booth for booth in _stored(app, Booth, Booth.Opened)
              if not booth.closed} if plan.booths else {}
    new: list[Booth] = []
    for booth in plan.booths:
        existing = stored.get(booth.name)
        if existing is None:
            new.append(Booth(name=booth.name, location=booth.location))
        elif existing.location == booth.location:
            unchanged["booths"] += 1
        else:
            raise _refuse(plan, booth.line, f"booth '{booth.name}' is already open at "
                          f"'{existing.location}'.")
    return new


def _shifts(app: ConferenceCommands, plan: SetupPlan, unchanged: dict[str, int]) -> list[Shift]:
    stored: dict[tuple[str, str, datetime, datetime], Shift] = {}
    if plan.shifts:
        for shift in _stored(app, Shift, Shift.Scheduled):
            if not shift.cancelled:
                stored[(shift.role, shift.location, shift.starts_at, shift.ends_at)] = shift
    new: list[Shift] = []
    for shift in plan.shifts:
        existing = stored.get((shift.role, shift.location, shift.starts_at, shift.ends_at))
        if existing is None:
            new.append(Shift(role=shift.role, location=shift.location,
                             starts_at=shift.starts_at, ends_at=shift.ends_at,
                             capacity=shift.capacity, description=shift.description))
        elif (existing.capacity, existing.description) == (shift.capacity, shift.description):
            unchanged["shifts"] += 1
        else:
            raise _refuse(plan, shift.line, f"a {shift.role} shift at '{shift.location}' "
                          f"{shift.starts_at:%Y-%m-%d %H:%M}–{shift.ends_at:%H:%M} is already "
                          f"stored with capacity {existing.capacity}; change it on the "
                          "organizer page instead.")
    return new


def _talks(app: ConferenceCommands, plan: SetupPlan, unchanged: dict[str, int]) -> list[Sheet]:
    stored = _stored(app, Sheet, Sheet.Posted) if plan.talks else []
    new, unchanged["talk sessions"], problems = new_sessions(plan.talks, stored)
    if problems:
        raise _refuse(plan, *problems[0])
    return new


def _stored(app: ConferenceCommands, kind: type[A], created_event: Any) -> list[A]:
    """Every stored aggregate of ``kind``, found by its creation event in the log."""
    topic = get_topic(created_event)
    ids: list[UUID] = []
    start = 1
    while True:
        page = app.recorder.select_notifications(start, _PAGE, topics=[topic])
        ids.extend(UUID(str(n.originator_id)) for n in page)
        if len(page) < _PAGE:
            break
        start = page[-1].id + 1
    found = [app.repository.get(aggregate_id) for aggregate_id in ids]
    return [aggregate for aggregate in found if isinstance(aggregate, kind)]
