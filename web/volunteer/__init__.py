"""The volunteer's pages: open shifts by day (``/volunteer``), my shifts with check-in and
a calendar feed (``/volunteer/mine``), and booths with handoffs (``/volunteer/booths``).

Every page works without JavaScript: each action is a plain form (with a CSRF token and
an idempotency key made when the page was rendered) that posts to a page route, runs
the command for the signed-in person and redirects back with a message. With
JavaScript (web/static/volunteer/volunteer.js) the same forms go through the JSON API
with the same key, the card acted on is redrawn by the server, and the shifts and
booths boards keep the pages live.
"""

from __future__ import annotations

from web.volunteer import booths, mine, shifts  # register the routes on ``bp``
from web.volunteer.blueprint import bp

__all__ = ["booths", "bp", "mine", "shifts"]
