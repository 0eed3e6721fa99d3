"""Finding people for a booth handoff: by name, or among those on shift near the booth.

Not a board (nothing here is published: a list of everyone registered is not for
the hallway screens). These are pure queries over two projections' states: the
names the booths projection keeps (every ``Person.Registered``) and the signups
the shifts projection keeps. ``ProjectionRunner.read`` runs them under its lock.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime, timedelta
from typing import Any

from projections.boards.base import State

SEARCH_LIMIT = 20
# "Now or soon": on a shift that is running, or that starts within this long.
SOON = timedelta(hours=2)


def fold_text(text: str) -> str:
    """Lower case without accents or punctuation, so "José" is found as "jose"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w]+", " ", plain).split())


def search(states: dict[str, State], query: str, exclude: set[str] | None = None,
           limit: int = SEARCH_LIMIT) -> list[dict[str, str]]:
    """People whose name contains every word of ``query``, names starting with it first."""
    words = fold_text(query).split()
    if not words:
        return []
    skip = exclude or set()
    found: list[tuple[int, str, str]] = []
    for person_id, name in states["booths"]["names"].items():
        if person_id in skip:
            continue
        folded = fold_text(name)
        if all(word in folded for word in words):
            found.append((0 if folded.startswith(words[0]) else 1, folded, person_id))
    found.sort()
    names = states["booths"]["names"]
    return [{"id": pid, "name": names[pid]} for _, _, pid in found[:limit]]


def same_place(booth: dict[str, Any], shift: dict[str, Any]) -> bool:
    """A shift at the booth: "Registration Desk, Main Lobby" for the "Registration Desk"
    booth in "Main Lobby, Level 1", or "Expo Hall" for a booth in "Expo Hall, booth 14"."""
    place = fold_text(shift["location"])
    booth_place = fold_text(booth["location"])
    booth_name = fold_text(booth["name"])
    if not place:
        return False
    return place == booth_place or place in booth_place or booth_name in place


def on_shift_near(states: dict[str, State], booth_id: str, now: datetime,
                  exclude: set[str] | None = None) -> list[dict[str, str]]:
    """People signed up for a shift at the booth's place that is running now or starts
    soon, the soonest first; each with ``id``, ``name`` and ``shift`` (role and time)."""
    booth = states["booths"]["booths"].get(booth_id)
    if booth is None:
        return []
    names = states["booths"]["names"]
    skip = exclude or set()
    seen: dict[str, tuple[datetime, dict[str, str]]] = {}
    for shift in states["shifts"]["shifts"].values():
        if shift["cancelled"] or not same_place(booth, shift):
            continue
        start = datetime.fromisoformat(shift["starts_at"])
        end = datetime.fromisoformat(shift["ends_at"])
        if end <= now or start > now + SOON:
            continue
        for person_id in shift["signups"]:
            if person_id in skip or person_id not in names:
                continue
            if person_id not in seen or start < seen[person_id][0]:
                seen[person_id] = (start, {"id": person_id, "name": names[person_id],
                                           "role": shift["role"],
                                           "starts_at": shift["starts_at"],
                                           "ends_at": shift["ends_at"]})
    ordered = sorted(seen.values(), key=lambda item: (item[0], fold_text(item[1]["name"])))
    return [person for _, person in ordered]


def name_of(states: dict[str, State], person_id: str) -> str | None:
    name: str | None = states["booths"]["names"].get(person_id)
    return name
