"""CSRF protection for forms, and the security headers every page carries.

The JSON API is exempt from CSRF: it authenticates with bearer tokens, never cookies,
so another site cannot make a browser send one of its requests with credentials.
"""

from __future__ import annotations

from flask import Flask, Response, render_template
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError, CSRFProtect

csrf = CSRFProtect()

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'self'"
)


def init_app(app: Flask) -> None:
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", None)  # a form left open all day still works
    app.config.setdefault("SESSION_COOKIE_HTTPONLY", True)
    app.config.setdefault("SESSION_COOKIE_SAMESITE", "Lax")
    csrf.init_app(app)
    app.after_request(security_headers)
    app.register_error_handler(CSRFError, refused_form)


def refused_form(error: CSRFError) -> ResponseReturnValue:
    return render_template(
        "app/message.html", title="Please try that again",
        message="The form was too old or came from elsewhere, so nothing was done. "
                "Reload the page and send it again.",
    ), 400


def security_headers(response: Response) -> Response:
    # Defence in depth on pages the whole venue sees: no inline script, no other origin.
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    return response
