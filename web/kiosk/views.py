"""The kiosk pages, ``/kiosk/version`` and the start page ``/``."""

from __future__ import annotations

import os
import re
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any
from urllib.parse import urljoin

from flask import Response, current_app, render_template, request, url_for
from flask.typing import ResponseReturnValue

from coordinator import validation
from coordinator.errors import InvalidInput, NotFound
from projections.boards.announcements import in_force
from web.kiosk.blueprint import VERSION_KEY, bp
from web.qr import qr_svg
from web.services import services
from web.shared.days import BadDay, pick_day, zone

# Boards a rotating /kiosk can show, in the order of ?boards=...
BOARD_NAMES = ("open-space", "shifts", "booths", "sheets")
DEFAULT_ROTATION = ("open-space", "shifts", "booths")
DEFAULT_INTERVAL = 20
INTERVAL_RANGE = (3, 3600)
# A session that started late still shows as "now" this long after its slot ends.
GRACE_MINUTES = 10
# Where phones go to act; COORDINATOR_PUBLIC_URL overrides the address the screen was
# opened with (a kiosk on http://127.0.0.1 still needs a QR code phones can reach).
PUBLIC_URL_ENV = "COORDINATOR_PUBLIC_URL"
ROOM_ID = re.compile(r"[0-9a-fA-F-]{1,64}")

TITLES = {"open-space": "Open space", "shifts": "Volunteer shifts", "booths": "Booths",
          "sheets": "Sign-up sheets"}
ACTIONS = {
    "open-space": ("open-space", "Claim a free slot or mark interest"),
    "shifts": ("volunteer", "Sign up for a shift"),
    "booths": ("volunteer/booths", "Take a booth or hand it over"),
    "room": ("open-space", "See the whole open-space grid"),
    "sheets": ("sheets", "Give a talk, join a dinner or a sprint"),
}


class PageError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class Panel:
    """One board on a page: what the browser subscribes to and how it draws it."""

    board: str  # the Socket.IO board name
    kind: str  # "open-space", "shifts", "booths", "sheets" or "room"
    title: str
    subtitle: str = ""
    day: str | None = None  # YYYY-MM-DD for day-based boards
    action_url: str = ""
    action_label: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def config(self) -> dict[str, Any]:
        return {"board": self.board, "kind": self.kind, "day": self.day}

    def qr(self) -> Any:
        return qr_svg(self.action_url)


def _conference() -> dict[str, Any]:
    settings = services().app.conference().settings
    return {"name": settings.get("name") or "Conference",
            "time_zone": settings.get("time_zone") or "UTC"}


def _now() -> datetime:
    return services().app.clock()


def _public_url(path: str) -> str:
    base = os.environ.get(PUBLIC_URL_ENV) or request.host_url
    return urljoin(base.rstrip("/") + "/", path)


def _day_label(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B}"


def _board_data(board: str) -> dict[str, Any]:
    _position, data = services().boards.board(board)
    return data


def _panel(kind: str, conference: dict[str, Any], room_id: str | None = None) -> Panel:
    tz = zone(conference["time_zone"])
    asked = request.args.get("day")
    path, label = ACTIONS[kind]
    action_url = _public_url(path)
    if kind == "open-space":
        slots = _board_data("open-space")["slots"]
        day = pick_day(asked, (s["starts_at"] for s in slots), tz, _now())
        return Panel("open-space", kind, TITLES[kind], _day_label(day), day.isoformat(),
                     action_url, label)
    if kind == "shifts":
        shifts = _board_data("shifts")["shifts"]
        day = pick_day(asked, (s["starts_at"] for s in shifts), tz, _now())
        return Panel("shifts", kind, TITLES[kind], _day_label(day), day.isoformat(),
                     action_url, label)
    if kind == "booths":
        return Panel("booths", kind, TITLES[kind], "Who is at each booth now", None,
                     action_url, label)
    if kind == "sheets":
        return Panel("sheets", kind, TITLES[kind], "Lightning talks · dinners · sprints",
                     None, action_url, label)
    assert room_id is not None
    if not ROOM_ID.fullmatch(room_id):
        raise PageError(404, "There is no such room.")
    try:
        data = _board_data(f"rooms/{room_id}")
    except NotFound:
        raise PageError(404, "There is no such room. The start page lists the rooms.") from None
    room = data["room"]
    return Panel(f"rooms/{room_id}", "room", room["name"], "Open space: now and next", None,
                 action_url, label, {"capacity": room.get("capacity")})


def _announcements(now: datetime) -> list[dict[str, Any]]:
    """Those in force when the page is served; the browser keeps them live."""
    return in_force(_board_data("announcements")["announcements"], now)


def _render(panels: list[Panel], title: str, interval: int | None = None) -> ResponseReturnValue:
    conference = _conference()
    tz = zone(conference["time_zone"])
    now = _now().astimezone(tz)
    version = current_app.extensions[VERSION_KEY]
    page = {
        "conference": conference,
        "asset_version": version,
        "version_url": url_for("kiosk.version"),
        "board_url": url_for("api.board", board="BOARD").replace("BOARD", ""),
        "panels": [p.config() for p in panels],
        "interval": interval,
        "grace_minutes": GRACE_MINUTES,
        # Without ?day= the page reloads when the conference's day changes, so that
        # the day rule is applied again.
        "day_fixed": bool(request.args.get("day")),
        "today": now.date().isoformat(),
    }
    html = render_template(
        "kiosk/board.html", title=title, panels=panels, conference=conference,
        page=page, version=version, clock=f"{now:%H:%M}",
        clock_date=_day_label(now.date()), announcements=_announcements(now),
    )
    return _fresh(Response(html, mimetype="text/html"))


