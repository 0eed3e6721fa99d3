"""The error codes and statuses of every area's refusals are the contract's."""

from __future__ import annotations

from coordinator.booths.errors import BoothStaffed, NotHolder
from coordinator.errors import (
    Conflict,
    DomainError,
    Forbidden,
    InvalidInput,
    NotFound,
    TooEarly,
    TooLate,
)
from coordinator.open_space.errors import SlotTaken
from coordinator.people.errors import OverlappingShift
from coordinator.shifts.errors import AlreadySignedUp, ShiftFull


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
