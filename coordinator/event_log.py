"""Export and import of the whole event log, one JSON object a line (JSONL).

Each line holds one stored event, in position order::

    {"position": 7, "type": "Shift.SignedUp", "topic": "coordinator.shift:Shift.SignedUp",
     "aggregate_id": "<32 hex digits>", "version": 2, "timestamp": "2025-05-14T09:00:00+00:00",
     "data": {...}}

``data`` is the event's stored state exactly as the library's JSON transcoder wrote
it, ``{"_type_": "uuid_hex", "_data_": ...}`` wrappers included, so an import
stores byte-identical state. ``type`` and ``timestamp`` are there for people
reading the file; an import checks that they agree with ``topic`` and ``data``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import Any, TextIO
from uuid import UUID

from eventsourcing.domain import Aggregate, CanInitAggregate, CanMutateAggregate
from eventsourcing.persistence import ApplicationRecorder, Mapper, Notification, StoredEvent
from eventsourcing.utils import resolve_topic

from coordinator.errors import DomainError, InvalidInput

PAGE_SIZE = 1000
FIELDS: dict[str, tuple[type, str]] = {
    "position": (int, "an integer"), "type": (str, "a string"), "topic": (str, "a string"),
    "aggregate_id": (str, "a string"), "version": (int, "an integer"),
    "timestamp": (str, "a string"), "data": (dict, "an object"),
}

Progress = Callable[[int, int], None]


class EventLogError(InvalidInput):
    """A line of an event log file is malformed; nothing was stored."""

    def __init__(self, line: int, problem: str) -> None:
        super().__init__(f"Line {line}: {problem}")
        self.line = line


class StoreNotEmpty(DomainError):
    code = "conflict"


# -- export ---------------------------------------------------------------------


def short_type(topic: str) -> str:
    """``coordinator.shift:Shift.SignedUp`` -> ``Shift.SignedUp``."""
    return topic.partition(":")[2] or topic


def _unwrap(value: Any) -> Any:
    """The transcoder's ``{"_type_", "_data_"}`` wrappers replaced by their plain data."""
    if isinstance(value, dict):
        if len(value) == 2 and "_type_" in value and "_data_" in value:
            return _unwrap(value["_data_"])
        return {k: _unwrap(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_unwrap(v) for v in value]
    return value


def _state_json(state: bytes, mapper: Mapper[Any] | None) -> Any:
    if mapper is not None and mapper.cipher is not None:
        state = mapper.cipher.decrypt(state)
    if mapper is not None and mapper.compressor is not None:
        state = mapper.compressor.decompress(state)
    return json.loads(state.decode("utf8"))


def _state_bytes(data: dict[str, Any], mapper: Mapper[Any]) -> bytes:
    # The same JSON spelling as the library's JSONTranscoder, so the bytes round-trip.
    state = json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode("utf8")
    if mapper.compressor is not None:
        state = mapper.compressor.compress(state)
    if mapper.cipher is not None:
        state = mapper.cipher.encrypt(state)
    return state


def event_to_dict(notification: Notification, mapper: Mapper[Any] | None = None, *,
                  plain: bool = False) -> dict[str, Any]:
    """One stored event as plain JSON-friendly data (see the module docstring).

    ``mapper`` (``app.mapper``) is only needed when the store compresses or encrypts.
    ``plain=True`` unwraps the transcoder's typed values (UUIDs become hex strings,
    datetimes ISO strings): easier to read, e.g. for ``GET /events``, but not for import.
    """
    data = _state_json(notification.state, mapper)
    stamp = _unwrap(data.get("timestamp")) if isinstance(data, dict) else None
    originator_id = notification.originator_id
    return {
        "position": notification.id,
        "type": short_type(notification.topic),
        "topic": notification.topic,
        "aggregate_id": originator_id.hex if isinstance(originator_id, UUID) else originator_id,
        "version": notification.originator_version,
        "timestamp": stamp if isinstance(stamp, str) else None,
        "data": _unwrap(data) if plain else data,
    }


def iter_notifications(recorder: ApplicationRecorder, after: int = 0, stop: int | None = None,
                       page_size: int = PAGE_SIZE) -> Iterator[Notification]:
    """Every notification after position ``after`` (up to ``stop``), read a page at a time."""
    while True:
        page = recorder.select_notifications(after, page_size, stop, inclusive_of_start=False)
        yield from page
        if len(page) < page_size:
            return
        after = page[-1].id


def export_events(app: Any, out: TextIO, progress: Progress | None = None, *,
                  page_size: int = PAGE_SIZE) -> int:
    """Write every stored event to ``out``, one JSON line each, in position order.

    Events stored after the export starts are left out, so the file is a consistent
    prefix of the log. ``progress(position, last_position)`` is called after each page.
    Returns the number of events written.
    """
    last = app.recorder.max_notification_id() or 0
    count = 0
    for notification in iter_notifications(app.recorder, 0, last, page_size):
        line = json.dumps(event_to_dict(notification, app.mapper), separators=(",", ":"))
        out.write(line + "\n")
        count += 1
        if progress is not None and count % page_size == 0:
            progress(notification.id, last)
    if progress is not None:
        progress(last, last)
    return count


# -- import ---------------------------------------------------------------------


def _parse(number: int, text: str) -> dict[str, Any]:
    try:
        row = json.loads(text)
    except ValueError as e:
        raise EventLogError(number, f"not valid JSON ({e}).") from None
    if not isinstance(row, dict):
        raise EventLogError(number, "expected a JSON object.")
    for name, (kind, label) in FIELDS.items():
        if name not in row:
            raise EventLogError(number, f"the field '{name}' is missing.")
        value = row[name]
        if not isinstance(value, kind) or isinstance(value, bool):
            raise EventLogError(number, f"'{name}' must be {label}.")
    return row


class _Checker:
    """Validates lines one by one, remembering what the order rules need."""

    def __init__(self, mapper: Mapper[Any]) -> None:
        self.mapper = mapper
        self.position = 0
        self.versions: dict[UUID, int] = {}

    def stored_event(self, number: int, text: str) -> StoredEvent:
        row = _parse(number, text)
        position, version, topic = row["position"], row["version"], row["topic"]
        if position <= self.position:
            raise EventLogError(number, f"position {position} does not follow {self.position}.")
        try:
            aggregate_id = UUID(row["aggregate_id"])
        except ValueError:
            raise EventLogError(number, "'aggregate_id' is not a UUID.") from None
        expected = self.versions.get(aggregate_id, 0) + 1
        if version != expected:
            raise EventLogError(
                number, f"aggregate {aggregate_id.hex} has version {version}; "
                f"expected {expected} (versions start at 1 and have no gaps).")
        self._check_class(number, topic, version)
        if row["type"] != short_type(topic):
            raise EventLogError(number, f"'type' {row['type']!r} does not match the topic.")
        stored = StoredEvent(originator_id=aggregate_id, originator_version=version,
                             topic=topic, state=_state_bytes(row["data"], self.mapper))
        self._check_data(number, stored, row["timestamp"])
        self.position = position
        self.versions[aggregate_id] = version
        return stored

    @staticmethod
    def _check_class(number: int, topic: str, version: int) -> None:
        try:
            cls = resolve_topic(topic)
        except Exception:
            raise EventLogError(number, f"unknown event topic {topic!r}.") from None
        if not (isinstance(cls, type) and issubclass(cls, CanMutateAggregate)):
            raise EventLogError(number, f"{topic!r} is not an aggregate event class.")
        if (version == 1) != issubclass(cls, CanInitAggregate):
            what = "must create" if version == 1 else "cannot create"
            raise EventLogError(number, f"version {version} {what} its aggregate.")

    def _check_data(self, number: int, stored: StoredEvent, stamp: str) -> None:
        try:
            event = self.mapper.to_domain_event(stored)
        except Exception as e:
            raise EventLogError(number, f"'data' does not decode into the event: {e}") from None
        timestamp = getattr(event, "timestamp", None)
        if not isinstance(timestamp, datetime):
            raise EventLogError(number, "'data' has no valid timestamp.")
        try:
            same = datetime.fromisoformat(stamp) == timestamp
        except (TypeError, ValueError):
            raise EventLogError(number, "'timestamp' is not an ISO-8601 time.") from None
        if not same:
            raise EventLogError(number, "'timestamp' does not match the one in 'data'.")
        if isinstance(event, CanInitAggregate):
            try:
                aggregate_cls = resolve_topic(event.originator_topic)
            except Exception:
                aggregate_cls = None
            if not (isinstance(aggregate_cls, type) and issubclass(aggregate_cls, Aggregate)):
                raise EventLogError(number, "'data' names no known aggregate class.")


def _checked(mapper: Mapper[Any], lines: Iterable[str]) -> Iterator[StoredEvent]:
    checker = _Checker(mapper)
    for number, text in enumerate(lines, start=1):
        if text.strip():
            yield checker.stored_event(number, text)


def _batches(events: Iterator[StoredEvent], size: int) -> Iterator[list[StoredEvent]]:
    batch: list[StoredEvent] = []
    for event in events:
        batch.append(event)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _refuse_if_not_empty(last: int | None) -> None:
    if last:
        raise StoreNotEmpty(
            "This store already holds events; import an event log only into an empty store."
        )


def import_events(app: Any, lines: Iterable[str], progress: Progress | None = None, *,
                  total: int | None = None, batch_size: int = PAGE_SIZE) -> int:
    """Store the events of an exported log in an empty store, all or nothing.

    Every line is checked (JSON, fields and their types, positions increasing,
    versions 1, 2, 3... per aggregate, a known event class, data the mapper can
    decode) before it is stored, and all of them are stored in ONE transaction
    that is rolled back at the first bad line: a malformed file raises
    ``EventLogError`` naming its line, and stores nothing. Positions are given anew
    by the store, in the file's order (gaps in the exported positions close up).
    ``progress(done, total)`` is called after each batch; ``total`` is the caller's
    line count, or ``len(lines)`` when that is known, else 0. Returns the count.
    """
    recorder = app.recorder
    _refuse_if_not_empty(recorder.max_notification_id())
    if total is None:
        total = len(lines) if hasattr(lines, "__len__") else 0
    batches = _batches(_checked(app.mapper, lines), batch_size)
    module = type(recorder).__module__
    done = 0
    if module.endswith(("sqlite", "postgres")):
        with recorder.datastore.transaction(commit=True) as cursor:
            if module.endswith("sqlite"):
                _refuse_if_not_empty(recorder._max_notification_id(cursor))
            else:
                recorder._lock_table(cursor)
                cursor.execute(recorder.max_notification_id_statement)
                _refuse_if_not_empty(cursor.fetchone()["max"])
            for batch in batches:
                if module.endswith("sqlite"):
                    recorder._insert_events(cursor, batch)
                else:
                    recorder._insert_stored_events(cursor, batch)
                done += len(batch)
                if progress is not None:
                    progress(done, total)
    else:  # any other recorder: check everything first, then one insert_events call
        events = [event for batch in batches for event in batch]
        if events:
            recorder.insert_events(events)
        done = len(events)
        if progress is not None:
            progress(done, total)
    return done
