"""Reports: hours per volunteer, fill rate by role and day, no-shows, open-space
sessions per room and by interest; each as a chart and a CSV download."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from uuid import UUID

from tests.web.organizer_support import Browser, browser, organizer  # noqa: F401

DAY = datetime(2030, 5, 15, 9, 0, tzinfo=UTC)


def conference(b: Browser) -> dict[str, UUID]:
    app = b.app
    app.change_settings({"time_zone": "UTC"})
    ana = UUID(app.register_person("Ana").result["id"])
    ben = UUID(app.register_person("=HYPERLINK(\"x\")").result["id"])
    two = UUID(app.schedule_shift("Registration", "Lobby", DAY, DAY + timedelta(hours=2),
                                  4).result["id"])
    three = UUID(app.schedule_shift("Registration", "Lobby", DAY + timedelta(days=1),
                                    DAY + timedelta(days=1, hours=3), 2).result["id"])
    gone = UUID(app.schedule_shift("Runner", "Hall", DAY + timedelta(hours=4),
                                   DAY + timedelta(hours=5), 2).result["id"])
    for shift in (two, three):
        app.sign_up(shift, ana)
    app.sign_up(two, ben)
    app.sign_up(gone, ben)
    app.cancel_shift(gone, "Not needed")
    app.check_in(two, ana, by_organizer=True)
    app.mark_no_show(two, ben)
    room = UUID(app.add_room("Room 1", 20).result["id"])
    other = UUID(app.add_room("Room 2", 20).result["id"])
    slots = [UUID(app.open_slot(r, DAY + timedelta(hours=h),
                                DAY + timedelta(hours=h + 1)).result["id"])
             for r in (room, other) for h in (1, 2)]
    b.app.clock = lambda: DAY - timedelta(days=1)  # claims before the slots start
    app.claim_slot(slots[0], ana, "Packaging")
    app.claim_slot(slots[1], ben, "Testing")
    app.register_interest(slots[0], ben)
    return {"ana": ana, "ben": ben}


def download(b: Browser, name: str) -> list[list[str]]:
    response = b.get(f"/organizer/reports/{name}.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert f'filename="{name}.csv"' in response.headers["Content-Disposition"]
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))


def test_hours_per_volunteer(organizer: Browser) -> None:  # noqa: F811
    ids = conference(organizer)
    rows = download(organizer, "hours")
    assert rows[0] == ["Name", "Shifts", "Hours signed up", "Hours checked in", "No-shows",
                       "Person id"]
    assert rows[1] == ["Ana", "2", "5.0", "2.0", "0", ids["ana"].hex]
    # A name a spreadsheet would run as a formula is written as text.
    assert rows[2] == ["'=HYPERLINK(\"x\")", "0", "0.0", "0.0", "1", ids["ben"].hex]


def test_fill_rate_no_shows_and_open_space(organizer: Browser) -> None:  # noqa: F811
    conference(organizer)
    assert download(organizer, "fill-rate")[1:] == [
        ["2030-05-15", "Registration", "1", "4", "2", "50"],
        ["2030-05-16", "Registration", "1", "2", "1", "50"]]
    no_shows = download(organizer, "no-shows")
    assert [row[:5] for row in no_shows[1:]] == [
        ["'=HYPERLINK(\"x\")", "Registration", "Lobby", "2030-05-15", "09:00"]]
    rooms = download(organizer, "open-space")
    assert [row[:4] for row in rooms[1:]] == [["Room 1", "2", "2", "1"],
                                              ["Room 2", "2", "0", "0"]]
    sessions = download(organizer, "sessions")
    assert [row[:6] for row in sessions[1:]] == [
        ["Packaging", "Ana", "Room 1", "2030-05-15", "10:00", "1"],
        ["Testing", "'=HYPERLINK(\"x\")", "Room 1", "2030-05-15", "11:00", "0"]]
    assert organizer.get("/organizer/reports/nothing.csv").status_code == 404


def test_the_reports_page_has_a_chart_for_each(organizer: Browser) -> None:  # noqa: F811
    conference(organizer)
    page = organizer.text("/organizer/reports")
    assert page.count('<svg class="chart"') == 5
    for name in ("hours", "fill-rate", "no-shows", "open-space", "sessions"):
        assert f'href="/organizer/reports/{name}.csv"' in page
    assert "<title>Registration: 2 / 4 (50 %)</title>" in page
    assert "=HYPERLINK(&#34;x&#34;)" in page or "=HYPERLINK(&quot;x&quot;)" in page
    empty_page = organizer.text("/organizer/reports")
    assert "Nothing to show yet" not in empty_page
