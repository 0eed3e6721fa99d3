"""The booth aggregate: staffing, handoffs, closing."""

from __future__ import annotations

from uuid import uuid4

import pytest

from coordinator.booths.aggregate import Booth
from coordinator.booths.errors import BoothStaffed, NotHolder
from coordinator.errors import Forbidden, NotFound


class TestBooth:
    def setup_method(self) -> None:
        self.booth = Booth(name="PSF booth", location="Expo hall")
        self.ann, self.bob, self.cat = uuid4(), uuid4(), uuid4()

    def staffed(self) -> Booth:
        self.booth.staff(self.ann)
        return self.booth

    def test_staff(self) -> None:
        booth = self.staffed()
        assert booth.holder == self.ann.hex
        with pytest.raises(BoothStaffed) as caught:
            booth.staff(self.bob)
        assert caught.value.code == "booth_staffed"
        assert booth.holder == self.ann.hex

    def test_only_holder_offers(self) -> None:
        booth = self.staffed()
        with pytest.raises(NotHolder) as caught:
            booth.offer_handoff(self.bob, uuid4(), to=self.cat, note="")
        assert caught.value.code == "not_holder"
        with pytest.raises(Forbidden):
            booth.offer_handoff(self.ann, uuid4(), to=self.ann, note="")
        handoff = uuid4()
        booth.offer_handoff(self.ann, handoff, to=self.bob, note="Lunch")
        assert booth.offers == {handoff.hex: {"to": self.bob.hex, "note": "Lunch"}}

    def test_offer_on_unstaffed_booth(self) -> None:
        with pytest.raises(NotHolder):
            self.booth.offer_handoff(self.ann, uuid4(), to=self.bob, note="")

    def test_only_person_offered_accepts(self) -> None:
        booth = self.staffed()
        handoff = uuid4()
        booth.offer_handoff(self.ann, handoff, to=self.bob, note="")
        for someone in (self.cat, self.ann):
            with pytest.raises(Forbidden):
                booth.accept_handoff(handoff, someone)
        booth.accept_handoff(handoff, self.bob)
        assert booth.holder == self.bob.hex
        assert booth.offers == {}

    def test_only_person_offered_declines(self) -> None:
        booth = self.staffed()
        handoff = uuid4()
        booth.offer_handoff(self.ann, handoff, to=self.bob, note="")
        with pytest.raises(Forbidden):
            booth.decline_handoff(handoff, self.cat)
        booth.decline_handoff(handoff, self.bob)
        assert booth.offers == {}
        assert booth.holder == self.ann.hex
        with pytest.raises(NotFound):
            booth.accept_handoff(handoff, self.bob)

    def test_unknown_handoff(self) -> None:
        booth = self.staffed()
        for attempt in (booth.accept_handoff, booth.decline_handoff, booth.withdraw_handoff):
            with pytest.raises(NotFound):
                attempt(uuid4(), self.ann)

    def test_withdraw(self) -> None:
        booth = self.staffed()
        handoff = uuid4()
        booth.offer_handoff(self.ann, handoff, to=self.bob, note="")
        with pytest.raises(NotHolder):
            booth.withdraw_handoff(handoff, self.bob)
        booth.withdraw_handoff(handoff, self.ann)
        assert booth.offers == {}
        with pytest.raises(NotFound):
            booth.accept_handoff(handoff, self.bob)

    def test_accept_settles_other_offers(self) -> None:
        booth = self.staffed()
        to_bob, to_cat = uuid4(), uuid4()
        booth.offer_handoff(self.ann, to_bob, to=self.bob, note="")
        booth.offer_handoff(self.ann, to_cat, to=self.cat, note="")
        booth.accept_handoff(to_cat, self.cat)
        assert booth.holder == self.cat.hex
        assert booth.offers == {}
        with pytest.raises(NotFound):
            booth.accept_handoff(to_bob, self.bob)

    def test_vacate(self) -> None:
        booth = self.staffed()
        booth.offer_handoff(self.ann, uuid4(), to=self.bob, note="")
        with pytest.raises(NotHolder):
            booth.vacate(self.bob)
        booth.vacate(self.ann)
        assert booth.holder is None
        assert booth.offers == {}
        booth.staff(self.bob)
        assert booth.holder == self.bob.hex

    def test_closed_booth(self) -> None:
        booth = self.staffed()
        booth.close()
        assert booth.closed and booth.holder is None
        with pytest.raises(NotFound):
            booth.staff(self.bob)
        with pytest.raises(NotFound):
            booth.close()
