"""The history has words for every stored event, and its tables name real events.

The words are keyed by the stored type's name ("Shift.SignedUp"), since they read
plain event data; so a renamed event class would leave its words behind unused:
both directions are checked here.
"""

from __future__ import annotations

from projections.history.describe import WORDS as PEOPLE_AND_SHIFT_WORDS
from projections.history.directory import Directory
from projections.history.places import WORDS as PLACE_WORDS
from projections.history.sheets import WORDS as SHEET_WORDS
from projections.history.words import DESCRIBE, describe, text_of
from tests.projections.aggregate_events import all_events


def test_every_event_has_words() -> None:
    missing = sorted(cls.__qualname__ for cls in all_events()
                     if cls.__qualname__ not in DESCRIBE)
    assert not missing, f"no words for {missing}"


def test_every_word_names_an_event() -> None:
    names = {cls.__qualname__ for cls in all_events()}
    assert sorted(set(DESCRIBE) - names) == []


def test_the_tables_do_not_overlap() -> None:
    tables = [set(PEOPLE_AND_SHIFT_WORDS), set(PLACE_WORDS), set(SHEET_WORDS)]
    assert not (tables[0] & tables[1] or tables[0] & tables[2] or tables[1] & tables[2])
    assert len(DESCRIBE) == sum(len(table) for table in tables)


def _event(kind: str, ident: str, **data: object) -> dict[str, object]:
    return {"type": kind, "aggregate_id": ident, "data": data}


def test_words_name_things_as_they_were() -> None:
    directory = Directory()
    describe(_event("Person.Registered", "p1", name="Ana", email=None), directory)
    describe(_event("Booth.Opened", "b1", name="Info desk", location="Hall A"), directory)
    staffed = describe(_event("Booth.Staffed", "b1", person_id="p1"), directory)
    assert text_of(staffed.parts) == "Ana took Info desk"
    assert staffed.subjects == ["booth:b1", "person:p1"]
    renamed = describe(_event("Booth.Changed", "b1", name="Help desk", location="Hall B"),
                       directory)
    assert text_of(renamed.parts).startswith("Info desk")
    assert directory.get("booth", "b1")["label"] == "Help desk"


def test_an_event_without_words_is_told_generically() -> None:
    entry = describe(_event("Booth.Repainted", "b1"), Directory())
    assert text_of(entry.parts) == "Booth: Repainted"
    assert entry.subjects == ["booth:b1"]
