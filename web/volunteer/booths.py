"""``/volunteer/booths``: take an unstaffed booth, hand one over with a note, accept or
decline a handoff, withdraw an offer, leave a booth."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import flash, request, url_for
from flask.typing import ResponseReturnValue

from coordinator.errors import DomainError
from coordinator.people.aggregate import Person
from web.forms import run_form
from web.services import services
from web.shared.browser_session import signed_in
from web.volunteer.blueprint import bp
from web.volunteer.booth_cards import booth_card, order
from web.volunteer.common import act, back, fragment, parse_id, render
from web.volunteer.times import clock

QUERY_LIMIT = 100


def _booths() -> tuple[int, list[dict[str, Any]]]:
    position, data = services().boards.board("booths")
    return position, data["booths"]


def _query() -> str:
    return (request.args.get("q") or "").strip()[:QUERY_LIMIT]


@bp.get("/volunteer/booths")
def booths() -> ResponseReturnValue:
    """Every open booth. ``handover=BOOTH_ID&q=NAME`` searches people by name for the
    holder's handoff (the no-JavaScript way; the page's script asks for the card)."""
    position, listed = _booths()
    person = signed_in()
    at = clock()
    me = person.id.hex if person else None
    searching = request.args.get("handover", "")
    cards = order([booth_card(b, me, at, _query() if b["id"] == searching else "")
                   for b in listed])
    return render("volunteer/booths.html", tab="booths", booth_list=listed, cards=cards,
                  position=position,
                  join_code_required=bool(services().app.conference().join_code))


@bp.get("/volunteer/booths/<booth_id>/card")
def booth_fragment(booth_id: str) -> ResponseReturnValue:
    target = parse_id(booth_id).hex
    booth = next((b for b in _booths()[1] if b["id"] == target), None)
    if booth is None:
        return "", 404
    person = signed_in()
    card = booth_card(booth, person.id.hex if person else None, clock(), _query())
    return fragment("volunteer/_booth.html", card=card,
                    back=back(url_for("volunteer.booths")))


def _name(booth_id: UUID) -> str:
    try:
        return services().app.booth(booth_id).name
    except DomainError:
        return "the booth"


def _person_name(person_id: UUID) -> str:
    try:
        return services().app.person(person_id).name
    except DomainError:
        return "them"


@bp.post("/volunteer/booths/<booth_id>/staff")
def staff(booth_id: str) -> ResponseReturnValue:
    target = parse_id(booth_id)

    def perform(person: Person) -> None:
        run_form(services().app.staff_booth, target, person.id, scope=person.id.hex,
                 done=f"You're at {_name(target)} now.")

    return act(f"booth-{target.hex}", perform)


@bp.post("/volunteer/booths/<booth_id>/vacate")
def vacate(booth_id: str) -> ResponseReturnValue:
    target = parse_id(booth_id)

    def perform(person: Person) -> None:
        run_form(services().app.vacate_booth, target, person.id, scope=person.id.hex,
                 done=f"You left {_name(target)}: it shows as unstaffed now.")

    return act(f"booth-{target.hex}", perform)


def _chosen_person() -> UUID | None:
    text = request.form.get("to", "")
    try:
        return UUID(hex=text) if len(text) == 32 else None
    except ValueError:
        return None


@bp.post("/volunteer/booths/<booth_id>/handoffs")
def offer(booth_id: str) -> ResponseReturnValue:
    target = parse_id(booth_id)

    def perform(person: Person) -> None:
        to = _chosen_person()
        if to is None:
            flash("Choose who takes over from you (search by name if they are not listed).",
                  "error")
            return
        # Browsers send a text area's line breaks as CR LF; the note keeps plain newlines.
        note = request.form.get("note", "").replace("\r\n", "\n").replace("\r", "\n")
        run_form(services().app.offer_handoff, target, person.id, to, note or None,
                 scope=person.id.hex,
                 done=f"Offered {_name(target)} to {_person_name(to)}. It stays yours "
                      "until they accept.")

    return act(f"booth-{target.hex}", perform)


SETTLE = {
    "accept": ("accept_handoff", "{booth} is yours now. Thank you!"),
    "decline": ("decline_handoff", "Declined: {booth} stays with its holder."),
    "withdraw": ("withdraw_handoff", "Offer withdrawn: {booth} stays yours."),
}


@bp.post("/volunteer/booths/<booth_id>/handoffs/<handoff_id>/<answer>")
def settle(booth_id: str, handoff_id: str, answer: str) -> ResponseReturnValue:
    if answer not in SETTLE:
        return "", 404
    target, handoff = parse_id(booth_id), parse_id(handoff_id)
    command, done = SETTLE[answer]

    def perform(person: Person) -> None:
        run_form(getattr(services().app, command), target, handoff, person.id,
                 scope=person.id.hex, done=done.format(booth=_name(target)))

    return act(f"booth-{target.hex}", perform)
