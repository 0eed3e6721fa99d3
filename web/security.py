"""CSRF protection for forms, the security headers every page carries, and cookies.

The JSON API is exempt from CSRF: it authenticates with bearer tokens, never cookies,
so another site cannot make a browser send one of its requests with credentials.

Behind a TLS proxy (docs/deployment.md) the proxy says ``X-Forwarded-Proto: https``;
only that header is trusted (never X-Forwarded-For, which any client can write), so a
request that came over HTTPS gets a Secure session cookie and HSTS.
"""

from __future__ import annotations

from flask import Flask, Request, Response, render_template, request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

csrf = CSRFProtect()

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'self'"
)
HSTS = "max-age=31536000"


class SessionCookies(SecureCookieSessionInterface):
    """Flask's signed cookie, Secure whenever the request came over HTTPS."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"]) or request.is_secure

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        # Most requests (the API's, the kiosks') send no cookie: an empty session needs
        # no signing serializer, which Flask builds anew for every request.
        if app.secret_key and not request.cookies.get(self.get_cookie_name(app)):
            return self.session_class()
        return super().open_session(app, request)


def init_app(app: Flask) -> None:
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", None)  # a form left open all day still works
    # Flask's defaults hold these keys already (SameSite None), so setdefault would not do.
    # Lax, not Strict: a personal sign-in link opened from a mail or chat must work.
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    app.session_interface = SessionCookies()
    app.wsgi_app = ProxyFix(app.wsgi_app, x_for=0, x_proto=1, x_host=0)  # type: ignore[method-assign]
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
    response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")  # frame-ancestors, older
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    return response
