"""Error answers: every failure under /api/v1 answers ``{"error": {"code", "message"}}``,
never an HTML page; pages get a page. The API blueprint registers the handlers
(web/api/blueprint.py); the rate limits, the outage guard and the notices answer
with ``error_response`` and ``unavailable`` too."""

from __future__ import annotations

from urllib.parse import urlsplit

from eventsourcing.persistence import PersistenceError
from flask import current_app, jsonify, make_response, render_template, request
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException

from coordinator.core.refusals import refuses_writes
from coordinator.errors import DomainError
from web.bodies import body_limit
from web.forms import safe_next

RETRY_AFTER_SECONDS = 2

_HTTP_CODES = {
    400: "invalid_input",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    415: "invalid_input",
    429: "rate_limited",
}


def error_response(status: int, code: str, message: str) -> ResponseReturnValue:
    return jsonify(error={"code": code, "message": message}), status


def domain_error(error: DomainError) -> ResponseReturnValue:
    return error_response(error.status, error.code, error.message)


def http_error(error: HTTPException) -> ResponseReturnValue:
    """JSON for API paths (routing errors never reach a blueprint's own handlers)."""
    if error.code == 413:
        return too_large()
    if not request.path.startswith(api_prefix()):
        return error
    status = error.code or 500
    code = _HTTP_CODES.get(status, "error")
    message = error.description or error.name
    if status == 415:
        # The contract has one status for every invalid_input: 400.
        status = 400
    return error_response(status, code, message)


def too_large() -> ResponseReturnValue:
    """413, JSON on the API and a page elsewhere, and the connection closes: the server
    reads little or nothing more of the body (web/bodies.py, web/gevent_server.py)."""
    megabytes = f"{body_limit() / 1024 ** 2:g} MB"
    if request.path.startswith(api_prefix()):
        response = jsonify(error={
            "code": "too_large", "message": f"The request body is too large ({megabytes} "
                                            "at most)."})
    else:
        response = make_response(render_template(
            "app/message.html", title="That was too much",
            message=f"What you sent is larger than {megabytes}, so nothing was done. "
                    "Send something smaller.",
        ))
    response.status_code = 413
    response.headers["Connection"] = "close"
    return response


def store_unavailable(error: PersistenceError) -> ResponseReturnValue:
    """The database is down, locked, full or read-only: nothing was stored (a save is
    atomic), and a retry later will work."""
    refusing = refuses_writes(error)
    current_app.logger.warning("store %s: %s", "refuses writes" if refusing else "unavailable",
                               error)
    return unavailable(refusing=refusing)


def unavailable(refusing: bool = False) -> ResponseReturnValue:
    """503 with Retry-After: JSON on the API; on pages, a page that says so and reloads.
    ``refusing``: the store is there but cannot write (a full disk, read-only)."""
    if request.path.startswith(api_prefix()):
        why = ("cannot save anything right now (its disk is full or it is read-only)"
               if refusing else "is not reachable right now")
        response = jsonify(error={
            "code": "unavailable",
            "message": f"The event store {why}; nothing was stored. Retry shortly.",
        })
    else:
        why = "cannot save changes" if refusing else "cannot reach its database"
        response = make_response(render_template(
            "app/message.html", title="One moment, please",
            message=f"The system {why} right now, so nothing was changed. Try again in "
                    "a few seconds.",
        ))
        target = _reload_target()
        response.headers["Refresh"] = str(RETRY_AFTER_SECONDS * 5) + (
            f"; url={target}" if target else "")
    response.status_code = 503
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _reload_target() -> str | None:
    """Where the page reloads to: itself after a GET; after a form, the page the form
    was on (reloading a POST's answer would ask for the form's action, which is no page)."""
    if request.method in ("GET", "HEAD"):
        return None
    target = request.form.get("next")
    if not target and request.referrer:
        parts = urlsplit(request.referrer)
        if parts.netloc == request.host:
            target = parts.path + (f"?{parts.query}" if parts.query else "")
    return safe_next(target, "/")


def unexpected(error: Exception) -> ResponseReturnValue:
    """A bug: log it and answer JSON for API paths, without details that help an attacker."""
    if isinstance(error, HTTPException):
        return http_error(error)
    current_app.logger.exception("unexpected error on %s", request.path)
    if not request.path.startswith(api_prefix()):
        return "Internal error", 500
    return error_response(500, "internal", "Something went wrong on our side.")


def api_prefix() -> str:
    return "/api/"
