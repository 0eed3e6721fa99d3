"""Reports (``/organizer/reports``): hours per volunteer, fill rate by role and day,
no-shows, open-space sessions per room and by interest; each with a chart and a CSV
download (``/organizer/reports/NAME.csv``)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Response, abort
from flask.typing import ResponseReturnValue

from projections.boards import reports
from projections.boards.overview import States
from web.organizer.blueprint import bp
from web.organizer.charts import Bar, bar_chart
from web.organizer.common import org_day, read, render, time_zone

TOP = 20  # rows in a chart and on the page; the CSV has them all


@dataclass(frozen=True)
class Report:
    title: str
    columns: tuple[tuple[str, str], ...]  # (key, heading)
    rows: Callable[[States], list[dict[str, Any]]]


REPORTS: dict[str, Report] = {
    "hours": Report("Hours per volunteer", (
        ("name", "Name"), ("shifts", "Shifts"), ("hours", "Hours signed up"),
        ("checked_in_hours", "Hours checked in"), ("no_shows", "No-shows"),
        ("person_id", "Person id")), reports.hours_per_volunteer),
    "fill-rate": Report("Fill rate by role and day", (
        ("day", "Day"), ("role", "Role"), ("shifts", "Shifts"), ("capacity", "Places"),
        ("taken", "Taken"), ("percent", "Fill rate (%)")),
        lambda s: reports.fill_rate(s, time_zone())),
    "no-shows": Report("No-shows", (
        ("name", "Name"), ("role", "Role"), ("location", "Place"), ("day", "Day"),
        ("starts", "Starts"), ("person_id", "Person id"), ("shift_id", "Shift id")),
        lambda s: reports.no_shows(s, time_zone())),
    "open-space": Report("Open-space sessions per room", (
        ("room", "Room"), ("slots", "Slots"), ("sessions", "Sessions"),
        ("interest", "Interested"), ("room_id", "Room id")), reports.sessions_per_room),
    "sessions": Report("Open-space sessions by interest", (
        ("topic", "Topic"), ("host", "Host"), ("room", "Room"), ("day", "Day"),
        ("starts", "Starts"), ("interested", "Interested"), ("slot_id", "Slot id")),
        lambda s: reports.sessions(s, time_zone())),
}


def _chart(name: str, rows: list[dict[str, Any]]) -> Any:
    title = REPORTS[name].title
    if name == "hours":
        bars = [Bar(r["name"], r["hours"], text=f"{r['hours']:g} h") for r in rows[:TOP]]
    elif name == "fill-rate":
        bars = [Bar(r["role"], r["taken"], r["capacity"],
                    text=f"{r['taken']} / {r['capacity']} ({r['percent']} %)",
                    group=org_day(r["day"])) for r in rows]
    elif name == "no-shows":
        counts: dict[str, int] = {}
        for row in rows:
            counts[row["role"]] = counts.get(row["role"], 0) + 1
        bars = [Bar(role, count) for role, count in sorted(counts.items())]
        title = "No-shows by role"
    elif name == "open-space":
        bars = [Bar(r["room"], r["sessions"], r["slots"] or None,
                    text=f"{r['sessions']} sessions, {r['interest']} interested")
                for r in rows]
    else:
        bars = [Bar(r["topic"], r["interested"], text=f"★ {r['interested']}")
                for r in rows[:TOP]]
    return bar_chart(bars, title)


@bp.get("/reports")
def reports_page() -> ResponseReturnValue:
    data = read(lambda states: {name: report.rows(states)
                                for name, report in REPORTS.items()})
    sections = [{"name": name, "title": report.title, "columns": report.columns,
                 "rows": data[name][:TOP], "count": len(data[name]),
                 "chart": _chart(name, data[name])}
                for name, report in REPORTS.items()]
    return render("organizer/reports.html", active="reports", sections=sections)


def _cell(value: Any) -> Any:
    """Text a spreadsheet would run as a formula is written as text ('=1+1 -> '=1+1)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


@bp.get("/reports/<name>.csv")
def report_csv(name: str) -> ResponseReturnValue:
    report = REPORTS.get(name)
    if report is None:
        abort(404)
    rows = read(report.rows)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([heading for _key, heading in report.columns])
    for row in rows:
        writer.writerow([_cell(row[key]) for key, _heading in report.columns])
    return Response(out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
