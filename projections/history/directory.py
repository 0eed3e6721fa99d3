"""What the history knows about each thing at a moment: its label ("Room 3", "Ana")
and facts (a slot's room and time, a booth's holder), and the parts a sentence is
made of: plain text, or ``{"k": KIND, "id": HEX, "t": LABEL}`` for a thing with its
own page. Describing an event reads and updates it (see ``registry``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

Part = str | dict[str, str]


class Directory:
    """What is known about each thing so far: ``kind:id`` -> {"label", "data"}."""

    def __init__(self, entries: dict[str, dict[str, Any]] | None = None) -> None:
        self.entries = entries or {}
        self.changed: set[str] = set()

    def get(self, kind: str, ident: str) -> dict[str, Any]:
        entry: dict[str, Any] = self.entries.get(f"{kind}:{ident}") or {"label": "",
                                                                         "data": {}}
        return entry

    def put(self, kind: str, ident: str, label: str, **data: Any) -> None:
        key = f"{kind}:{ident}"
        entry = self.entries.setdefault(key, {"label": label, "data": {}})
        entry["label"] = label
        entry["data"].update(data)
        self.changed.add(key)

    def ref(self, kind: str, ident: str | None, fallback: str) -> Part:
        if not ident:
            return fallback
        return {"k": kind, "id": ident, "t": self.get(kind, ident)["label"] or fallback}

    @property
    def zone(self) -> ZoneInfo:
        try:
            return ZoneInfo(self.get("conference", "conference")["data"].get("time_zone")
                            or "UTC")
        except (ZoneInfoNotFoundError, ValueError):
            return ZoneInfo("UTC")

    def at(self, iso: str | None) -> str:
        """'Fri 15:00' in the conference's time zone."""
        if not iso:
            return "?"
        return f"{datetime.fromisoformat(iso).astimezone(self.zone):%a %H:%M}"

    def clock(self, iso: str | None) -> str:
        """'15:00' in the conference's time zone."""
        if not iso:
            return "?"
        return f"{datetime.fromisoformat(iso).astimezone(self.zone):%H:%M}"

    def span(self, start: str | None, end: str | None) -> str:
        if not start or not end:
            return "?"
        return f"{self.at(start)}–{self.clock(end)}"
