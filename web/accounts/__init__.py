"""Signing people in on their phones: a name (and the join code), then a long-lived
signed session cookie; a personal link signs the same person in on another device.
The session itself is web/shared/browser_session.py: other blueprints read it too."""

from __future__ import annotations

from web.accounts import views  # registers the routes on ``bp``
from web.accounts.blueprint import bp

__all__ = ["bp", "views"]
