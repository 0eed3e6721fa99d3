"""Shifts from a CSV file (``/organizer/shifts/import``): a preview first, then one save.

The preview parses the file (``coordinator.shifts.csv``) and compares it with the
shifts stored now: each line is new, already stored (skipped), or refused, and
every bad line is listed with its number. Nothing is stored until the organizer
confirms; the confirmation sends the same text back, which is checked again and
stored in one atomic save by ``coordinator.setup.file.store`` (a clash found then
refuses it all, as ``coordinator load`` does).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import flash, redirect, request, url_for
from flask.typing import ResponseReturnValue

from coordinator.errors import DomainError
from coordinator.setup import file as setup_file
from coordinator.shifts import csv as shift_csv
from projections.boards.overview import States, active_shifts
from web.forms import form_key
from web.organizer.auth import organizer_name
from web.organizer.blueprint import bp
from web.organizer.common import SCOPE, read, render
from web.services import services

MAX_BYTES = 256 * 1024


def _zone_name() -> str:
    return str(services().app.conference().settings.get("time_zone") or "UTC")


@bp.get("/shifts/import")
def import_shifts() -> ResponseReturnValue:
    return render("organizer/import.html", active="shifts", preview=None, text="",
                  filename="", error=None)


def _sent_text() -> tuple[str, str] | str:
    """The CSV text and file name sent (an upload or pasted text), or what is wrong."""
    upload = request.files.get("file")
    if upload is not None and upload.filename:
        data = upload.read(MAX_BYTES + 1)
        filename = upload.filename.rsplit("/", 1)[-1][:100]
    else:
        data = request.form.get("text", "").encode("utf-8")
        filename = (request.form.get("filename") or "pasted.csv")[:100]
    if not data.strip():
        return "Choose a CSV file or paste its lines."
    if len(data) > MAX_BYTES:
        return "The file is larger than 256 KB: split it in parts."
    try:
        return data.decode("utf-8-sig"), filename
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        return f"{filename}, line {line}: not UTF-8 text."


def _classify(parsed: shift_csv.ShiftCsv) -> list[dict[str, Any]]:
    """Each good line: new, or already stored (the same shift), or a clash (same role,
    place and time with other people or description), which is added to the problems."""

    def stored(states: States) -> dict[tuple[str, str, datetime, datetime], tuple[int, str]]:
        return {(s["role"], s["location"], datetime.fromisoformat(s["starts_at"]),
                 datetime.fromisoformat(s["ends_at"])): (s["capacity"], s["description"])
                for s in active_shifts(states)}

    existing = read(stored)
    rows = []
    for plan in parsed.shifts:
        found = existing.get((plan.role, plan.location, plan.starts_at, plan.ends_at))
        if found is None:
            status = "new"
        elif found == (plan.capacity, plan.description):
            status = "stored"
        else:
            status = "clash"
            parsed.problems.append((plan.line, f"a {plan.role} shift at '{plan.location}' "
                                    "then is already stored with other people or "
                                    "description; change it on the Shifts page instead."))
        rows.append({"line": plan.line, "role": plan.role, "location": plan.location,
                     "starts_at": plan.starts_at.isoformat(),
                     "ends_at": plan.ends_at.isoformat(), "capacity": plan.capacity,
                     "description": plan.description, "status": status})
    parsed.problems.sort()
    return rows


@bp.post("/shifts/import/preview")
def preview_import() -> ResponseReturnValue:
    sent = _sent_text()
    if isinstance(sent, str):
        return render("organizer/import.html", active="shifts", preview=None, text="",
                      filename="", error=sent, status=400)
    text, filename = sent
    parsed = shift_csv.parse(text, filename, _zone_name())
    rows = _classify(parsed)
    new = sum(row["status"] == "new" for row in rows)
    return render("organizer/import.html", active="shifts", text=text, filename=filename,
                  error=None, preview={"rows": rows, "problems": parsed.problems,
                                       "new": new, "stored": len(rows) - new})


@bp.post("/shifts/import/confirm")
def confirm_import() -> ResponseReturnValue:
    text = request.form.get("text", "")
    filename = (request.form.get("filename") or "shifts.csv")[:100]
    parsed = shift_csv.parse(text, filename, _zone_name())
    back = url_for("organizer.import_shifts")
    try:
        outcome = setup_file.store(services().app, parsed.plan(),
                                   idempotency=form_key(SCOPE), by=organizer_name())
    except DomainError as error:
        flash(f"Nothing was stored. {error.message}", "error")
        return redirect(back, code=303)
    created = outcome.result["created"]["shifts"]
    kept = outcome.result["unchanged"]["shifts"]
    flash(f"Imported {filename}: {created} shifts added"
          + (f", {kept} already there." if kept else "."), "ok")
    return redirect(url_for("organizer.shifts"), code=303)
