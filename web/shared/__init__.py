"""What several blueprints use and none owns: the day a page shows (``days``), who the
browser belongs to (``browser_session``), error answers (``errors``), the calendar feed
(``calendar``), the history index and the notices drawn from it (``history``,
``notices``). Nothing here imports a blueprint package."""
