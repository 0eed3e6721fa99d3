"""Coordinator's web layer: the Flask app, its Socket.IO boards and the command line.

``create_app`` is imported on first use, not here: ``coordinator serve`` in gevent mode
(``web/main.py``) must monkey-patch the standard library before Flask, ssl, redis or
psycopg are imported, and importing any ``web`` module runs this file first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from web.app import create_app

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from web.app import create_app

        return create_app
    raise AttributeError(f"module 'web' has no attribute {name!r}")
