"""What the sheets page shows of one sheet, from the ``sheets`` board and the clock,
for one person (or nobody signed in)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from web.volunteer.times import Clock, hhmm, until, when

KIND_WORDS = {"lightning_talks": "Lightning talks", "dinner": "Dinner", "sprint": "Sprint"}


def ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st..."""
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


@dataclass(frozen=True)
class Talk:
    name: str
    title: str
    place: int | None  # in the queue of talks still to come; None once given or skipped
    outcome: str
    mine: bool


@dataclass(frozen=True)
class SheetCard:
    id: str
    kind: str
    title: str
    start: datetime
    end: datetime
    when: str
    starts_in: str
    location: str
    meeting_point: str
    description: str
    capacity: int | None
    taken: int
    places_left: int | None
    closed: bool
    owner_name: str
    owns: bool
    joined: bool
    started: bool
    ended: bool
    my_title: str = ""
    my_place: int | None = None
    talks: list[Talk] = field(default_factory=list)

    @classmethod
    def from_board(cls, sheet: dict[str, Any], at: Clock, me: str) -> SheetCard:
        start, end = at.local(sheet["starts_at"]), at.local(sheet["ends_at"])
        mine = next((e for e in sheet["entries"] if e["person_id"] == me), None) if me else None
        owner = sheet["owner"]
        talks = [Talk(e["name"], e.get("title") or "", e.get("queue_position"),
                      e.get("outcome") or "", e["person_id"] == me)
                 for e in sheet["entries"]] if sheet["kind"] == "lightning_talks" else []
        return cls(
            id=sheet["id"], kind=sheet["kind"], title=sheet["title"], start=start, end=end,
            when=when(start, end), starts_in=until(at.now, start),
            location=sheet["location"], meeting_point=sheet["meeting_point"] or "",
            description=sheet["description"] or "", capacity=sheet["capacity"],
            taken=sheet["taken"], places_left=sheet["places_left"], closed=sheet["closed"],
            owner_name=owner["name"] if owner else "",
            owns=bool(owner and me and owner["id"] == me),
            joined=mine is not None, started=at.now >= start, ended=at.now >= end,
            my_title=(mine or {}).get("title") or "",
            my_place=(mine or {}).get("queue_position"), talks=talks,
        )

    @property
    def kind_word(self) -> str:
        return KIND_WORDS[self.kind]

    @property
    def full(self) -> bool:
        return self.places_left == 0

    @property
    def meets_at(self) -> str:
        """"Lobby at 19:00" (a dinner group meets before it walks off)."""
        return f"{self.meeting_point} at {hhmm(self.start)}" if self.meeting_point else ""

    @property
    def places(self) -> str:
        noun = "talk" if self.kind == "lightning_talks" else "place"
        if self.capacity is None:
            return f"{self.taken} joined · no limit"
        if self.full:
            return f"Full · {self.taken} of {self.capacity} taken"
        left = self.places_left or 0
        return f"{left} {noun}{'' if left == 1 else 's'} left of {self.capacity}"

    @property
    def queue_text(self) -> str:
        """"You speak 3rd" / "You're up next"."""
        if self.my_place is None:
            return ""
        return "You're up next" if self.my_place == 1 else f"You speak {ordinal(self.my_place)}"

    @property
    def can_join(self) -> bool:
        left = self.kind == "dinner" and self.started
        return not (self.joined or self.owns or self.closed or self.full or self.ended or left)

    @property
    def can_leave(self) -> bool:
        # A talk given or skipped stays on the sheet (it has no place in the queue).
        talk_done = self.kind == "lightning_talks" and self.my_place is None
        return self.joined and not self.ended and not talk_done

    @property
    def why_not(self) -> str:
        """Why nobody can join now (shown instead of the button)."""
        if self.ended:
            return "Over."
        if self.kind == "dinner" and self.started:
            return "This group has already left."
        if self.closed:
            return "Closed: no more names are taken."
        if self.full:
            return "Full."
        return ""

    @property
    def mine(self) -> bool:
        return self.joined or self.owns
