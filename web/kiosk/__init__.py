"""Kiosk boards: full-screen, live pages for screens around the venue (see docs/boards.md).

The pages are thin: the server renders the frame (titles, the day shown, the QR code,
the conference clock) and the browser fills in the board from a ``board_snapshot``
and keeps it live with ``board_patch`` messages on the ``/boards`` Socket.IO
namespace. ``/`` is a small start page that links to every board.
"""

from __future__ import annotations

from flask import Blueprint
from flask.blueprints import BlueprintSetupState

from web.kiosk.assets import asset_version

bp = Blueprint("kiosk", __name__)

# The asset version is computed once, when the app is built (see web/kiosk/assets.py).
VERSION_KEY = "kiosk_asset_version"


@bp.record_once
def _remember_version(state: BlueprintSetupState) -> None:
    state.app.extensions[VERSION_KEY] = asset_version()


from web.kiosk import views  # noqa: E402  (registers the routes on ``bp``)

__all__ = ["bp", "views"]
