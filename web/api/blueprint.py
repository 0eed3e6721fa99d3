"""The API blueprint, ``api``, and its error handlers; the area modules add their routes.

The handlers for HTTP errors, an unreachable store and bugs are app-wide (routing
errors never reach a blueprint's own handlers); each answers JSON under /api/ only
(web/shared/errors.py).
"""

from __future__ import annotations

from eventsourcing.persistence import PersistenceError
from flask import Blueprint
from werkzeug.exceptions import HTTPException

from coordinator.errors import DomainError
from web.shared.errors import domain_error, http_error, store_unavailable, unexpected

api = Blueprint("api", __name__)
api.register_error_handler(DomainError, domain_error)
api.app_errorhandler(HTTPException)(http_error)
api.app_errorhandler(PersistenceError)(store_unavailable)
api.app_errorhandler(Exception)(unexpected)
