"""The kiosk blueprint, and the asset version it computes once, when the app is built
(see web/kiosk/assets.py); web/kiosk/views.py adds the routes."""

from __future__ import annotations

from flask import Blueprint
from flask.blueprints import BlueprintSetupState

from web.kiosk.assets import asset_version

bp = Blueprint("kiosk", __name__)

VERSION_KEY = "kiosk_asset_version"


@bp.record_once
def _remember_version(state: BlueprintSetupState) -> None:
    state.app.extensions[VERSION_KEY] = asset_version()
