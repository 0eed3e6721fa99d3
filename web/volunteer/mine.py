"""``/volunteer/mine``: a person's shifts, the next first, check-in, and their calendar
(their shifts, and the sheets they joined or posted on ``/sheets``).

The calendar feed ``/calendar/<calendar token>.ics`` needs no login, so calendar apps
can subscribe to it. Its token is signed for the "calendar" purpose: it reads the
person's shifts and is refused everywhere else (it is not an API token).
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urljoin, urlsplit, urlunsplit
from uuid import UUID

from flask import Response, abort, request, url_for
from flask.typing import ResponseReturnValue

from coordinator.errors import DomainError
from coordinator.people.aggregate import Person
from web.services import services
from web.shared.browser_session import signed_in
from web.shared.calendar import sheets_of, shifts_calendar
from web.volunteer.blueprint import bp
from web.volunteer.common import render
from web.volunteer.shift_cards import ShiftCard
from web.volunteer.shifts import cutoff_minutes
from web.volunteer.times import clock, hours

CALENDAR_PURPOSE = "calendar"


def calendar_token(person_id: UUID) -> str:
    return services().signer.for_purpose(CALENDAR_PURPOSE).token_for(person_id)


def feed_urls(person: Person) -> tuple[str, str]:
    """The feed's https address (to copy) and its webcal:// twin (opens a calendar app)."""
    path = url_for("volunteer.calendar_feed", token=calendar_token(person.id))
    url = urljoin(request.host_url, path)
    parts = urlsplit(url)
    return url, urlunsplit(("webcal", *parts[1:]))


@bp.get("/volunteer/mine")
def mine() -> ResponseReturnValue:
    person = signed_in()
    if person is None:
        return render("volunteer/mine.html", tab="mine", cards=[], done=[], total="",
                      join_code_required=bool(services().app.conference().join_code))
    at = clock()
    cutoff = cutoff_minutes()
    cards = [ShiftCard.from_shift(s, at, cutoff, person.id.hex)
             for s in services().app.shifts_of(person.id)]
    coming = [c for c in cards if not c.ended]
    done = sorted((c for c in cards if c.ended), key=lambda c: c.start, reverse=True)
    total = sum((c.length for c in cards), timedelta())
    checked = sum((c.length for c in cards if c.checked_in), timedelta())
    feed, webcal = feed_urls(person)
    return render("volunteer/mine.html", tab="mine", cards=coming, done=done,
                  total=hours(total) if cards else "", checked=hours(checked),
                  checked_any=checked > timedelta(),
                  feed_url=feed, webcal_url=webcal)


def _ics(person_id: UUID, filename: str, disposition: str) -> Response:
    found = services()
    try:
        shifts = found.app.shifts_of(person_id)
    except DomainError:
        abort(404)
    # The sheets the person joined or posted are in the same feed (and go when cancelled).
    sheets = sheets_of(found.boards.board("sheets")[1]["sheets"], person_id.hex)
    body = shifts_calendar(shifts, found.app.conference().settings.get("name") or "Conference",
                           sheets, person_id.hex)
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response.headers["Cache-Control"] = "no-cache, private"
    return response


@bp.get("/volunteer/mine.ics")
def download() -> ResponseReturnValue:
    """The signed-in person's shifts as a file to open once (the feed stays current)."""
    person = signed_in()
    if person is None:
        abort(404)
    return _ics(person.id, "my-shifts.ics", "attachment")


@bp.get("/calendar/<token>.ics")
def calendar_feed(token: str) -> ResponseReturnValue:
    """A person's shifts for calendar apps to subscribe to: no cookie, no API token."""
    person_id = services().signer.for_purpose(CALENDAR_PURPOSE).person_id(token)
    if person_id is None:
        abort(404)
    response = _ics(person_id, "shifts.ics", "inline")
    response.headers["X-Robots-Tag"] = "noindex"
    return response
