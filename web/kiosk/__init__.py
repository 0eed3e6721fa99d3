"""Kiosk boards: full-screen, live pages for screens around the venue (see docs/boards.md).

The pages are thin: the server renders the frame (titles, the day shown, the QR code,
the conference clock) and the browser fills in the board from a ``board_snapshot``
and keeps it live with ``board_patch`` messages on the ``/boards`` Socket.IO
namespace. ``/`` is a small start page that links to every board.
"""

from __future__ import annotations

from web.kiosk import views  # registers the routes on ``bp``
from web.kiosk.blueprint import VERSION_KEY, bp

__all__ = ["VERSION_KEY", "bp", "views"]
