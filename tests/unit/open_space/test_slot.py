"""The open-space slot aggregate: claims, interest, moves, blocks."""

from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

import pytest

from coordinator.errors import Forbidden, NotFound, TooLate
from coordinator.open_space.aggregate import OpenSpaceSlot
from coordinator.open_space.errors import SlotTaken
from tests.unit.builders import at


class TestOpenSpaceSlot:
    def setup_method(self) -> None:
        self.room = uuid4()
        self.slot = OpenSpaceSlot(room_id=self.room, starts_at=at(2), ends_at=at(3))
        self.host, self.other = uuid4(), uuid4()

    def claimed(self, slot: OpenSpaceSlot | None = None) -> OpenSpaceSlot:
        slot = slot or self.slot
        slot.claim(self.host, "Ann", "Packaging", "Wheels", now=at(0), closes_minutes_before=0)
        return slot

    def test_claim(self) -> None:
        assert self.slot.is_free
        slot = self.claimed()
        assert not slot.is_free
        assert slot.session == {"topic": "Packaging", "host_id": self.host.hex,
                                "host_name": "Ann", "description": "Wheels",
                                "interested": []}

    def test_slot_taken(self) -> None:
        slot = self.claimed()
        with pytest.raises(SlotTaken) as caught:
            slot.claim(self.other, "Bob", "Typing", "", now=at(0), closes_minutes_before=0)
        assert caught.value.code == "slot_taken"
        assert slot.session is not None and slot.session["topic"] == "Packaging"

    def test_claim_window(self) -> None:
        slot = self.slot
        with pytest.raises(TooLate) as caught:
            slot.claim(self.host, "Ann", "T", "", now=at(2) - timedelta(minutes=15),
                       closes_minutes_before=15)
        assert caught.value.code == "too_late"
        with pytest.raises(TooLate):
            slot.claim(self.host, "Ann", "T", "", now=at(2), closes_minutes_before=0)
        slot.claim(self.host, "Ann", "T", "", now=at(2) - timedelta(minutes=16),
                   closes_minutes_before=15)
        assert slot.session is not None

    def test_release_by_host(self) -> None:
        slot = self.claimed()
        slot.release(self.host, "Changed my mind")
        assert slot.is_free

    def test_release_by_organizer(self) -> None:
        slot = self.claimed()
        slot.release(None, "Room needed")
        assert slot.is_free

    def test_release_by_someone_else_is_forbidden(self) -> None:
        slot = self.claimed()
        with pytest.raises(Forbidden):
            slot.release(self.other, "")
        assert slot.session is not None

    def test_release_empty_slot(self) -> None:
        with pytest.raises(NotFound):
            self.slot.release(None, "")

    def test_interest(self) -> None:
        with pytest.raises(NotFound):
            self.slot.register_interest(self.other)
        slot = self.claimed()
        slot.register_interest(self.other)
        slot.register_interest(self.other)  # counted once
        assert slot.session is not None and slot.session["interested"] == [self.other.hex]
        slot.withdraw_interest(self.other)
        slot.withdraw_interest(self.other)
        assert slot.session["interested"] == []

    def test_move_out_and_in(self) -> None:
        source = self.claimed()
        source.register_interest(self.other)
        target = OpenSpaceSlot(room_id=self.room, starts_at=at(3), ends_at=at(4))
        session = source.move_out(target.id, self.host)
        target.move_in(source.id, session)
        assert source.is_free
        assert target.session is not None
        assert target.session["topic"] == "Packaging"
        assert target.session["interested"] == [self.other.hex]

    def test_move_out_by_others_forbidden(self) -> None:
        source = self.claimed()
        with pytest.raises(Forbidden):
            source.move_out(uuid4(), self.other)
        assert source.move_out(uuid4(), None)["topic"] == "Packaging"  # organizer

    def test_move_out_of_empty_slot(self) -> None:
        with pytest.raises(NotFound):
            self.slot.move_out(uuid4(), None)

    def test_move_into_taken_or_blocked_slot(self) -> None:
        session = {"topic": "X", "host_id": self.host.hex, "host_name": "Ann",
                   "description": "", "interested": []}
        taken = self.claimed(OpenSpaceSlot(room_id=self.room, starts_at=at(3), ends_at=at(4)))
        with pytest.raises(SlotTaken):
            taken.move_in(uuid4(), session)
        self.slot.block("Keynote")
        with pytest.raises(SlotTaken):
            self.slot.move_in(uuid4(), session)

    def test_block(self) -> None:
        slot = self.slot
        slot.block("Lunch")
        assert not slot.is_free and slot.blocked_reason == "Lunch"
        with pytest.raises(SlotTaken):
            slot.claim(self.host, "Ann", "T", "", now=at(0), closes_minutes_before=0)
        slot.unblock()
        assert slot.is_free
        slot.collect_events()
        slot.unblock()  # unblocking a free slot records nothing
        assert slot.collect_events() == []
        self.claimed()
        with pytest.raises(SlotTaken):
            slot.block("Lunch")
