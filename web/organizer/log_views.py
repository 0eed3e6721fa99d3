"""The event log (``/organizer/log``): export and import (the same JSONL as
``coordinator export`` and ``import``), rebuild every read model with progress, and
verify them against the log (as ``coordinator verify`` does, and the live boards too).
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from typing import Any

from flask import Response, current_app, flash, jsonify, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError, validate_csrf
from wtforms import ValidationError

from coordinator.errors import DomainError
from coordinator.event_log import event_to_dict, import_events, iter_notifications
from projections.engine.checkpoints import CheckpointStore
from projections.engine.runner import code_version
from projections.verify.check import verify
from web.bodies import allow_body
from web.organizer.auth import organizer_name
from web.organizer.blueprint import bp
from web.organizer.common import render
from web.organizer.jobs import Progress, jobs
from web.security import csrf
from web.services import services
from web.shared.history import history_index

MAX_IMPORT_BYTES = 2 * 1024 ** 3  # an exported log of a large conference fits


@bp.get("/log")
def event_log() -> ResponseReturnValue:
    app = services().app
    job = jobs(current_app).current
    return render("organizer/log.html", active="log",
                  last=app.recorder.max_notification_id() or 0,
                  checkpoints=CheckpointStore(app.recorder, code_version()).count(),
                  board_position=services().boards.position,
                  checkpoint_every=services().boards.checkpoint_every,
                  job=job.as_dict() if job else None)


@bp.get("/log/export.jsonl")
def export() -> ResponseReturnValue:
    """The whole log as it is now, one event a line, streamed as it is read."""
    app = services().app
    last = app.recorder.max_notification_id() or 0

    def lines() -> Iterator[str]:
        for notification in iter_notifications(app.recorder, 0, last):
            yield json.dumps(event_to_dict(notification, app.mapper),
                             separators=(",", ":")) + "\n"

    name = f"coordinator-events-{last}.jsonl"
    return Response(lines(), mimetype="application/x-ndjson",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _started(name: str, work: Any) -> ResponseReturnValue:
    job = jobs(current_app).start(name, organizer_name() or "organizer", work)
    if job is None:
        flash("Another log operation is running; wait for it to finish.", "error")
    return redirect(url_for("organizer.event_log") + "#job", code=303)


@bp.post("/log/import")
@csrf.exempt  # checked below, after the upload limit is raised for this request
@allow_body(MAX_IMPORT_BYTES)
def import_log() -> ResponseReturnValue:
    try:
        validate_csrf(request.form.get("csrf_token"))
    except (ValidationError, CSRFError):
        return render("organizer/refused.html", active="log", status=400)
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        flash("Choose an event log file (.jsonl) to import.", "error")
        return redirect(url_for("organizer.event_log"), code=303)
    if services().app.recorder.max_notification_id():
        flash("This store already holds events; import an event log only into an empty "
              "store.", "error")
        return redirect(url_for("organizer.event_log"), code=303)
    handle, path = tempfile.mkstemp(prefix="coordinator-import-", suffix=".jsonl")
    with os.fdopen(handle, "wb") as out:
        upload.save(out)
    found = services()

    def work(progress: Progress) -> tuple[bool, str, list[str]]:
        try:
            with open(path, encoding="utf-8") as counting:
                total = sum(1 for line in counting if line.strip())
            with open(path, encoding="utf-8") as lines:
                count = import_events(found.app, lines, progress, total=total)
        except DomainError as error:
            return False, f"Nothing was imported. {error.message}", []
        except UnicodeDecodeError:
            return False, "Nothing was imported: the file is not UTF-8 text.", []
        finally:
            os.unlink(path)
        found.follower.wake.set()
        return True, f"Imported {count} events.", []

    return _started("import", work)


@bp.post("/log/rebuild")
def rebuild() -> ResponseReturnValue:
    found, index = services(), history_index()

    def work(progress: Progress) -> tuple[bool, str, list[str]]:
        position = found.boards.rebuild(progress)
        index.rebuild(progress)
        return True, f"Rebuilt the boards and the history up to position {position}.", []

    return _started("rebuild", work)


@bp.post("/log/verify")
def verify_log() -> ResponseReturnValue:
    found, index = services(), history_index()

    def work(progress: Progress) -> tuple[bool, str, list[str]]:
        runner = found.boards
        live = runner.read(lambda states: (runner.position, json.loads(json.dumps(states))))
        report = verify(found.app, live, progress, history=index)
        return report.ok, report.summary(), [str(d) for d in report.differences[:100]]

    return _started("verify", work)


@bp.get("/log/job")
def job_status() -> ResponseReturnValue:
    job = jobs(current_app).current
    return jsonify(job=job.as_dict() if job else None)
