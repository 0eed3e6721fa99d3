"""The aggregates on their own, with no store: each decision and each refusal."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

import pytest

from coordinator.booths.aggregate import Booth
from coordinator.booths.errors import BoothStaffed, NotHolder
from coordinator.conference.aggregate import DEFAULT_SETTINGS, Conference
from coordinator.errors import (
    Conflict,
    DomainError,
    Forbidden,
    InvalidInput,
    NotFound,
    TooEarly,
    TooLate,
)
from coordinator.open_space.aggregate import OpenSpaceSlot
from coordinator.open_space.errors import SlotTaken
from coordinator.people.aggregate import Person
from coordinator.people.errors import OverlappingShift
from coordinator.shifts.aggregate import Shift
from coordinator.shifts.errors import AlreadySignedUp, ShiftFull

NINE = datetime(2026, 5, 15, 9, 0, tzinfo=UTC)


def at(hours: float) -> datetime:
    """``hours`` after 09:00 on the first conference day."""
    return NINE + timedelta(hours=hours)


def new_shift(capacity: int = 2, start: float = 0, end: float = 2) -> Shift:
    return Shift(role="Registration", location="Hall A", starts_at=at(start), ends_at=at(end),
                 capacity=capacity, description="Hand out badges")


def new_person(name: str = "Ann") -> Person:
    return Person(name=name, email=None, roles=["volunteer"])


def event_names(aggregate: Shift | Person | Booth | OpenSpaceSlot | Conference) -> list[str]:
    return [type(e).__name__ for e in aggregate.collect_events()]


def test_error_codes_are_the_contract() -> None:
    expected = {
        InvalidInput: ("invalid_input", 400), Forbidden: ("forbidden", 403),
        NotFound: ("not_found", 404), Conflict: ("conflict", 409),
        ShiftFull: ("shift_full", 409), OverlappingShift: ("overlapping_shift", 409),
        AlreadySignedUp: ("already_signed_up", 409), SlotTaken: ("slot_taken", 409),
        NotHolder: ("not_holder", 409), BoothStaffed: ("booth_staffed", 409),
        TooLate: ("too_late", 409), TooEarly: ("too_early", 409),
    }
    for error_class, (code, status) in expected.items():
        error = error_class("message")
        assert isinstance(error, DomainError)
        assert (error.code, error.status, error.message) == (code, status, "message")


# -- Shift ----------------------------------------------------------------------------


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


# -- Person ---------------------------------------------------------------------------


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


# -- Booth ----------------------------------------------------------------------------


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


# -- OpenSpaceSlot --------------------------------------------------------------------


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


# -- Conference -----------------------------------------------------------------------


class TestConference:
    def test_one_per_store(self) -> None:
        assert Conference.create_id() == Conference.create_id("anything")
        assert Conference({}).id == Conference.create_id()

    def test_defaults(self) -> None:
        conference = Conference({})
        assert conference.settings == DEFAULT_SETTINGS
        assert conference.join_code is None

    def test_settings(self) -> None:
        conference = Conference({"name": "PyCon"})
        conference.collect_events()
        conference.change_settings({"join_code": "snake", "name": "PyCon"})
        assert conference.join_code == "snake"
        assert conference.settings["name"] == "PyCon"
        events = conference.collect_events()
        assert [type(e).__name__ for e in events] == ["SettingsChanged"]
        assert events[0].changes == {"join_code": "snake"}  # type: ignore[attr-defined]
        conference.change_settings({"join_code": "snake"})
        assert conference.collect_events() == []

    def test_unknown_setting(self) -> None:
        with pytest.raises(InvalidInput):
            Conference({}).change_settings({"colour": "blue"})

    def test_rooms(self) -> None:
        conference = Conference({})
        room = uuid4()
        conference.add_room(room, "Room 1", 40)
        assert conference.has_room(room)
        assert not conference.has_room(UUID(int=0))
        assert conference.rooms[room.hex] == {"name": "Room 1", "capacity": 40}
        with pytest.raises(InvalidInput) as caught:
            conference.add_room(uuid4(), "Room 1", 10)
        assert caught.value.code == "invalid_input"
        assert len(conference.rooms) == 1
