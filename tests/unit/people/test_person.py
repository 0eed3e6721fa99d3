"""The person aggregate: registration and commitments that may not overlap."""

from __future__ import annotations

from uuid import uuid4

import pytest

from coordinator.people.aggregate import Person
from coordinator.people.errors import OverlappingShift
from tests.unit.builders import at, event_names, new_person


class TestPerson:
    def test_registered(self) -> None:
        person = Person(name="Ann", email="ann@example.org", roles=["volunteer"])
        assert (person.name, person.email, person.roles, person.commitments) == (
            "Ann", "ann@example.org", ["volunteer"], {})

    def test_commit_and_hold(self) -> None:
        person = new_person()
        shift_id = uuid4()
        person.commit_to(shift_id, at(0), at(2))
        assert person.holds(shift_id)
        assert person.commitments[shift_id.hex] == [at(0), at(2)]

    @pytest.mark.parametrize(("start", "end"), [
        (1, 3),      # starts inside
        (-1, 1),     # ends inside
        (0.5, 1.5),  # within
        (-1, 3),     # around
        (0, 2),      # same times
    ])
    def test_overlap_is_refused(self, start: float, end: float) -> None:
        person = new_person()
        held = uuid4()
        person.commit_to(held, at(0), at(2))
        with pytest.raises(OverlappingShift) as caught:
            person.commit_to(uuid4(), at(start), at(end), {held.hex: "Fri 09:00 Desk shift"})
        assert caught.value.code == "overlapping_shift"
        assert "Fri 09:00 Desk shift" in caught.value.message
        assert list(person.commitments) == [held.hex]

    @pytest.mark.parametrize(("start", "end"), [(2, 4), (-2, 0), (5, 6)])
    def test_touching_or_apart_is_not_an_overlap(self, start: float, end: float) -> None:
        person = new_person()
        person.commit_to(uuid4(), at(0), at(2))
        assert person.clash_with(at(start), at(end)) is None
        person.commit_to(uuid4(), at(start), at(end))
        assert len(person.commitments) == 2

    def test_clash_names_the_held_shift_and_ignores_itself(self) -> None:
        person = new_person()
        held = uuid4()
        person.commit_to(held, at(0), at(2))
        assert person.clash_with(at(1), at(3)) == held.hex
        assert person.clash_with(at(1), at(3), ignore=held) is None

    def test_move_commitment(self) -> None:
        person = new_person()
        first, second = uuid4(), uuid4()
        person.commit_to(first, at(0), at(2))
        person.commit_to(second, at(3), at(4))
        person.move_commitment(first, at(1), at(3))  # overlaps only its own old times
        assert person.commitments[first.hex] == [at(1), at(3)]
        with pytest.raises(OverlappingShift):
            person.move_commitment(first, at(2), at(3.5))
        assert person.commitments[first.hex] == [at(1), at(3)]

    def test_release(self) -> None:
        person = new_person()
        shift_id = uuid4()
        person.commit_to(shift_id, at(0), at(2))
        person.collect_events()
        person.release(shift_id)
        assert not person.holds(shift_id)
        person.release(shift_id)  # releasing what is not held records nothing
        assert event_names(person) == ["ShiftReleased"]
        person.commit_to(uuid4(), at(0), at(2))  # the time is free again
