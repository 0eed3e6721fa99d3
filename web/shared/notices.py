"""What organizers did to a person's open-space sessions, with their reasons: the
person's notices, read from the history index. The API answers them
(web/organizer/notices.py) and the open-space page shows them."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from projections.history.index import LAG_LIMIT
from projections.history.query import Filters
from projections.history.words import text_of
from web.shared.history import history_index

TYPES = ["OpenSpaceSlot.Released", "OpenSpaceSlot.SessionMovedOut"]
LIMIT = 50


def notices_for(person_id: UUID, wait: bool = True) -> list[dict[str, Any]]:
    """The moves and cancellations others made to the person's sessions, newest first.
    With ``wait=False`` (a page that must not stall) an index far behind the log gives
    none for now and catches up in the background."""
    index = history_index()
    if not wait and index.behind() > LAG_LIMIT:
        index.catch_up_in_background()
        return []
    rows = index.query(Filters(types=TYPES, subjects=[f"person:{person_id.hex}"]),
                       limit=LIMIT)
    return [
        {"position": row.position, "type": row.type, "by": row.by,
         "at": datetime.fromisoformat(row.timestamp).isoformat() if row.timestamp else None,
         "text": text_of(row.parts)}
        for row in rows if row.by]
