"""The open-space part of a set-up file: grids of equal slots per room, and extra slots."""

from __future__ import annotations

import itertools
from datetime import timedelta
from typing import TYPE_CHECKING

from coordinator.setup.nodes import Fields, Problem, Value
from coordinator.setup.plan import RoomPlan, SlotPlan

if TYPE_CHECKING:
    from coordinator.setup.reader import Reader

GRID_KEYS = ("days", "from", "to", "slot_minutes", "rooms", "extra_slots")


def read_slots(section: Value | None, rooms: tuple[RoomPlan, ...],
               reader: Reader) -> tuple[SlotPlan, ...]:
    """Every open-space slot: the grids' slots and the extra ones, none overlapping."""
    if section is None:
        return ()
    blocks = section.items("'open_space'") if section.is_list else [section]
    slots: list[SlotPlan] = []
    for block in blocks:
        fields = block.mapping("'open_space'", allowed=GRID_KEYS)
        if any(key in fields for key in ("days", "from", "to", "slot_minutes", "rooms")):
            slots.extend(_grid(fields, rooms, reader))
        for extra in fields["extra_slots"].items("'extra_slots'") \
                if "extra_slots" in fields else []:
            slots.append(_extra_slot(extra, rooms, reader))
    _refuse_overlaps(slots)
    return tuple(slots)


def _grid(fields: Fields, rooms: tuple[RoomPlan, ...], reader: Reader) -> list[SlotPlan]:
    for key in ("days", "from", "to", "slot_minutes"):
        if key not in fields:
            fields.owner.fail(f"the open-space grid is missing '{key}'.")
    minutes = fields["slot_minutes"].whole("slot_minutes", 5, 24 * 60)
    first = fields["from"].clock("from")
    assert first is not None
    names = _room_names(fields.get("rooms"), rooms, fields.owner)
    slots: list[SlotPlan] = []
    for day in reader.day_list(fields["days"], "days"):
        opens = reader.moment(day, first, fields["from"])
        closes = reader.moment(day, fields["to"].clock("to", allow_midnight_end=True),
                               fields["to"])
        if closes <= opens:
            fields["to"].fail("'to' must be after 'from'.")
        span = (closes - opens).total_seconds() / 60
        if span % minutes:
            fields["slot_minutes"].fail(
                f"{int(span)} minutes from 'from' to 'to' is not a whole number of "
                f"{minutes}-minute slots.")
        for number in range(int(span // minutes)):
            starts_at = opens + timedelta(minutes=minutes * number)
            ends_at = starts_at + timedelta(minutes=minutes)
            slots.extend(SlotPlan(name, starts_at, ends_at, fields.line) for name in names)
    return slots


def _room_names(value: Value | None, rooms: tuple[RoomPlan, ...],
                owner: Value) -> list[str]:
    if value is None or (not value.is_list and value.scalar("rooms").strip() == "all"):
        if not rooms:
            (value or owner).fail("the open-space grid needs rooms: list them under "
                                  "'rooms'.")
        return [room.name for room in rooms]
    names: list[str] = []
    for item in value.items("'rooms'"):
        name = _room(item, rooms)
        if name in names:
            item.fail(f"room '{name}' is named twice in this grid.")
        names.append(name)
    return names


def _room(value: Value, rooms: tuple[RoomPlan, ...]) -> str:
    name = value.name("room")
    if name not in {room.name for room in rooms}:
        value.fail(f"room '{name}' is not listed under 'rooms'.")
    return name


def _extra_slot(item: Value, rooms: tuple[RoomPlan, ...], reader: Reader) -> SlotPlan:
    fields = item.mapping("an extra slot", allowed=("room", "day", "start", "end"),
                          required=("room", "day", "start", "end"))
    name = _room(fields["room"], rooms)
    starts_at, ends_at = reader.span(reader.day(fields["day"], "day"), fields["start"],
                                     fields["end"])
    return SlotPlan(name, starts_at, ends_at, item.line)


def _refuse_overlaps(slots: list[SlotPlan]) -> None:
    by_room: dict[str, list[SlotPlan]] = {}
    for slot in slots:
        by_room.setdefault(slot.room, []).append(slot)
    for room, room_slots in by_room.items():
        room_slots.sort(key=lambda slot: (slot.starts_at, slot.line))
        for before, after in itertools.pairwise(room_slots):
            if after.starts_at < before.ends_at:
                later, earlier = sorted((before, after), key=lambda slot: -slot.line)
                raise Problem(later.line, f"an open-space slot in '{room}' at "
                              f"{after.starts_at:%Y-%m-%d %H:%M} overlaps one from line "
                              f"{earlier.line}.")
