"""The shift aggregate: signups, check-in, no-shows, changes."""

from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

import pytest

from coordinator.errors import Conflict, Forbidden, NotFound, TooEarly
from coordinator.shifts.errors import AlreadySignedUp, ShiftFull
from tests.unit.builders import at, event_names, new_shift


class TestShift:
    def test_scheduled(self) -> None:
        shift = new_shift(capacity=3)
        assert (shift.role, shift.location, shift.capacity, shift.taken) == (
            "Registration", "Hall A", 3, 0)
        assert (shift.starts_at, shift.ends_at) == (at(0), at(2))
        assert not shift.cancelled
        assert event_names(shift) == ["Scheduled"]

    def test_sign_up_until_full(self) -> None:
        shift = new_shift(capacity=2)
        first, second, third = uuid4(), uuid4(), uuid4()
        shift.sign_up(first)
        shift.sign_up(second)
        assert shift.taken == 2
        assert shift.is_signed_up(first) and shift.is_signed_up(second)
        with pytest.raises(ShiftFull) as caught:
            shift.sign_up(third)
        assert caught.value.code == "shift_full"
        assert not shift.is_signed_up(third)
        assert event_names(shift) == ["Scheduled", "SignedUp", "SignedUp"]

    def test_already_signed_up(self) -> None:
        shift = new_shift()
        person = uuid4()
        shift.sign_up(person)
        with pytest.raises(AlreadySignedUp):
            shift.sign_up(person)
        assert shift.taken == 1

    def test_already_signed_up_wins_over_full(self) -> None:
        shift = new_shift(capacity=1)
        person = uuid4()
        shift.sign_up(person)
        with pytest.raises(AlreadySignedUp):
            shift.sign_up(person)

    def test_cancel_signup_frees_the_place(self) -> None:
        shift = new_shift(capacity=1)
        first, second = uuid4(), uuid4()
        shift.sign_up(first)
        shift.check_in(first, at(0), early_minutes=30, by_organizer=False)
        shift.cancel_signup(first)
        assert shift.taken == 0
        assert first.hex not in shift.checked_in
        shift.sign_up(second)
        assert shift.signups == [second.hex]

    def test_cancel_signup_of_someone_not_signed_up(self) -> None:
        shift = new_shift()
        with pytest.raises(NotFound):
            shift.cancel_signup(uuid4())

    def test_check_in_window(self) -> None:
        shift = new_shift()
        person = uuid4()
        shift.sign_up(person)
        with pytest.raises(TooEarly) as caught:
            shift.check_in(person, at(0) - timedelta(minutes=31), early_minutes=30,
                           by_organizer=False)
        assert caught.value.code == "too_early"
        shift.check_in(person, at(0) - timedelta(minutes=30), early_minutes=30,
                       by_organizer=False)
        assert shift.checked_in == [person.hex]

    def test_organizer_checks_in_at_any_time(self) -> None:
        shift = new_shift()
        person = uuid4()
        shift.sign_up(person)
        shift.check_in(person, at(-24), early_minutes=30, by_organizer=True)
        assert shift.checked_in == [person.hex]

    def test_check_in_twice_or_without_signup(self) -> None:
        shift = new_shift()
        person = uuid4()
        with pytest.raises(NotFound):
            shift.check_in(person, at(0), early_minutes=30, by_organizer=False)
        shift.sign_up(person)
        shift.check_in(person, at(0), early_minutes=30, by_organizer=False)
        with pytest.raises(AlreadySignedUp):
            shift.check_in(person, at(0), early_minutes=30, by_organizer=False)

    def test_no_show(self) -> None:
        shift = new_shift()
        absent, present = uuid4(), uuid4()
        with pytest.raises(NotFound):
            shift.mark_no_show(absent)
        shift.sign_up(absent)
        shift.sign_up(present)
        shift.mark_no_show(absent)
        assert shift.no_shows == [absent.hex]
        with pytest.raises(AlreadySignedUp):
            shift.mark_no_show(absent)
        shift.check_in(present, at(0), early_minutes=30, by_organizer=False)
        with pytest.raises(Forbidden):
            shift.mark_no_show(present)

    def test_late_check_in_clears_no_show(self) -> None:
        shift = new_shift()
        person = uuid4()
        shift.sign_up(person)
        shift.mark_no_show(person)
        shift.check_in(person, at(1), early_minutes=30, by_organizer=True)
        assert shift.no_shows == []
        assert shift.checked_in == [person.hex]

    def test_capacity_change(self) -> None:
        shift = new_shift(capacity=3)
        shift.sign_up(uuid4())
        shift.sign_up(uuid4())
        shift.change_capacity(2)
        assert shift.capacity == 2
        with pytest.raises(Conflict) as caught:
            shift.change_capacity(1)
        assert caught.value.code == "conflict"
        assert shift.capacity == 2

    def test_unchanged_capacity_records_nothing(self) -> None:
        shift = new_shift(capacity=3)
        shift.collect_events()
        shift.change_capacity(3)
        assert shift.collect_events() == []

    def test_reschedule(self) -> None:
        shift = new_shift()
        shift.reschedule(starts_at=at(3), ends_at=at(4), location="Hall B", description="New")
        assert (shift.starts_at, shift.ends_at, shift.location, shift.description) == (
            at(3), at(4), "Hall B", "New")

    def test_cancelled_shift_is_not_found(self) -> None:
        shift = new_shift()
        person = uuid4()
        shift.sign_up(person)
        shift.cancel("Rain")
        assert shift.cancelled and shift.cancel_reason == "Rain"
        attempts = [
            lambda: shift.sign_up(uuid4()),
            lambda: shift.cancel_signup(person),
            lambda: shift.check_in(person, at(0), early_minutes=30, by_organizer=True),
            lambda: shift.mark_no_show(person),
            lambda: shift.change_capacity(5),
            lambda: shift.reschedule(starts_at=at(1), ends_at=at(2), location="X",
                                     description=""),
            lambda: shift.cancel("Again"),
        ]
        for attempt in attempts:
            with pytest.raises(NotFound):
                attempt()
