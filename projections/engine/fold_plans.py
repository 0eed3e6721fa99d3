"""Which folds a topic's events go through where nothing is published, and which topics
need none at all: their rows are left in the database."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from eventsourcing.domain import HasOriginatorIDVersion
from eventsourcing.utils import TopicError, construct_topic, resolve_topic

from projections.boards.base import Projection, State

Fold = Callable[[State, Any], Any]


def event_classes(root: type = HasOriginatorIDVersion) -> Iterator[type]:
    """Every class of stored event loaded in this process."""
    for cls in root.__subclasses__():
        yield cls
        yield from event_classes(cls)


class FoldPlans:
    def __init__(self, projections: dict[str, Projection]) -> None:
        self.projections = projections
        # topic -> (projection name, fold): read directly by the hot loops
        self.by_topic: dict[str, list[tuple[str, Fold]]] = {}
        self._unfolded: list[str] | None = None

    def folds(self, topic: str) -> list[tuple[str, Fold]]:
        """For a projection with the base fold, its handler for the event's class, if
        any; for one with a fold of its own, that fold."""
        folds = self.by_topic.get(topic)
        if folds is None:
            kind = resolve_topic(topic)
            folds = []
            for name, projection in self.projections.items():
                if type(projection).fold is not Projection.fold:
                    folds.append((name, projection.fold))
                elif kind in projection.handlers:
                    folds.append((name, projection.handlers[kind]))
            self.by_topic[topic] = folds
        return folds

    def unfolded_topics(self) -> list[str]:
        """The topics of loaded event classes that no fold needs (a
        ``Person.ShiftCommitted``, say): a third of a rebuild's or a past board's rows.
        A topic missing here (of a class not loaded, or stored under another name) is
        read, and ``folds`` decides on it."""
        if self._unfolded is None:
            topics = []
            # Named as the library names a class (its explicit ``TOPIC``, if any), without
            # ``get_topic``'s registering.
            named = {construct_topic(cls) for cls in event_classes()}
            for topic in sorted(named):
                try:
                    if not self.folds(topic):
                        topics.append(topic)
                except TopicError:  # a class in a function: never read back by topic
                    continue
            self._unfolded = topics
        return self._unfolded
