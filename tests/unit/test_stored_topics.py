"""Stored events name their class by topic; the topics stay as they were first stored,
wherever the code moves, so older stores and exported event logs keep loading."""

from __future__ import annotations

from eventsourcing.domain import Aggregate, CanMutateAggregate
from eventsourcing.utils import get_topic, resolve_topic

from coordinator.booths.aggregate import Booth
from coordinator.conference.aggregate import Conference
from coordinator.core.idempotency import IdempotencyRecord
from coordinator.open_space.aggregate import OpenSpaceSlot
from coordinator.people.aggregate import Person
from coordinator.shifts.aggregate import Shift
from tests.unit.builders import new_shift

# Each aggregate and the module its events were first stored from.
STORED_AS: dict[type[Aggregate], str] = {
    Conference: "coordinator.conference", Person: "coordinator.person",
    Shift: "coordinator.shift", Booth: "coordinator.booth",
    OpenSpaceSlot: "coordinator.slot", IdempotencyRecord: "coordinator.idempotency",
}


def event_classes(aggregate: type[Aggregate]) -> list[type]:
    return [cls for name, cls in vars(aggregate).items()
            if isinstance(cls, type) and issubclass(cls, CanMutateAggregate) and name != "Event"]


def test_every_event_keeps_the_topic_it_was_first_stored_under() -> None:
    for aggregate, module in STORED_AS.items():
        assert get_topic(aggregate) == f"{module}:{aggregate.__name__}"
        assert len(event_classes(aggregate)) > 1  # Created, and the aggregate's own
        for cls in event_classes(aggregate):
            topic = get_topic(cls)
            assert topic == f"{module}:{cls.__qualname__}"
            assert resolve_topic(topic) is cls


def test_an_event_is_stored_under_the_old_topic() -> None:
    shift = new_shift()
    shift.sign_up(Person(name="Ann", email=None, roles=["volunteer"]).id)
    events = shift.collect_events()
    assert [get_topic(type(e)) for e in events] == [
        "coordinator.shift:Shift.Scheduled", "coordinator.shift:Shift.SignedUp"]
    assert events[0].originator_topic == "coordinator.shift:Shift"  # type: ignore[attr-defined]
