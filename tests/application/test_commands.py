"""Every command of the Coordinator, against a real SQLite file and a real PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest

from coordinator.application import Coordinator
from coordinator.booths.aggregate import Booth
from coordinator.core.commands import Outcome
from coordinator.core.idempotency import IdempotencyKey
from coordinator.errors import DomainError
from coordinator.shifts.aggregate import Shift

NINE = datetime(2026, 5, 15, 9, 0, tzinfo=UTC)


def at(hours: float) -> datetime:
    return NINE + timedelta(hours=hours)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock(at(-24))  # the day before


@pytest.fixture
def coordinator(app: Coordinator, clock: Clock) -> Coordinator:
    app.clock = clock
    return app


class Refusal:
    """What a refused command raised, filled in when the ``with`` block ends."""

    error: DomainError | None = None

    @property
    def message(self) -> str:
        assert self.error is not None
        return self.error.message


@contextmanager
def refused(app: Coordinator, code: str) -> Iterator[Refusal]:
    """Expect a DomainError with ``code``, and that nothing was stored."""
    before = stored(app)
    refusal = Refusal()
    with pytest.raises(DomainError) as caught:
        yield refusal
    refusal.error = caught.value
    assert caught.value.code == code, caught.value.message
    assert stored(app) == before


def stored(app: Coordinator) -> int:
    return app.recorder.max_notification_id() or 0


def uid(outcome: Outcome, key: str = "id") -> UUID:
    return UUID(hex=outcome.result[key])


class Positions:
    """Checks that every stored command lands after the one before."""

    def __init__(self) -> None:
        self.last = 0

    def __call__(self, outcome: Outcome) -> Outcome:
        assert isinstance(outcome, Outcome)
        assert not outcome.replayed
        assert outcome.position > self.last
        self.last = outcome.position
        return outcome


def person(app: Coordinator, name: str = "Ann") -> UUID:
    return uid(app.register_person(name))


def shift(app: Coordinator, start: float = 0, end: float = 2, capacity: int = 2,
          role: str = "Registration") -> UUID:
    return uid(app.schedule_shift(role, "Hall A", at(start), at(end), capacity))


# -- conference and people ------------------------------------------------------------


def test_empty_store(coordinator: Coordinator) -> None:
    assert stored(coordinator) == 0
    assert coordinator.conference().settings["name"] == "Conference"


def test_settings(coordinator: Coordinator) -> None:
    step = Positions()
    step(coordinator.change_settings({"name": "PyCon", "time_zone": "Europe/Prague",
                                      "cancellation_cutoff_minutes": 60}))
    step(coordinator.change_settings({"join_code": "snake"}))
    settings = coordinator.conference().settings
    assert settings["name"] == "PyCon"
    assert settings["time_zone"] == "Europe/Prague"
    assert settings["cancellation_cutoff_minutes"] == 60
    assert settings["join_code"] == "snake"
    step(coordinator.change_settings({"join_code": ""}))  # empty means no join code
    assert coordinator.conference().join_code is None


@pytest.mark.parametrize("changes", [
    {"colour": "blue"},
    {"time_zone": "Mars/Olympus_Mons"},
    {"cancellation_cutoff_minutes": -1},
    {"claim_closes_minutes_before": "ten"},
    {"name": ""},
])
def test_bad_settings(coordinator: Coordinator, changes: dict[str, Any]) -> None:
    with refused(coordinator, "invalid_input"):
        coordinator.change_settings(changes)


def test_rooms(coordinator: Coordinator) -> None:
    outcome = coordinator.add_room("Room 1", 40)
    room = uid(outcome)
    assert coordinator.conference().rooms[room.hex] == {"name": "Room 1", "capacity": 40}
    with refused(coordinator, "invalid_input"):
        coordinator.add_room("Room 1", 10)
    with refused(coordinator, "invalid_input"):
        coordinator.add_room("Room 2", 0)
    assert coordinator.add_room("Room 2", 10).position > outcome.position


def test_register_person(coordinator: Coordinator) -> None:
    outcome = coordinator.register_person("Ann", email="ann@example.org", roles=["organizer"])
    assert outcome.result["name"] == "Ann"
    ann = coordinator.person(uid(outcome))
    assert (ann.name, ann.email, ann.roles) == ("Ann", "ann@example.org", ["organizer"])
    bob = coordinator.person(person(coordinator, "Bob"))
    assert bob.roles == ["volunteer"] and bob.email is None


@pytest.mark.parametrize(("name", "email"), [
    ("", None), ("   ", None), ("x" * 101, None), ("Ann\x00", None), ("Ann", "not-an-email"),
    (42, None),
])
def test_register_person_bad_input(coordinator: Coordinator, name: Any, email: Any) -> None:
    with refused(coordinator, "invalid_input"):
        coordinator.register_person(name, email=email)


def test_join_code(coordinator: Coordinator) -> None:
    coordinator.change_settings({"join_code": "snake"})
    with refused(coordinator, "forbidden"):
        coordinator.register_person("Ann")
    with refused(coordinator, "forbidden"):
        coordinator.register_person("Ann", join_code="python")
    assert coordinator.register_person("Ann", join_code="snake").result["name"] == "Ann"
    # Organizers register people without the code.
    assert coordinator.register_person("Bob", check_join_code=False).result["name"] == "Bob"


def test_unknown_or_wrong_kind_is_not_found(coordinator: Coordinator) -> None:
    ann = person(coordinator)
    with pytest.raises(DomainError) as caught:
        coordinator.person(uuid4())
    assert caught.value.code == "not_found"
    with pytest.raises(DomainError) as caught:
        coordinator.shift(ann)  # a person is not a shift
    assert caught.value.code == "not_found"


def test_a_second_process_sees_the_same_store(coordinator: Coordinator,
                                              make_app: Callable[..., Coordinator]) -> None:
    ann = person(coordinator)
    other = make_app()
    assert other.person(ann).name == "Ann"
    assert other.secret("token_key") == coordinator.secret("token_key")
    token = coordinator.token_signer().token_for(ann)
    assert other.token_signer().person_id(token) == ann
    assert other.token_signer().person_id(f"{ann.hex}.{'0' * 40}") is None
    assert other.token_signer().person_id("junk") is None


def test_save_listeners(coordinator: Coordinator) -> None:
    seen: list[int] = []
    coordinator.on_save(seen.append)
    first = coordinator.register_person("Ann")
    second = coordinator.register_person("Bob")
    assert seen == [first.position, second.position]


# -- shifts ---------------------------------------------------------------------------


def test_schedule_shift(coordinator: Coordinator) -> None:
    step = Positions()
    outcome = step(coordinator.schedule_shift("Runner", "Hall B", "2026-05-15T09:00:00+00:00",
                                              "2026-05-15T11:00:00Z", 3, "Carry things"))
    loaded = coordinator.shift(uid(outcome))
    assert (loaded.role, loaded.location, loaded.capacity, loaded.description) == (
        "Runner", "Hall B", 3, "Carry things")
    assert (loaded.starts_at, loaded.ends_at) == (at(0), at(2))
    step(coordinator.schedule_shift("Runner", "Hall B", at(0), at(2), 3))


@pytest.mark.parametrize("args", [
    ("", "Hall", at(0), at(1), 1),
    ("Role", "Hall", at(1), at(0), 1),                   # ends before it starts
    ("Role", "Hall", at(0), at(0), 1),                   # empty
    ("Role", "Hall", "2026-05-15T09:00:00", at(1), 1),   # no offset
    ("Role", "Hall", "tomorrow", at(1), 1),
    ("Role", "Hall", at(0), at(1), 0),
    ("Role", "Hall", at(0), at(1), True),
    ("Role", "Hall", at(0), at(1), "3"),
])
def test_schedule_shift_bad_input(coordinator: Coordinator, args: tuple[Any, ...]) -> None:
    with refused(coordinator, "invalid_input"):
        coordinator.schedule_shift(*args)


def test_sign_up(coordinator: Coordinator) -> None:
    step = Positions()
    desk = shift(coordinator, capacity=2)
    ann, bob, cat = person(coordinator, "Ann"), person(coordinator, "Bob"), person(coordinator)
    step(coordinator.sign_up(desk, ann))
    step(coordinator.sign_up(desk, bob))
    loaded = coordinator.shift(desk)
    assert loaded.signups == [ann.hex, bob.hex]
    assert coordinator.person(ann).holds(desk)
    with refused(coordinator, "shift_full"):
        coordinator.sign_up(desk, cat)
    with refused(coordinator, "already_signed_up"):
        coordinator.sign_up(desk, ann)
    with refused(coordinator, "not_found"):
        coordinator.sign_up(uuid4(), cat)
    with refused(coordinator, "not_found"):
        coordinator.sign_up(desk, uuid4())
    assert [s.id for s in coordinator.shifts_of(ann)] == [desk]


def test_overlapping_signup(coordinator: Coordinator) -> None:
    coordinator.change_settings({"time_zone": "Europe/Prague"})
    morning = shift(coordinator, 0, 2, role="Registration")
    overlapping = shift(coordinator, 1, 3)
    touching = shift(coordinator, 2, 4)
    ann = person(coordinator)
    coordinator.sign_up(morning, ann)
    with refused(coordinator, "overlapping_shift") as error:
        coordinator.sign_up(overlapping, ann)
    assert "Fri 11:00 Registration shift" in error.message  # in the conference's time zone
    assert coordinator.shift(overlapping).taken == 0
    coordinator.sign_up(touching, ann)
    assert [s.id for s in coordinator.shifts_of(ann)] == [morning, touching]


def test_cancel_signup(coordinator: Coordinator, clock: Clock) -> None:
    desk = shift(coordinator, capacity=1)
    ann, bob = person(coordinator, "Ann"), person(coordinator, "Bob")
    coordinator.sign_up(desk, ann)
    coordinator.cancel_signup(desk, ann)
    assert coordinator.shift(desk).signups == []
    assert not coordinator.person(ann).holds(desk)
    with refused(coordinator, "not_found"):
        coordinator.cancel_signup(desk, ann)
    coordinator.sign_up(desk, bob)  # the place is free again

    coordinator.change_settings({"cancellation_cutoff_minutes": 60})
    clock.now = at(-1) + timedelta(minutes=1)
    with refused(coordinator, "too_late"):
        coordinator.cancel_signup(desk, bob)
    clock.now = at(-1)
    coordinator.cancel_signup(desk, bob)


def test_check_in(coordinator: Coordinator, clock: Clock) -> None:
    desk = shift(coordinator)
    ann, bob = person(coordinator, "Ann"), person(coordinator, "Bob")
    coordinator.sign_up(desk, ann)
    coordinator.sign_up(desk, bob)
    clock.now = at(0) - timedelta(minutes=31)
    with refused(coordinator, "too_early"):
        coordinator.check_in(desk, ann)
    coordinator.check_in(desk, bob, by_organizer=True)
    clock.now = at(0) - timedelta(minutes=30)
    coordinator.check_in(desk, ann)
    assert coordinator.shift(desk).checked_in == [bob.hex, ann.hex]
    with refused(coordinator, "already_signed_up"):
        coordinator.check_in(desk, ann)
    cat = person(coordinator, "Cat")
    with refused(coordinator, "not_found"):
        coordinator.check_in(desk, cat)


def test_mark_no_show(coordinator: Coordinator) -> None:
    desk = shift(coordinator)
    ann, bob = person(coordinator, "Ann"), person(coordinator, "Bob")
    coordinator.sign_up(desk, ann)
    coordinator.sign_up(desk, bob)
    coordinator.check_in(desk, bob, by_organizer=True)
    coordinator.mark_no_show(desk, ann)
    assert coordinator.shift(desk).no_shows == [ann.hex]
    with refused(coordinator, "already_signed_up"):
        coordinator.mark_no_show(desk, ann)
    with refused(coordinator, "forbidden"):
        coordinator.mark_no_show(desk, bob)
    with refused(coordinator, "not_found"):
        coordinator.mark_no_show(desk, uuid4())


def test_update_shift(coordinator: Coordinator) -> None:
    desk = shift(coordinator, capacity=3)
    ann, bob = person(coordinator, "Ann"), person(coordinator, "Bob")
    coordinator.sign_up(desk, ann)
    coordinator.sign_up(desk, bob)
    coordinator.update_shift(desk, {"location": "Hall C", "description": "Badges",
                                    "capacity": 2})
    loaded = coordinator.shift(desk)
    assert (loaded.location, loaded.description, loaded.capacity) == ("Hall C", "Badges", 2)
    with refused(coordinator, "conflict"):
        coordinator.update_shift(desk, {"capacity": 1})
    with refused(coordinator, "invalid_input"):
        coordinator.update_shift(desk, {"role": "Runner"})
    with refused(coordinator, "invalid_input"):
        coordinator.update_shift(desk, {})
    with refused(coordinator, "invalid_input"):
        coordinator.update_shift(desk, {"ends_at": at(-1)})
    with refused(coordinator, "not_found"):
        coordinator.update_shift(uuid4(), {"capacity": 5})


def test_reschedule_moves_commitments(coordinator: Coordinator) -> None:
    desk = shift(coordinator, 0, 2)
    ann, bob = person(coordinator, "Ann"), person(coordinator, "Bob")
    coordinator.sign_up(desk, ann)
    coordinator.sign_up(desk, bob)
    coordinator.update_shift(desk, {"starts_at": at(5), "ends_at": "2026-05-15T16:00:00Z"})
    assert (coordinator.shift(desk).starts_at, coordinator.shift(desk).ends_at) == (at(5), at(7))
    for someone in (ann, bob):
        assert coordinator.person(someone).commitments[desk.hex] == [at(5), at(7)]
    # The old times are free for them now.
    coordinator.sign_up(shift(coordinator, 0, 2), ann)


def test_reschedule_refused_when_it_makes_an_overlap(coordinator: Coordinator) -> None:
    desk = shift(coordinator, 0, 2)
    later = shift(coordinator, 4, 6)
    ann, bob = person(coordinator, "Ann"), person(coordinator, "Bob")
    coordinator.sign_up(desk, ann)
    coordinator.sign_up(desk, bob)
    coordinator.sign_up(later, bob)
    with refused(coordinator, "overlapping_shift") as error:
        coordinator.update_shift(desk, {"starts_at": at(3), "ends_at": at(5)})
    assert "Bob" in error.message
    assert coordinator.shift(desk).starts_at == at(0)
    assert coordinator.person(ann).commitments[desk.hex] == [at(0), at(2)]


def test_cancel_shift_releases_people(coordinator: Coordinator) -> None:
    desk = shift(coordinator, 0, 2)
    ann, bob = person(coordinator, "Ann"), person(coordinator, "Bob")
    coordinator.sign_up(desk, ann)
    coordinator.sign_up(desk, bob)
    outcome = coordinator.cancel_shift(desk, "Rain")
    assert outcome.position > 0
    loaded = coordinator.shift(desk)
    assert loaded.cancelled and loaded.cancel_reason == "Rain"
    for someone in (ann, bob):
        assert not coordinator.person(someone).holds(desk)
        assert coordinator.shifts_of(someone) == []
    coordinator.sign_up(shift(coordinator, 0, 2), ann)  # the time is free again
    for attempt in (lambda: coordinator.sign_up(desk, bob),
                    lambda: coordinator.cancel_shift(desk),
                    lambda: coordinator.update_shift(desk, {"capacity": 9})):
        with refused(coordinator, "not_found"):
            attempt()


# -- booths ---------------------------------------------------------------------------


def booth(app: Coordinator) -> UUID:
    return uid(app.open_booth("PSF booth", "Expo hall"))


def test_booth_handoffs(coordinator: Coordinator) -> None:
    step = Positions()
    psf = uid(step(coordinator.open_booth("PSF booth", "Expo hall")))
    ann, bob, cat = (person(coordinator, n) for n in ("Ann", "Bob", "Cat"))
    step.last = stored(coordinator)
    step(coordinator.staff_booth(psf, ann))
    with refused(coordinator, "booth_staffed"):
        coordinator.staff_booth(psf, bob)
    with refused(coordinator, "not_holder"):
        coordinator.offer_handoff(psf, bob, cat)
    with refused(coordinator, "not_found"):
        coordinator.offer_handoff(psf, ann, uuid4())
    to_bob = uid(step(coordinator.offer_handoff(psf, ann, bob, "Lunch")), "handoff_id")
    to_cat = uid(step(coordinator.offer_handoff(psf, ann, cat)), "handoff_id")
    with refused(coordinator, "forbidden"):
        coordinator.accept_handoff(psf, to_bob, cat)
    step(coordinator.accept_handoff(psf, to_bob, bob))
    loaded = coordinator.booth(psf)
    assert isinstance(loaded, Booth)
    assert loaded.holder == bob.hex and loaded.offers == {}
    with refused(coordinator, "not_found"):  # settled by Bob taking over
        coordinator.accept_handoff(psf, to_cat, cat)


def test_booth_decline_withdraw_vacate_close(coordinator: Coordinator) -> None:
    psf = booth(coordinator)
    ann, bob = person(coordinator, "Ann"), person(coordinator, "Bob")
    with refused(coordinator, "not_found"):
        coordinator.staff_booth(psf, uuid4())
    coordinator.staff_booth(psf, ann)
    offer = uid(coordinator.offer_handoff(psf, ann, bob), "handoff_id")
    with refused(coordinator, "forbidden"):
        coordinator.decline_handoff(psf, offer, ann)
    coordinator.decline_handoff(psf, offer, bob)
    assert coordinator.booth(psf).offers == {}

    offer = uid(coordinator.offer_handoff(psf, ann, bob), "handoff_id")
    with refused(coordinator, "not_holder"):
        coordinator.withdraw_handoff(psf, offer, bob)
    coordinator.withdraw_handoff(psf, offer, ann)
    with refused(coordinator, "not_found"):
        coordinator.accept_handoff(psf, offer, bob)

    with refused(coordinator, "not_holder"):
        coordinator.vacate_booth(psf, bob)
    coordinator.vacate_booth(psf, ann)
    assert coordinator.booth(psf).holder is None
    coordinator.staff_booth(psf, bob)
    coordinator.close_booth(psf)
    loaded = coordinator.booth(psf)
    assert loaded.closed and loaded.holder is None
    with refused(coordinator, "not_found"):
        coordinator.staff_booth(psf, ann)
    with refused(coordinator, "not_found"):
        coordinator.close_booth(psf)
    with refused(coordinator, "not_found"):
        coordinator.close_booth(uuid4())


# -- open space -----------------------------------------------------------------------


def slot(app: Coordinator, start: float = 2, room: UUID | None = None) -> UUID:
    if room is None:
        room = uid(app.add_room(f"Room {uuid4().hex[:6]}", 30))
    return uid(app.open_slot(room, at(start), at(start + 1)))


def test_open_slot(coordinator: Coordinator) -> None:
    room = uid(coordinator.add_room("Room 1", 30))
    opened = coordinator.open_slot(room, at(2), "2026-05-15T12:00:00+00:00")
    loaded = coordinator.slot(uid(opened))
    assert (loaded.room_id, loaded.starts_at, loaded.ends_at, loaded.is_free) == (
        room, at(2), at(3), True)
    with refused(coordinator, "not_found"):
        coordinator.open_slot(uuid4(), at(2), at(3))
    with refused(coordinator, "invalid_input"):
        coordinator.open_slot(room, at(3), at(2))


def test_claim_and_release(coordinator: Coordinator) -> None:
    step = Positions()
    grid = slot(coordinator)
    ann, bob = person(coordinator, "Ann"), person(coordinator, "Bob")
    step.last = stored(coordinator)
    step(coordinator.claim_slot(grid, ann, "Packaging", "Wheels and sdists"))
    session = coordinator.slot(grid).session
    assert session is not None
    assert (session["topic"], session["host_name"], session["host_id"]) == (
        "Packaging", "Ann", ann.hex)
    with refused(coordinator, "slot_taken"):
        coordinator.claim_slot(grid, bob, "Typing")
    with refused(coordinator, "forbidden"):
        coordinator.release_slot(grid, bob)
    step(coordinator.release_slot(grid, ann, "Changed my mind"))
    assert coordinator.slot(grid).is_free
    with refused(coordinator, "not_found"):
        coordinator.release_slot(grid, ann)
    step(coordinator.claim_slot(grid, bob, "Typing"))
    step(coordinator.release_slot(grid, None, "Room needed"))  # an organizer
    assert coordinator.slot(grid).is_free


@pytest.mark.parametrize("topic", ["", "x" * 201, None, "bad\x07bell"])
def test_claim_bad_topic(coordinator: Coordinator, topic: Any) -> None:
    grid = slot(coordinator)
    ann = person(coordinator)
    with refused(coordinator, "invalid_input"):
        coordinator.claim_slot(grid, ann, topic)


def test_claim_window(coordinator: Coordinator, clock: Clock) -> None:
    grid = slot(coordinator, start=2)
    ann = person(coordinator)
    coordinator.change_settings({"claim_closes_minutes_before": 15})
    clock.now = at(2) - timedelta(minutes=15)
    with refused(coordinator, "too_late"):
        coordinator.claim_slot(grid, ann, "Late")
    clock.now = at(2) - timedelta(minutes=16)
    coordinator.claim_slot(grid, ann, "Just in time")


def test_interest(coordinator: Coordinator) -> None:
    grid = slot(coordinator)
    ann, bob = person(coordinator, "Ann"), person(coordinator, "Bob")
    with refused(coordinator, "not_found"):
        coordinator.register_interest(grid, bob)
    coordinator.claim_slot(grid, ann, "Packaging")
    first = coordinator.register_interest(grid, bob)
    again = coordinator.register_interest(grid, bob)  # no change, nothing stored
    assert again.position == first.position
    session = coordinator.slot(grid).session
    assert session is not None and session["interested"] == [bob.hex]
    coordinator.withdraw_interest(grid, bob)
    session = coordinator.slot(grid).session
    assert session is not None and session["interested"] == []


def test_move_session(coordinator: Coordinator) -> None:
    room = uid(coordinator.add_room("Room 1", 30))
    source, target, taken = (slot(coordinator, start, room) for start in (2, 3, 4))
    ann, bob = person(coordinator, "Ann"), person(coordinator, "Bob")
    coordinator.claim_slot(source, ann, "Packaging")
    coordinator.register_interest(source, bob)
    coordinator.claim_slot(taken, bob, "Typing")
    with refused(coordinator, "invalid_input"):
        coordinator.move_session(source, source, ann)
    with refused(coordinator, "forbidden"):
        coordinator.move_session(source, target, bob)
    with refused(coordinator, "slot_taken"):  # both slots stay as they were
        coordinator.move_session(source, taken, ann)
    assert coordinator.slot(source).session is not None
    coordinator.move_session(source, target, ann)
    moved = coordinator.slot(target).session
    assert moved is not None
    assert (moved["topic"], moved["interested"]) == ("Packaging", [bob.hex])
    assert coordinator.slot(source).is_free
    coordinator.move_session(target, source, None)  # an organizer moves it back
    assert coordinator.slot(target).is_free


def test_block_slot(coordinator: Coordinator) -> None:
    grid = slot(coordinator)
    ann = person(coordinator)
    coordinator.block_slot(grid, "Keynote")
    assert coordinator.slot(grid).blocked_reason == "Keynote"
    with refused(coordinator, "slot_taken"):
        coordinator.claim_slot(grid, ann, "Packaging")
    coordinator.unblock_slot(grid)
    assert coordinator.slot(grid).is_free
    coordinator.claim_slot(grid, ann, "Packaging")
    with refused(coordinator, "slot_taken"):
        coordinator.block_slot(grid, "Lunch")
    with refused(coordinator, "not_found"):
        coordinator.block_slot(uuid4())


# -- idempotency ----------------------------------------------------------------------


def key(name: str = "k1", fingerprint: str = "POST /shifts/x/signups {}") -> IdempotencyKey:
    return IdempotencyKey(scope="person", key=name, fingerprint=fingerprint)


def test_idempotent_signup(coordinator: Coordinator) -> None:
    desk = shift(coordinator, capacity=5)
    ann = person(coordinator)
    first = coordinator.sign_up(desk, ann, idempotency=key())
    assert not first.replayed
    events = stored(coordinator)
    again = coordinator.sign_up(desk, ann, idempotency=key())
    assert again == Outcome(first.position, first.result, replayed=True)
    assert stored(coordinator) == events
    assert coordinator.shift(desk).signups == [ann.hex]
    # Without the key the same request is a new one, and is refused.
    with refused(coordinator, "already_signed_up"):
        coordinator.sign_up(desk, ann)


def test_idempotent_creation_returns_the_same_id(coordinator: Coordinator,
                                                 make_app: Callable[..., Coordinator]) -> None:
    first = coordinator.register_person("Ann", idempotency=key("reg"))
    events = stored(coordinator)
    again = make_app().register_person("Ann", idempotency=key("reg"))  # another process
    assert again.replayed
    assert (again.position, again.result) == (first.position, first.result)
    assert stored(coordinator) == events


def test_idempotency_key_with_another_request(coordinator: Coordinator) -> None:
    desk = shift(coordinator, capacity=5)
    ann = person(coordinator)
    coordinator.sign_up(desk, ann, idempotency=key())
    with refused(coordinator, "invalid_input"):
        coordinator.cancel_signup(desk, ann, idempotency=key(fingerprint="DELETE /x"))
    assert coordinator.shift(desk).signups == [ann.hex]


def test_idempotency_keys_are_scoped(coordinator: Coordinator) -> None:
    desk = shift(coordinator, capacity=5)
    ann, bob = person(coordinator, "Ann"), person(coordinator, "Bob")
    coordinator.sign_up(desk, ann, idempotency=IdempotencyKey(ann.hex, "same", "f"))
    outcome = coordinator.sign_up(desk, bob, idempotency=IdempotencyKey(bob.hex, "same", "f"))
    assert not outcome.replayed
    assert coordinator.shift(desk).signups == [ann.hex, bob.hex]


def test_refused_command_remembers_nothing(coordinator: Coordinator) -> None:
    desk = shift(coordinator, capacity=1)
    ann, bob = person(coordinator, "Ann"), person(coordinator, "Bob")
    coordinator.sign_up(desk, ann)
    with refused(coordinator, "shift_full"):
        coordinator.sign_up(desk, bob, idempotency=key())
    coordinator.cancel_signup(desk, ann)
    outcome = coordinator.sign_up(desk, bob, idempotency=key())  # the retry now succeeds
    assert not outcome.replayed
    assert coordinator.shift(desk).signups == [bob.hex]


def test_shift_is_loaded_fresh(coordinator: Coordinator,
                               make_app: Callable[..., Coordinator]) -> None:
    desk = shift(coordinator)
    make_app().sign_up(desk, person(coordinator))
    loaded = coordinator.shift(desk)
    assert isinstance(loaded, Shift) and loaded.taken == 1


def test_twin_saved_between_the_look_for_its_answer_and_the_load(
        coordinator: Coordinator, make_app: Callable[..., Coordinator],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The race the concurrency tests found, made deterministic: the domain refuses
    ("already signed up") because the twin has just done it; the twin's answer wins."""
    desk = shift(coordinator, capacity=5)
    ann = person(coordinator)
    twin = make_app()
    look = coordinator.earlier_answer
    looks: list[IdempotencyKey] = []

    def twin_lands_after_the_first_look(idempotency: IdempotencyKey) -> Outcome | None:
        looks.append(idempotency)
        answer = look(idempotency)
        if len(looks) == 1:
            twin.sign_up(desk, ann, idempotency=idempotency)
        return answer

    monkeypatch.setattr(coordinator, "earlier_answer", twin_lands_after_the_first_look)
    outcome = coordinator.sign_up(desk, ann, idempotency=key())
    assert outcome.replayed
    assert outcome.position == stored(coordinator)
    assert coordinator.shift(desk).signups == [ann.hex]
