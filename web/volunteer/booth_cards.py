"""A booth as a volunteer's card shows it: who holds it, the handoffs on offer, and the
people the holder may hand it to (on shift nearby, or found by name)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from projections.boards import people
from web.services import services
from web.volunteer.times import Clock, hhmm, hours, until


@dataclass
class Offer:
    id: str
    to_id: str
    to_name: str
    note: str
    offered_at: str


@dataclass
class Candidate:
    """Someone the booth can be handed to; ``hint`` says why they are suggested."""

    id: str
    name: str
    hint: str = ""


@dataclass
class BoothCard:
    id: str
    name: str
    location: str
    holder_id: str | None
    holder_name: str | None
    since: datetime | None
    offers: list[Offer]
    me: str | None  # the signed-in person's id (hex), if any
    now: datetime
    query: str = ""
    suggestions: list[Candidate] = field(default_factory=list)
    results: list[Candidate] | None = None  # None: no search made

    @property
    def staffed(self) -> bool:
        return self.holder_id is not None

    @property
    def mine(self) -> bool:
        return self.me is not None and self.holder_id == self.me

    @property
    def offers_to_me(self) -> list[Offer]:
        return [o for o in self.offers if o.to_id == self.me]

    @property
    def since_label(self) -> str:
        if self.since is None:
            return ""
        held = self.now - self.since
        if held < timedelta(minutes=1):
            return f"since {hhmm(self.since)}"
        return f"since {hhmm(self.since)} ({hours(held)})"

    @property
    def candidates(self) -> list[Candidate]:
        """Suggestions first, then search results, each person once."""
        seen: set[str] = set()
        chosen: list[Candidate] = []
        for person in [*self.suggestions, *(self.results or [])]:
            if person.id not in seen:
                seen.add(person.id)
                chosen.append(person)
        return chosen


def _candidates_for(booth_id: str, me: str, query: str, at: Clock,
                    ) -> tuple[list[Candidate], list[Candidate] | None]:
    def read(states: dict[str, Any]) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
        near = people.on_shift_near(states, booth_id, at.now, exclude={me})
        found = people.search(states, query, exclude={me}) if query.strip() else []
        return near, found

    near, found = services().boards.read(read)
    suggestions = []
    for person in near:
        start, end = at.local(person["starts_at"]), at.local(person["ends_at"])
        timing = "now" if start <= at.now else until(at.now, start)
        hint = f"{person['role']} shift {hhmm(start)}–{hhmm(end)}, {timing}"
        suggestions.append(Candidate(person["id"], person["name"], hint))
    results = [Candidate(p["id"], p["name"]) for p in found] if query.strip() else None
    return suggestions, results


def booth_card(booth: dict[str, Any], me: str | None, at: Clock, query: str = "",
               ) -> BoothCard:
    """A card from the booths board's entry for ``booth``; the holder also gets the people
    they may hand it to (and ``query``'s search results)."""
    holder = booth["holder"]
    offers = [Offer(o["id"], o["to"]["id"], o["to"]["name"], o["note"] or "", o["offered_at"])
              for o in booth["pending_handoffs"] if o["to"]]
    card = BoothCard(
        id=booth["id"], name=booth["name"], location=booth["location"],
        holder_id=holder["id"] if holder else None,
        holder_name=holder["name"] if holder else None,
        since=at.local(booth["since"]) if booth["since"] else None,
        offers=offers, me=me, now=at.now, query=query,
    )
    if card.mine and me is not None:
        card.suggestions, card.results = _candidates_for(card.id, me, query, at)
    return card


def order(cards: list[BoothCard]) -> list[BoothCard]:
    """Offers waiting for me first, then my booths, then unstaffed ones, then the rest."""
    def rank(card: BoothCard) -> int:
        if card.offers_to_me:
            return 0
        if card.mine:
            return 1
        return 2 if not card.staffed else 3

    return sorted(cards, key=lambda c: (rank(c), c.name.casefold(), c.location))
