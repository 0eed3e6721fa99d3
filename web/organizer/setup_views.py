"""Set-up (``/organizer/setup``): load a YAML set-up file or the demo, and the
conference settings (name, time zone, join code, cancellation cutoff, claim window).

A set-up file is checked whole and stored in one atomic save by the same code as
``coordinator load`` (``coordinator.setup.file``), so the page refuses a file with
the same message, naming the line, and then stores nothing.
"""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, request, url_for
from flask.typing import ResponseReturnValue

from coordinator import validation
from coordinator.core.commands import Outcome
from coordinator.errors import DomainError, InvalidInput
from coordinator.setup import file as setup_file
from web.forms import form_key
from web.organizer.auth import organizer_name
from web.organizer.blueprint import bp
from web.organizer.common import SCOPE, act, read, render
from web.services import services

MINUTE_FIELDS = ("cancellation_cutoff_minutes", "claim_closes_minutes_before")
# A set-up file bigger than this is not a conference set-up.
MAX_FILE_BYTES = 512 * 1024


@bp.get("/setup")
def setup() -> ResponseReturnValue:
    settings = services().app.conference().settings
    counts = read(lambda s: {
        "rooms": len(s["open-space"]["rooms"]), "slots": len(s["open-space"]["slots"]),
        "booths": sum(not b["closed"] for b in s["booths"]["booths"].values()),
        "shifts": sum(not x["cancelled"] for x in s["shifts"]["shifts"].values()),
        "people": len(s["booths"]["names"]),
    })
    return render("organizer/setup.html", active="setup", settings=settings, counts=counts)


def _summary(outcome: Outcome) -> str:
    created, unchanged = outcome.result["created"], outcome.result["unchanged"]
    made = ", ".join(f"{n} {kind}" for kind, n in created.items() if n) or "nothing new"
    kept = ", ".join(f"{n} {kind}" for kind, n in unchanged.items() if n)
    return f"Stored: {made}." + (f" Already there: {kept}." if kept else "")


@bp.post("/setup/file")
def load_file() -> ResponseReturnValue:
    upload = request.files.get("file")
    target = url_for("organizer.setup")
    if upload is None or not upload.filename:
        flash("Choose a set-up file (YAML) to load.", "error")
        return redirect(target, code=303)
    filename = upload.filename.rsplit("/", 1)[-1][:100]
    data = upload.read(MAX_FILE_BYTES + 1)
    try:
        if len(data) > MAX_FILE_BYTES:
            raise InvalidInput(f"{filename}: the file is larger than 512 KB.")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = data[:error.start].count(b"\n") + 1
            raise setup_file.SetupFileError(filename, line, "the file is not UTF-8 text.") \
                from None
        plan = setup_file.parse(text, filename)
        outcome = setup_file.store(services().app, plan, idempotency=form_key(SCOPE),
                                   by=organizer_name())
    except DomainError as error:
        flash(error.message, "error")
        return redirect(target, code=303)
    flash(f"Loaded {filename}. {_summary(outcome)}", "ok")
    return redirect(target, code=303)


@bp.post("/setup/demo")
def load_demo() -> ResponseReturnValue:
    """The bundled PyCon-like demo, moved so that day 1 is today; with people acting in it
    when the store has nobody registered yet."""
    from coordinator.demo.activity import seed_activity

    app = services().app
    target = url_for("organizer.setup")
    try:
        outcome = _store_demo()
    except DomainError as error:
        flash(error.message, "error")
        return redirect(target, code=303)
    message = f"Loaded the demo conference. {_summary(outcome)}"
    if request.form.get("activity") and not read(lambda s: len(s["booths"]["names"])):
        done = seed_activity(app)
        message += f" {done} demo actions by volunteers and attendees."
    flash(message, "ok")
    return redirect(target, code=303)


def _store_demo() -> Outcome:
    from importlib import resources
    from zoneinfo import ZoneInfo

    app = services().app
    text = resources.files("coordinator").joinpath("demo", setup_file.DEMO_FILE) \
        .read_text("utf-8")
    zone = ZoneInfo(setup_file.parse(text, setup_file.DEMO_FILE).time_zone)
    plan = setup_file.parse(text, setup_file.DEMO_FILE,
                            start=app.clock().astimezone(zone).date())
    return setup_file.store(app, plan, idempotency=form_key(SCOPE), by=organizer_name())


@bp.post("/setup/settings")
def change_settings() -> ResponseReturnValue:
    form = request.form

    def change(**kwargs: Any) -> Outcome:
        changes: dict[str, Any] = {}
        for key in ("name", "time_zone"):
            if key in form:
                changes[key] = form[key].strip()
        if "join_code" in form:
            changes["join_code"] = form["join_code"].strip() or None
        for key in MINUTE_FIELDS:
            if key in form:
                changes[key] = validation.whole_number(form[key], key)
        return services().app.change_settings(changes, **kwargs)

    return act(change, done="Settings saved.", default=url_for("organizer.setup"))
