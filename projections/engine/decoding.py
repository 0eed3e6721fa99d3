"""Domain events from stored rows: what the library's mapper makes, with less work per row.

``Mapper.to_domain_event`` decodes a row's JSON with a method as object hook, and its
``uuid_hex`` and ``datetime_iso`` transcodings each add a Python call (and ``UUID``
its string parsing) per value. Here the hook is a closure over the same transcodings,
with the library's UUID and datetime decoders swapped for equal, cheaper ones; ids,
which repeat across a log, are made once. Whatever this path does not expect (a
cipher or compressor, another transcoder, JSON the hook cannot take) goes to the
library's mapper, which decodes it the same way or raises its own error.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any
from uuid import UUID, SafeUUID

from eventsourcing.application import Application
from eventsourcing.persistence import (
    DatetimeAsISO,
    JSONTranscoder,
    StoredEvent,
    UUIDAsHex,
    find_id_convertor,
    pass_through_convertor,
)
from eventsourcing.utils import resolve_topic

# Every person, shift, slot and booth of a big conference, in a few megabytes; past
# that (handoffs, idempotency records) it starts over rather than grow.
KNOWN_IDS_LIMIT = 20_000
_known_ids: dict[str, UUID] = {}


def uuid_from_hex(text: str) -> UUID:
    """``UUID(text)``, made from the integer when ``text`` is 32 letters or digits (as the
    library stores ids): ``UUID.__init__`` would strip nothing from it and parse it the
    same way, so the result is equal."""
    found = _known_ids.get(text)
    if found is not None:
        return found
    if len(text) == 32 and text.isalnum():
        made = object.__new__(UUID)
        object.__setattr__(made, "int", int(text, 16))
        object.__setattr__(made, "is_safe", SafeUUID.unknown)
    else:
        made = UUID(text)
    if len(_known_ids) >= KNOWN_IDS_LIMIT:
        _known_ids.clear()
    _known_ids[text] = made
    return made


_new = object.__new__
_set_attribute = object.__setattr__

# A topic's class, its version, the type of id it was seen with, and the library's
# convertor for that type of id (None when it changes nothing).
EventClass = tuple[type, int, type, Callable[[Any], Any] | None]

# The library's transcodings, by type, and functions that decode exactly as they do
# for every value they accept (they assert ``str`` first; these fail on anything else).
EQUAL_DECODERS: dict[type, Callable[[Any], Any]] = {
    UUIDAsHex: uuid_from_hex,
    DatetimeAsISO: datetime.fromisoformat,
}


class EventDecoder:
    """``decode(topic, originator_id, originator_version, state)`` gives the domain event
    ``app.mapper.to_domain_event`` gives for that stored event: same type, same values."""

    def __init__(self, app: Application) -> None:
        self.mapper = app.mapper
        transcoder = self.mapper.transcoder
        self._classes: dict[str, EventClass] = {}
        self.decode = self._library_decode
        if (type(transcoder) is JSONTranscoder and self.mapper.cipher is None
                and self.mapper.compressor is None):
            decoders = {name: EQUAL_DECODERS.get(type(t), t.decode)
                        for name, t in transcoder.names.items()}

            def hook(obj: dict[str, Any]) -> Any:
                # The library's ``_decode_obj``: an unknown name raises KeyError here,
                # and the library, asked again, its own error.
                if len(obj) == 2 and "_type_" in obj and "_data_" in obj:
                    return decoders[obj["_type_"]](obj["_data_"])
                return obj

            self._scan = json.JSONDecoder(object_hook=hook).scan_once
            self.decode = self._fast_decode

    def _library_decode(self, topic: str, originator_id: UUID | str, originator_version: int,
                        state: bytes) -> Any:
        return self.mapper.to_domain_event(
            StoredEvent(originator_id, originator_version, topic, state))

    def _fast_decode(self, topic: str, originator_id: UUID | str, originator_version: int,
                     state: bytes) -> Any:
        try:
            text = state.decode("utf8")
            event_state, end = self._scan(text, 0)
            if end != len(text):  # whitespace after the object: the library's to take
                raise ValueError(end)
            found = self._classes.get(topic)
            if found is None or found[2] is not type(originator_id):
                found = self._classes[topic] = _event_class(topic, type(originator_id))
            cls, class_version, _, convert_id = found
            event_state["originator_id"] = (
                originator_id if convert_id is None else convert_id(originator_id))
            event_state["originator_version"] = originator_version
            from_version = event_state.pop("class_version", 1)
            while from_version < class_version:
                getattr(cls, f"upcast_v{from_version}_v{from_version + 1}")(event_state)
                from_version += 1
        except Exception:
            return self._library_decode(topic, originator_id, originator_version, state)
        event = _new(cls)
        _set_attribute(event, "__dict__", event_state)
        return event


def _event_class(topic: str, id_type: type) -> EventClass:
    cls = resolve_topic(topic)
    convert_id = find_id_convertor(cls, id_type)
    return (cls, getattr(cls, "class_version", 1), id_type,
            None if convert_id is pass_through_convertor else convert_id)
