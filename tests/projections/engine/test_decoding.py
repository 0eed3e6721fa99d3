"""The runner's decoder gives what the library's mapper gives, for any stored state: the
same event (types included), or the same error."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar
from uuid import UUID, uuid4

import pytest
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import StoredEvent
from eventsourcing.utils import get_topic

from coordinator.application import Coordinator
from projections.engine.decoding import EventDecoder, uuid_from_hex
from tests.projections.engine.same_values import assert_same_event

ID = "0f0e0d0c0b0a09080706050403020100"
WHEN = {"_type_": "datetime_iso", "_data_": "2031-05-14T10:00:00.000123+02:00"}


class Gadget(Aggregate):
    class Renamed(Aggregate.Event):
        """At version 2 ``title`` became ``name``: older rows are upcast as they are read."""

        class_version: ClassVar[int] = 2
        name: str

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["name"] = state.pop("title")


RENAMED = get_topic(Gadget.Renamed)


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Coordinator]:
    folder: Path = tmp_path_factory.mktemp("decoding")
    with Coordinator(f"sqlite:///{folder}/coordinator.db") as application:
        yield application


def decoded_alike(app: Coordinator, state: bytes, topic: str = RENAMED) -> bool:
    """Asserts the decoder agrees with the library; says whether the library had to step in."""
    originator_id = uuid4()
    decoder = EventDecoder(app)
    handed_over: list[bytes] = []
    library_decode = decoder._library_decode

    def library(topic: str, originator_id: UUID | str, version: int, state: bytes) -> Any:
        handed_over.append(state)
        return library_decode(topic, originator_id, version, state)

    decoder._library_decode = library  # type: ignore[method-assign]
    try:
        expected: Any = app.mapper.to_domain_event(StoredEvent(originator_id, 3, topic, state))
    except Exception as error:
        with pytest.raises(type(error)) as raised:
            decoder.decode(topic, originator_id, 3, state)
        assert str(raised.value) == str(error)
        return bool(handed_over)
    assert_same_event(decoder.decode(topic, originator_id, 3, state), expected)
    return bool(handed_over)


def encoded(**state: Any) -> bytes:
    return json.dumps({"timestamp": WHEN, "class_version": 2, **state}).encode()


@pytest.mark.parametrize("state", [
    json.dumps({"timestamp": WHEN, "title": "Upcast from version 1"}).encode(),
    encoded(name="Already version 2"),
    encoded(name="ids in lists and dicts", nested={
        "ids": [{"_type_": "uuid_hex", "_data_": ID}, {"_type_": "uuid_hex", "_data_": ID}],
        "money": {"_type_": "decimal_str", "_data_": "12.50"},
        "three keys": {"_type_": "uuid_hex", "_data_": ID, "more": 1},
        "no data": {"_type_": "uuid_hex", "data": ID},
        "hyphens": {"_type_": "uuid_hex", "_data_": str(UUID(ID))},
        "upper case": {"_type_": "uuid_hex", "_data_": ID.upper()},
    }),
    encoded(name="unicode: Zürich, 東京, 🎪"),
])
def test_a_state_decodes_as_the_library_decodes_it(app: Coordinator, state: bytes) -> None:
    assert not decoded_alike(app, state), "decoded without the library"


@pytest.mark.parametrize("state", [
    encoded(name="whitespace after") + b" \n",
    b"\t" + encoded(name="whitespace before"),
    encoded(name="unknown transcoding", x={"_type_": "nonsense", "_data_": 1}),
    encoded(name="not a string", x={"_type_": "uuid_hex", "_data_": 5}),
    encoded(name="not an id", x={"_type_": "uuid_hex", "_data_": "-" + ID[1:]}),
    encoded(name="not a time", x={"_type_": "datetime_iso", "_data_": "yesterday"}),
    json.dumps({"timestamp": WHEN, "name": "version 1 has a title"}).encode(),
    b'{"timestamp": ',
    b"[1, 2]",
    b"\xff\xfe",
])
def test_anything_else_is_the_librarys_to_decode(app: Coordinator, state: bytes) -> None:
    assert decoded_alike(app, state)


def test_an_unknown_topic_fails_as_in_the_library(app: Coordinator) -> None:
    assert decoded_alike(app, encoded(name="x"), topic="nowhere.to_be:Found")


@pytest.mark.parametrize("text", [
    ID, ID.upper(), str(UUID(ID)), "{" + ID + "}", f"urn:uuid:{ID}", "0x" + ID[2:],
    "+" + ID[1:], "-" + ID[1:], "_" + ID[1:], " " + ID[1:], ID[:-1] + "g", ID[:-1],
    ID + "0", "", "٣" * 32,
])
def test_ids_are_what_uuid_makes_of_them(text: str) -> None:
    try:
        expected = UUID(text)
    except ValueError:
        with pytest.raises(ValueError):
            uuid_from_hex(text)
        return
    made = uuid_from_hex(text)
    assert type(made) is UUID
    assert (made, made.int, made.is_safe, made.hex) == (expected, expected.int,
                                                        expected.is_safe, expected.hex)
    assert uuid_from_hex(text) is made, "an id seen before is not made again"
