"""``/sheets`` ("Tonight" on the phone pages): lightning-talk sessions with the queue,
open dinner groups and sprint projects, and the ones a person joined or posted.

Like the volunteer pages, every action is a plain form (CSRF token, idempotency key)
that runs one command for the signed-in person and redirects back with a message.
With JavaScript (web/static/sheets/sheets.js) the page follows the ``sheets`` board and
draws its lists again from the server, so places left, the queue and "Yours" stay
right without a reload. ``announcements`` puts the organizers' news on every phone page.
"""

from __future__ import annotations

from web.sheets import announcements, views  # register the routes on ``bp``
from web.sheets.blueprint import bp

__all__ = ["announcements", "bp", "views"]
