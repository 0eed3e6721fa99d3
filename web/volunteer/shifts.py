"""``/volunteer``: open shifts by day, role and place; claim, cancel and check in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from flask import render_template, request, url_for
from flask.typing import ResponseReturnValue

from coordinator.errors import DomainError
from coordinator.people.aggregate import Person
from web.forms import run_form
from web.services import services
from web.shared.browser_session import signed_in
from web.shared.days import BadDay, local_days, pick_day
from web.volunteer.blueprint import bp
from web.volunteer.common import act, back, fragment, parse_id, render
from web.volunteer.shift_cards import ShiftCard
from web.volunteer.times import Clock, clock, day_label, long_day


@dataclass(frozen=True)
class DayTab:
    day: date
    label: str
    url: str
    current: bool


def cutoff_minutes() -> int:
    return int(services().app.conference().settings.get("cancellation_cutoff_minutes") or 0)


def _tabs(days: set[date], chosen: date, args: dict[str, str]) -> list[DayTab]:
    keep = {k: v for k, v in args.items() if k in ("role", "place", "free") and v}
    return [DayTab(d, day_label(d), url_for("volunteer.browse", day=d.isoformat(), **keep),
                   d == chosen) for d in sorted(days | {chosen})]


def _filtered(args: dict[str, str], now_cards: list[ShiftCard]) -> list[ShiftCard]:
    role, place, free_only = args.get("role"), args.get("place"), args.get("free") == "1"
    chosen = []
    for card in now_cards:
        if role and card.role != role:
            continue
        if place and card.location != place:
            continue
        if free_only and card.full and not card.mine:
            continue
        chosen.append(card)
    return chosen


@bp.get("/volunteer")
def browse() -> ResponseReturnValue:
    """Open shifts of one day (the contract's day rule); read-only with a join form when
    signed out. Filters are query parameters: ``day``, ``role``, ``place``, ``free=1``."""
    at = clock()
    person = signed_in()
    position, data = services().boards.board("shifts")
    shifts: list[dict[str, Any]] = data["shifts"]
    starts = [s["starts_at"] for s in shifts]
    try:
        day = pick_day(request.args.get("day"), starts, at.tz, at.now)
    except BadDay as error:
        return render_template("app/message.html", title="No such day", message=str(error),
                               active="volunteer"), 400
    args = {k: v for k, v in request.args.items() if isinstance(v, str)}
    mine = set(person.commitments) if person else set()
    cutoff = cutoff_minutes()
    on_day = [ShiftCard.from_board(s, at, cutoff, s["id"] in mine) for s in shifts
              if at.local(s["starts_at"]).date() == day]
    current = [c for c in on_day if not c.ended]
    cards = _filtered(args, current)
    return render(
        "volunteer/shifts.html", tab="shifts", cards=cards, day=day,
        day_title=long_day(day), tabs=_tabs(local_days(starts, at.tz), day, args),
        roles=sorted({c.role for c in on_day}), places=sorted({c.location for c in on_day}),
        role=args.get("role", ""), place=args.get("place", ""), free_only=args.get("free") == "1",
        ended=len(on_day) - len(current), free_places=sum(c.free for c in current),
        filtered=bool(args.get("role") or args.get("place") or args.get("free") == "1"),
        position=position, time_zone=at.tz.key,
        join_code_required=bool(services().app.conference().join_code),
    )


def card_for(shift_id: UUID, person: Person | None, at: Clock) -> ShiftCard:
    shift = services().app.shift(shift_id)
    return ShiftCard.from_shift(shift, at, cutoff_minutes(), person.id.hex if person else "")


@bp.get("/volunteer/shifts/<shift_id>/card")
def shift_card(shift_id: str) -> ResponseReturnValue:
    """One shift's card as ``/volunteer`` shows it, drawn again after an action."""
    try:
        card = card_for(parse_id(shift_id), signed_in(), clock())
    except DomainError:
        return "", 404
    return fragment("volunteer/_shift.html", card=card, back=back(url_for("volunteer.browse")))


def _label(shift_id: UUID, person: Person) -> str:
    try:
        return card_for(shift_id, person, clock()).label
    except DomainError:
        return "the shift"


@bp.post("/volunteer/shifts/<shift_id>/claim")
def claim(shift_id: str) -> ResponseReturnValue:
    target = parse_id(shift_id)

    def perform(person: Person) -> None:
        run_form(services().app.sign_up, target, person.id, scope=person.id.hex,
                 done=f"You're signed up: {_label(target, person)}.")

    return act(f"shift-{target.hex}", perform)


@bp.post("/volunteer/shifts/<shift_id>/cancel")
def cancel(shift_id: str) -> ResponseReturnValue:
    target = parse_id(shift_id)

    def perform(person: Person) -> None:
        label = _label(target, person)
        run_form(services().app.cancel_signup, target, person.id, scope=person.id.hex,
                 done=f"Cancelled: {label}. Your place is free for someone else.")

    return act(f"shift-{target.hex}", perform)


@bp.post("/volunteer/shifts/<shift_id>/checkin")
def check_in(shift_id: str) -> ResponseReturnValue:
    target = parse_id(shift_id)

    def perform(person: Person) -> None:
        run_form(services().app.check_in, target, person.id, scope=person.id.hex,
                 done=f"Checked in: {_label(target, person)}. Thank you!")

    return act(f"shift-{target.hex}", perform)

