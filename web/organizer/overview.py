"""The live overview (``/organizer``): fill rates by day and role, shifts short of
people in the next hours, unstaffed booths, check-ins and no-shows, and the day's
open-space sessions, the sign-up sheets and announcements in brief; with the actions
organizers take from there.

The page draws everything on the server. Its script subscribes to the ``shifts``,
``booths``, ``open-space``, ``sheets`` and ``announcements`` boards and, on every
patch, fetches the live part again (``/organizer/live``) and puts it in place: one
drawing code, always live.
"""

from __future__ import annotations

from typing import Any

from flask import request, url_for
from flask.typing import ResponseReturnValue

from coordinator.errors import InvalidInput
from projections.boards import overview as queries
from projections.boards.announcements import in_force
from projections.boards.overview import States
from web.organizer.auth import organizer_name, signin_form
from web.organizer.blueprint import bp
from web.organizer.charts import Bar, bar_chart
from web.organizer.common import act, now, org_day, parse_id, read, render, time_zone
from web.organizer.sheet_views import summary as sheets_summary
from web.services import services
from web.shared.days import BadDay, pick_day

DEFAULT_HOURS = 3.0
HOURS_RANGE = (0.5, 48.0)


def _hours(text: str | None) -> float:
    try:
        hours = float(text) if text else DEFAULT_HOURS
    except ValueError:
        hours = DEFAULT_HOURS
    low, high = HOURS_RANGE
    return min(max(hours, low), high) if hours == hours else DEFAULT_HOURS


def live_context() -> dict[str, Any]:
    """Everything the live part shows, read from the boards' states in one go."""
    tz, moment = time_zone(), now()
    hours = _hours(request.args.get("hours"))
    asked = request.args.get("day")

    def query(states: States) -> dict[str, Any]:
        slot_times = [s["starts_at"] for s in states["open-space"]["slots"].values()]
        try:
            day = pick_day(asked, slot_times, tz, moment)
        except BadDay:
            day = pick_day(None, slot_times, tz, moment)
        return {
            "fill": queries.fill_by_day(states, tz),
            "short": queries.short_shifts(states, moment, hours),
            "unstaffed": queries.unstaffed_booths(states),
            "check_ins": queries.check_ins(states, moment),
            "no_shows": queries.no_shows(states)[:50],
            "space": queries.sessions_on(states, day, tz),
            "days": queries.days_with_slots(states, tz),
            "day": day.isoformat(),
            "sheets": sheets_summary(states, moment),
            "announcements": len(in_force(
                list(states["announcements"]["announcements"].values()), moment)),
        }

    data = read(query)
    bars = [Bar(role["role"], role["taken"], role["capacity"], group=org_day(day["day"]))
            for day in data["fill"] for role in day["roles"]]
    data["chart"] = bar_chart(bars, "Places taken of places offered, by day and role",
                              empty="No shifts yet: load a set-up file or add shifts.")
    data["hours"] = hours
    args = {k: v for k, v in request.args.items() if k in ("day", "hours")}
    data["back_to"] = url_for("organizer.overview", **args)
    data["live_url"] = url_for("organizer.live", **args)
    return data


@bp.get("")
def overview() -> ResponseReturnValue:
    if organizer_name() is None:
        return signin_form()
    return render("organizer/overview.html", active="overview", **live_context())


@bp.get("/live")
def live() -> ResponseReturnValue:
    """The live part alone, drawn again after a board changed."""
    return render("organizer/_live.html", active="overview", **live_context())


def _overview() -> str:
    return url_for("organizer.overview")


@bp.post("/shifts/<shift_id>/checkins")
def check_in(shift_id: str) -> ResponseReturnValue:
    shift, person = parse_id(shift_id), parse_id(request.form.get("person_id", ""))
    return act(services().app.check_in, shift, person, by_organizer=True,
               done="Checked in.", default=_overview())


@bp.post("/shifts/<shift_id>/no-shows")
def no_show(shift_id: str) -> ResponseReturnValue:
    shift, person = parse_id(shift_id), parse_id(request.form.get("person_id", ""))
    return act(services().app.mark_no_show, shift, person, done="Marked as a no-show.",
               default=_overview())


@bp.post("/slots/<slot_id>/move")
def move_session(slot_id: str) -> ResponseReturnValue:
    slot = parse_id(slot_id)

    def move(**kwargs: Any) -> Any:
        target = request.form.get("to", "")
        if not target:
            raise InvalidInput("Pick the free slot to move the session to.")
        return services().app.move_session(slot, parse_id(target), None,
                                           request.form.get("reason") or None, **kwargs)

    return act(move, done="Session moved; its host sees why.", default=_overview())


@bp.post("/slots/<slot_id>/release")
def release_session(slot_id: str) -> ResponseReturnValue:
    return act(services().app.release_slot, parse_id(slot_id), None,
               request.form.get("reason") or None,
               done="Session cancelled; its host sees why.", default=_overview())
