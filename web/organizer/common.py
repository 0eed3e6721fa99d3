"""What the organizer pages share: the clock and time zone, times typed in forms,
running a command as the signed-in organizer, and rendering with the layout's context."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from flask import redirect, render_template, request
from flask.typing import ResponseReturnValue

from coordinator.core.commands import Outcome
from coordinator.errors import InvalidInput
from projections.boards.overview import States
from web.forms import new_key, page_id, run_form, safe_next
from web.organizer.auth import organizer_name
from web.organizer.blueprint import bp
from web.services import services
from web.shared.days import zone

T = TypeVar("T")
SCOPE = "organizer"  # idempotency keys of organizer forms, as for the admin token


def time_zone() -> ZoneInfo:
    return zone(services().app.conference().settings.get("time_zone"))


def now() -> datetime:
    return services().app.clock()


def today() -> date:
    return now().astimezone(time_zone()).date()


def read(reader: Callable[[States], T]) -> T:
    """A query over the boards' states, up to date with the store."""
    return services().boards.read(reader)


parse_id = page_id  # ids in URLs and forms: 404 for anything else


def local_moment(text: str | None, field: str) -> datetime:
    """A time typed in a form (``datetime-local``: 2026-05-15T09:00) in the conference's
    time zone; a time with an offset is taken as it is."""
    text = (text or "").strip()
    if not text:
        raise InvalidInput(f"'{field}' is required.")
    try:
        moment = datetime.fromisoformat(text) if len(text) <= 40 else None
    except ValueError:
        moment = None
    if moment is None:
        raise InvalidInput(f"'{field}' must be a date and time such as 2026-05-15 09:00.")
    return moment if moment.tzinfo else moment.replace(tzinfo=time_zone())


def back(default: str) -> str:
    return safe_next(request.form.get("next"), default)


def act(run: Callable[..., Outcome], *args: Any, done: str, default: str,
        **kwargs: Any) -> ResponseReturnValue:
    """Run a command as the signed-in organizer (recorded as ``by``), flash what
    happened (or why not) and go back to the form's page."""
    run_form(run, *args, scope=SCOPE, done=done, by=organizer_name(), **kwargs)
    return redirect(back(default), code=303)


def render(template: str, *, active: str, status: int = 200,
           **context: Any) -> ResponseReturnValue:
    return render_template(template, active=active, here=here(), **context), status


def here() -> str:
    return request.full_path.rstrip("?")


@bp.app_context_processor
def organizer_context() -> dict[str, Any]:
    """For the organizer layout (the names are prefixed: other areas share Jinja)."""
    if request.blueprint != "organizer":
        return {}
    settings = services().app.conference().settings
    return {"org_name": organizer_name(), "org_conference": settings.get("name") or
            "Coordinator", "org_zone": settings.get("time_zone") or "UTC",
            "new_key": new_key}


def _local(value: str | datetime | None) -> datetime | None:
    if value is None or value == "":
        return None
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.astimezone(time_zone())


@bp.app_template_filter("org_time")
def org_time(value: str | datetime | None) -> str:
    moment = _local(value)
    return f"{moment:%H:%M}" if moment else ""


@bp.app_template_filter("org_when")
def org_when(value: str | datetime | None) -> str:
    moment = _local(value)
    return f"{moment:%a %d %b %H:%M}" if moment else ""


@bp.app_template_filter("org_day")
def org_day(value: str | date | None) -> str:
    if value is None or value == "":
        return ""
    day = date.fromisoformat(value) if isinstance(value, str) else value
    return f"{day:%A} {day.day} {day:%B}"


@bp.app_template_filter("org_input")
def org_input(value: str | datetime | None) -> str:
    """A time for a ``datetime-local`` field, in the conference's time zone."""
    moment = _local(value)
    return f"{moment:%Y-%m-%dT%H:%M}" if moment else ""
