"""The kiosk pages' rules on their own: the day rule of day-based pages
(web/shared/days.py), the rotation's boards and the asset version (web/kiosk/); no
app, no browser."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from web.kiosk.assets import asset_version
from web.kiosk.views import PageError, rotation
from web.shared.days import BadDay, default_day, local_days, parse_day, pick_day, zone

D1, D2, D3 = date(2026, 5, 15), date(2026, 5, 16), date(2026, 5, 17)


@pytest.mark.parametrize(("days", "today", "expected"), [
    ([D1, D2, D3], D2, D2),  # today has something
    ([D1, D3], D2, D3),  # else the next day that has
    ([D2, D3], date(2026, 5, 1), D2),  # before the conference: its first day
    ([D1, D2], date(2026, 6, 1), D2),  # after it: the last day
    ([], D2, D2),  # nothing scheduled: today
    ([D3, D1, D1], D2, D3),  # order and repeats do not matter
])
def test_default_day(days: list[date], today: date, expected: date) -> None:
    assert default_day(days, today) == expected


def test_local_days_are_taken_in_the_conference_time_zone() -> None:
    times = ["2026-05-15T23:30:00+00:00", "2026-05-16T03:00:00+00:00", None, "not a time"]
    assert local_days(times, zone("UTC")) == {D1, D2}
    # 23:30 UTC is 19:30 in New York, and 03:00 UTC is 23:00 the evening before.
    assert local_days(times, zone("America/New_York")) == {D1}
    # 23:30 UTC on the 15th is already the 16th in Tokyo.
    assert local_days(times, zone("Asia/Tokyo")) == {D2}


def test_pick_day_uses_the_day_asked_for() -> None:
    now = datetime(2026, 5, 16, 12, tzinfo=UTC)
    times = ["2026-05-15T10:00:00+00:00"]
    assert pick_day("2026-05-17", times, zone("UTC"), now) == D3
    assert pick_day(None, times, zone("UTC"), now) == D1  # only the last day has slots
    assert pick_day("", ["2026-05-16T10:00:00+00:00"], zone("UTC"), now) == D2


def test_today_is_the_conference_s_today() -> None:
    # 02:00 UTC on the 16th is still the 15th in New York, which has slots.
    now = datetime(2026, 5, 16, 2, tzinfo=UTC)
    times = ["2026-05-15T15:00:00-04:00", "2026-05-16T15:00:00-04:00"]
    assert pick_day(None, times, zone("America/New_York"), now) == D1
    assert pick_day(None, times, zone("UTC"), now) == D2


@pytest.mark.parametrize("text", ["2026-13-01", "15/05/2026", "2026-5-15", "tomorrow",
                                  "2026-05-15T10:00"])
def test_bad_days_are_refused(text: str) -> None:
    with pytest.raises(BadDay):
        parse_day(text)


def test_unknown_time_zone_falls_back_to_utc() -> None:
    assert zone("Mars/Olympus_Mons").key == "UTC"
    assert zone(None).key == "UTC"


def test_rotation_names() -> None:
    assert rotation(None, None) == [("open-space", None), ("shifts", None), ("booths", None)]
    assert rotation(None, "abc") == [("open-space", None), ("shifts", None), ("booths", None),
                                     ("room", "abc")]
    assert rotation("booths, rooms/abc", None) == [("booths", None), ("room", "abc")]
    assert rotation("booths", "abc") == [("booths", None), ("room", "abc")]
    with pytest.raises(PageError):
        rotation("room", None)


def test_asset_version_follows_the_files(tmp_path: Path) -> None:
    (tmp_path / "static").mkdir()
    script = tmp_path / "static" / "board.js"
    script.write_text("one")
    first = asset_version([tmp_path / "static"])
    assert asset_version([tmp_path / "static"]) == first
    script.write_text("two")
    assert asset_version([tmp_path / "static"]) != first
