"""The application core: the store, loading, and the atomic save every command ends with.

Each command loads the aggregates it needs, lets them decide, and saves all of
them in one atomic ``commit``; a version clash retries (see ``core.commands``).
The commands of each area are a subclass of this one (``<area>/commands.py``);
``coordinator.application`` puts them together as ``Coordinator``. Nothing here
knows an area, so every area can import this module and none is imported back.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import (
    AggregateNotFoundError,
    Application,
    ProcessingEvent,
    Repository,
)
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import PersistenceError, Recording
from eventsourcing.utils import strtobool

from coordinator.core.cache import CACHE_SIZE, CopyingRepository, unverified_loads
from coordinator.core.commands import (
    Outcome,
    StaleRead,
    check_fingerprint,
    command_locks,
    current_actor,
    current_key,
)
from coordinator.core.idempotency import IdempotencyKey, IdempotencyRecord
from coordinator.core.newer_events import NewerEvents
from coordinator.core.refusals import renew_read_only_sessions, unless_read_only
from coordinator.core.store import DEFAULT_URL, StoreURL, position_of, stored_secret
from coordinator.core.tokens import TokenSigner
from coordinator.errors import NotFound

T = TypeVar("T", bound=Aggregate)


def _here(write: Callable[[], Any]) -> Any:
    return write()


class BaseApplication(Application):
    name = "Coordinator"

    def __init__(self, database_url: str = DEFAULT_URL,
                 clock: Callable[[], datetime] | None = None,
                 env: dict[str, str] | None = None) -> None:
        self.store_url = StoreURL(database_url)
        # The library would make its tables as it starts; made here, a store that is
        # read-only now still starts (see ``coordinator.core.refusals``).
        settings = {"AGGREGATE_CACHE_MAXSIZE": str(CACHE_SIZE),
                    **self.store_url.eventsourcing_env(), **(env or {})}
        super().__init__(env={**settings, "CREATE_TABLE": "n"})
        if strtobool(settings.get("CREATE_TABLE") or "yes"):
            with unless_read_only("The event tables"):
                self.recorder.create_table()  # type: ignore[attr-defined]
        self.clock = clock or (lambda: datetime.now(UTC))
        self._save_listeners: list[Callable[[int], None]] = []
        # None lets every command race on the store alone (the tests prove it holds).
        self.command_locks: list[threading.RLock] | None = command_locks()
        # False: every load asks the store first, as the library does (for comparisons).
        self.trust_cache = True
        self.newer_events = NewerEvents(self.recorder)
        # How a write to the store is run: here, or where the server says (gevent runs it
        # on a native thread, so other requests go on while the disk syncs).
        self.run_write: Callable[[Callable[[], Any]], Any] = _here

    def close(self) -> None:
        self.newer_events.close()
        super().close()

    # -- infrastructure -------------------------------------------------------

    def construct_repository(self) -> Repository[UUID]:
        """The library's repository (with its cache, see ``coordinator.core.cache``)."""
        found = super().construct_repository()
        repository = CopyingRepository(found.event_store, snapshot_store=found.snapshot_store)
        repository.__dict__.update(found.__dict__)
        return repository

    def save(self, *objs: Any, **kwargs: Any) -> list[Recording[UUID]]:
        """``Application.save``, less the runtime protocol checks that cost a command as
        much as its SQL: aggregates are recognised by their class."""
        processing_event: ProcessingEvent[UUID] = ProcessingEvent()
        for obj in objs:
            if isinstance(obj, Aggregate):
                processing_event.events.extend(obj.collect_events())
                processing_event.aggregates[obj.id] = obj
            elif obj is not None:
                processing_event.collect_events(obj)
        processing_event.saved_kwargs.update(kwargs)
        record = partial(self._record, processing_event)
        try:
            recordings: list[Recording[UUID]] = self.run_write(record)
        except PersistenceError as error:
            if not renew_read_only_sessions(self.recorder, error):
                raise
            recordings = self.run_write(record)  # nothing was stored: try once more
        self.repository.remember(processing_event.aggregates.values())
        self._take_snapshots(processing_event)
        self._notify(recordings)
        self.notify(processing_event.events)  # the library's deprecated hook, as it does
        return recordings

    def secret(self, name: str) -> str:
        return stored_secret(self.recorder, name)

    def token_signer(self, secret_key: str | None = None) -> TokenSigner:
        """Signs person tokens with ``secret_key`` (COORDINATOR_SECRET_KEY) when given, so
        tokens survive an export and import; else with a key generated for this store."""
        return TokenSigner(secret_key or self.secret("token_key"))

    def on_save(self, listener: Callable[[int], None]) -> None:
        """Call ``listener(position)`` after every save from this process."""
        self._save_listeners.append(listener)

    def load(self, aggregate_id: UUID, kind: type[T], what: str) -> T:
        try:
            aggregate = self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            raise NotFound(f"No such {what}.") from None
        if not isinstance(aggregate, kind):
            raise NotFound(f"No such {what}.")
        return aggregate

    def commit(self, *aggregates: Aggregate | None, **result: Any) -> Outcome:
        """Save aggregates atomically (after the idempotency record, if any).

        Order matters: the last aggregate's last event gives the command's position,
        so a command lists last the aggregate whose change shows on a board. When the
        command was given ``by``, every event saved carries it (see ``core.commands.command``).
        """
        key = current_key.get()
        objs: list[Aggregate | None] = list(aggregates)
        by = current_actor.get()
        if key is not None:
            pending = [e for a in aggregates if a is not None for e in a.pending_events]
            last = [pending[-1].originator_id, pending[-1].originator_version] if pending else None
            objs.insert(0, IdempotencyRecord(key.scope, key.key, key.fingerprint, result, last))
        self._check_unsaved_loads(aggregates)
        if by is not None:
            for aggregate in objs:
                for event in aggregate.pending_events if aggregate is not None else ():
                    # Events are frozen; the mapper stores every attribute, and replaying
                    # ignores those the event's method does not take.
                    object.__setattr__(event, "by", by)
        recordings = self.save(*objs)
        if not recordings:
            return Outcome(position=self.recorder.max_notification_id() or 0, result=result)
        position = recordings[-1].notification.id
        for listener in self._save_listeners:
            listener(position)
        return Outcome(position=position, result=result)

    def _check_unsaved_loads(self, aggregates: tuple[Aggregate | None, ...]) -> None:
        """The store's version check covers what a command saves; what it only read
        from the cache (settings, say) is checked here, before anything is saved."""
        loads = unverified_loads.get()
        if not loads:
            return
        saved = {a.id for a in aggregates if a is not None and a.pending_events}
        if self.changed_since([(i, v) for i, v in loads if i not in saved]):
            raise StaleRead()

    def changed_since(self, loads: list[tuple[UUID, int]]) -> bool:
        """Whether the store holds an event newer than any of these (id, version) reads:
        one query, far cheaper than loading them again to decide once more."""
        return self.newer_events.any_since(loads)

    def earlier_answer(self, key: IdempotencyKey) -> Outcome | None:
        try:
            record = self.repository.get(key.record_id)
        except AggregateNotFoundError:
            return None
        assert isinstance(record, IdempotencyRecord)
        check_fingerprint(key, record.fingerprint)
        aggregate_id, version = record.last_event or (record.id, 1)
        position = position_of(self.recorder, UUID(str(aggregate_id)), int(version)) or 0
        return Outcome(position=position, result=record.result, replayed=True)
