"""Shifts and booths (``/organizer/shifts``, ``/organizer/booths``): add, edit,
reschedule, cancel or close, each a plain form running one command as the organizer."""

from __future__ import annotations

from typing import Any

from flask import request, url_for
from flask.typing import ResponseReturnValue

from coordinator import validation
from coordinator.core.commands import Outcome
from projections.boards import overview as queries
from projections.boards.overview import States
from web.organizer.blueprint import bp
from web.organizer.common import act, local_moment, now, parse_id, read, render, time_zone
from web.services import services
from web.shared.days import BadDay, pick_day


def _capacity(text: str | None) -> int:
    return validation.whole_number(text, "capacity")


@bp.get("/shifts")
def shifts() -> ResponseReturnValue:
    tz, moment = time_zone(), now()

    def query(states: States) -> dict[str, Any]:
        every = queries.active_shifts(states)
        days = sorted({queries.when(s["starts_at"]).astimezone(tz).date() for s in every})
        try:
            day = pick_day(request.args.get("day"), [s["starts_at"] for s in every], tz,
                           moment)
        except BadDay:
            day = pick_day(None, [s["starts_at"] for s in every], tz, moment)
        listed = [dict(s, signups=len(s["signups"]), checked_in=len(s["checked_in"]))
                  for s in every
                  if queries.when(s["starts_at"]).astimezone(tz).date() == day]
        for shift in listed:
            shift.pop("no_shows", None)
        return {"shifts": listed, "days": [d.isoformat() for d in days],
                "day": day.isoformat()}

    return render("organizer/shifts.html", active="shifts", **read(query))


@bp.post("/shifts")
def add_shift() -> ResponseReturnValue:
    form = request.form

    def schedule(**kwargs: Any) -> Outcome:
        return services().app.schedule_shift(
            form.get("role", ""), form.get("location", ""),
            local_moment(form.get("starts_at"), "starts_at"),
            local_moment(form.get("ends_at"), "ends_at"), _capacity(form.get("capacity")),
            form.get("description") or None, **kwargs)

    return act(schedule, done="Shift added.", default=url_for("organizer.shifts"))


@bp.post("/shifts/<shift_id>/edit")
def edit_shift(shift_id: str) -> ResponseReturnValue:
    target, form = parse_id(shift_id), request.form

    def update(**kwargs: Any) -> Outcome:
        changes = {
            "starts_at": local_moment(form.get("starts_at"), "starts_at"),
            "ends_at": local_moment(form.get("ends_at"), "ends_at"),
            "capacity": _capacity(form.get("capacity")),
            "location": form.get("location", ""),
            "description": form.get("description", ""),
        }
        return services().app.update_shift(target, changes, **kwargs)

    return act(update, done="Shift changed.", default=url_for("organizer.shifts"))


@bp.post("/shifts/<shift_id>/cancel")
def cancel_shift(shift_id: str) -> ResponseReturnValue:
    return act(services().app.cancel_shift, parse_id(shift_id),
               request.form.get("reason") or None,
               done="Shift cancelled; everyone signed up was released from it.",
               default=url_for("organizer.shifts"))


@bp.get("/booths")
def booths() -> ResponseReturnValue:
    _position, board = services().boards.board("booths")
    return render("organizer/booths.html", active="booths", booths=board["booths"])


@bp.post("/booths")
def add_booth() -> ResponseReturnValue:
    return act(services().app.open_booth, request.form.get("name", ""),
               request.form.get("location", ""), done="Booth added.",
               default=url_for("organizer.booths"))


@bp.post("/booths/<booth_id>/edit")
def edit_booth(booth_id: str) -> ResponseReturnValue:
    return act(services().app.change_booth, parse_id(booth_id),
               name=request.form.get("name", ""), location=request.form.get("location", ""),
               done="Booth changed.", default=url_for("organizer.booths"))


@bp.post("/booths/<booth_id>/close")
def close_booth(booth_id: str) -> ResponseReturnValue:
    return act(services().app.close_booth, parse_id(booth_id), done="Booth closed.",
               default=url_for("organizer.booths"))