def _fresh(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


def _error(error: PageError) -> ResponseReturnValue:
    html = render_template("kiosk/error.html", status=error.status, message=error.message,
                           version=current_app.extensions[VERSION_KEY])
    return _fresh(Response(html, status=error.status, mimetype="text/html"))


def _guarded(make: Any) -> ResponseReturnValue:
    try:
        return make()
    except PageError as error:
        return _error(error)
    except BadDay as error:
        return _error(PageError(400, str(error)))


@bp.get("/kiosk/open-space")
def open_space() -> ResponseReturnValue:
    return _guarded(lambda: _render([_panel("open-space", _conference())], "Open space"))


@bp.get("/kiosk/shifts")
def shifts() -> ResponseReturnValue:
    return _guarded(lambda: _render([_panel("shifts", _conference())], "Volunteer shifts"))


@bp.get("/kiosk/booths")
def booths() -> ResponseReturnValue:
    return _guarded(lambda: _render([_panel("booths", _conference())], "Booths"))


@bp.get("/kiosk/sheets")
def sheets() -> ResponseReturnValue:
    return _guarded(lambda: _render([_panel("sheets", _conference())], "Sign-up sheets"))


@bp.get("/kiosk/rooms/<room_id>")
def room(room_id: str) -> ResponseReturnValue:
    def make() -> ResponseReturnValue:
        panel = _panel("room", _conference(), room_id)
        return _render([panel], panel.title)

    return _guarded(make)


def rotation(boards: str | None, room_id: str | None) -> list[tuple[str, str | None]]:
    """The (kind, room id) of each board a rotating kiosk shows, from its query string.

    ``boards`` is a comma-separated list of ``open-space``, ``shifts``, ``booths``, ``sheets``,
    ``room`` (the room named by ``room=ID``) and ``rooms/ID``; ``room=ID`` alone adds
    that room's board to the default rotation.
    """
    names = [n.strip() for n in (boards or "").split(",") if n.strip()]
    if not names:
        names = list(DEFAULT_ROTATION)
        if room_id:
            names.append("room")
    chosen: list[tuple[str, str | None]] = []
    for name in names:
        if name in BOARD_NAMES:
            chosen.append((name, None))
        elif name == "room":
            if not room_id:
                raise PageError(400, "'room' in boards needs room=ROOM_ID.")
            chosen.append(("room", room_id))
        elif name.startswith("rooms/"):
            chosen.append(("room", name.removeprefix("rooms/")))
        else:
            raise PageError(400, f"'{name[:40]}' is not a board; use open-space, shifts, "
                                 "booths, sheets, room or rooms/ROOM_ID.")
    if room_id and ("room", room_id) not in chosen:
        chosen.append(("room", room_id))
    return chosen


def _interval(text: str | None) -> int:
    if not text:
        return DEFAULT_INTERVAL
    try:
        seconds = validation.whole_number(text, "interval")
    except InvalidInput:
        raise PageError(400, "interval is a number of seconds, such as 20.") from None
    low, high = INTERVAL_RANGE
    return max(low, min(high, seconds))


@bp.get("/kiosk")
def rotating() -> ResponseReturnValue:
    def make() -> ResponseReturnValue:
        conference = _conference()
        chosen = rotation(request.args.get("boards"), request.args.get("room") or None)
        panels = [_panel(kind, conference, room_id) for kind, room_id in chosen]
        return _render(panels, "Boards", _interval(request.args.get("interval")))

    return _guarded(make)


@bp.get("/kiosk/version")
def version() -> ResponseReturnValue:
    """What a kiosk compares with its page: it reloads when either changes."""
    now = datetime.now().astimezone()
    return _fresh(current_app.json.response({
        "asset_version": current_app.extensions[VERSION_KEY],
        "conference": _conference(),
        "server_time": now.isoformat(),
    }))


@dataclass
class _Link:
    url: str
    label: str


@bp.get("/")
def start() -> ResponseReturnValue:
    """A plain start page: where people act, and every board for screens."""
    conference = _conference()
    rooms = _board_data("open-space")["rooms"]
    boards = [_Link(url_for("kiosk.open_space"), "Open-space grid"),
              _Link(url_for("kiosk.shifts"), "Volunteer shifts"),
              _Link(url_for("kiosk.booths"), "Booths"),
              _Link(url_for("kiosk.sheets"), "Sign-up sheets: talks, dinners, sprints"),
              _Link(url_for("kiosk.rotating"), "All boards, rotating")]
    room_links = [_Link(url_for("kiosk.room", room_id=r["id"]), r["name"]) for r in rooms]
    people = [_Link("/open-space", "Open space: claim a slot, mark interest"),
              _Link("/volunteer", "Volunteers: shifts and booths"),
              _Link("/organizer", "Organizers")]
    html = render_template("kiosk/start.html", conference=conference,
                           boards=[asdict(b) for b in boards],
                           rooms=[asdict(r) for r in room_links],
                           people=[asdict(p) for p in people],
                           version=current_app.extensions[VERSION_KEY])
    return _fresh(Response(html, mimetype="text/html"))
