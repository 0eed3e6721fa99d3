"""Times as volunteers read them: in the conference's time zone, short, unambiguous."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from web.services import services
from web.shared.days import zone


@dataclass(frozen=True)
class Clock:
    """The conference's time zone and the current moment (the application's clock)."""

    tz: ZoneInfo
    now: datetime

    def local(self, moment: datetime | str) -> datetime:
        if isinstance(moment, str):
            moment = datetime.fromisoformat(moment)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=self.tz)
        return moment.astimezone(self.tz)

    @property
    def today(self) -> date:
        return self.now.astimezone(self.tz).date()


def clock() -> Clock:
    found = services()
    return Clock(zone(found.app.conference().settings.get("time_zone")), found.app.clock())


def hhmm(moment: datetime) -> str:
    return f"{moment:%H:%M}"


def day_label(day: date) -> str:
    """"Fri 15 May": short enough for a tab on a phone."""
    return f"{day:%a} {day.day} {day:%b}"


def long_day(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B}"


def span(start: datetime, end: datetime) -> str:
    """"10:00–12:30", with the end's day when it ends on another day."""
    if end.date() != start.date():
        return f"{hhmm(start)}–{day_label(end.date())} {hhmm(end)}"
    return f"{hhmm(start)}–{hhmm(end)}"


def when(start: datetime, end: datetime) -> str:
    """"Fri 15 May, 10:00–12:30"."""
    return f"{day_label(start.date())}, {span(start, end)}"


def hours(total: timedelta) -> str:
    """"45 min", "2 h", "2 h 40 min"."""
    minutes = round(total.total_seconds() / 60)
    whole, rest = divmod(minutes, 60)
    if not whole:
        return f"{rest} min"
    return f"{whole} h {rest} min" if rest else f"{whole} h"


def until(now: datetime, moment: datetime) -> str:
    """"in 25 min", "in 3 h 10 min" (for a start that is coming)."""
    minutes = max(0, round((moment - now).total_seconds() / 60))
    if minutes < 60:
        return f"in {minutes} min"
    hours_part, rest = divmod(minutes, 60)
    if hours_part >= 24:
        return f"in {hours_part // 24} d {hours_part % 24} h"
    return f"in {hours_part} h {rest} min" if rest else f"in {hours_part} h"
