"""The history browser: every event in words with its position, newest first; filters
by type, person, shift, booth, slot, organizer and time; keyset pages; one thing's
history on its own page; and the index behind it (incremental, safe to run twice)."""

from __future__ import annotations

import html
import re
import threading
import time
from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest

from projections.history import index as history_module
from projections.history.index import HistoryIndex
from projections.history.query import Filters
from projections.history.words import text_of
from tests.web.organizer_support import Browser, browser, organizer  # noqa: F401
from web.organizer import history_views

LATER = datetime(2030, 5, 15, 13, 0, tzinfo=UTC)


def conference(b: Browser) -> dict[str, UUID]:
    app = b.app
    app.change_settings({"time_zone": "UTC", "name": "Test Con"})
    room = UUID(app.add_room("Room 3", 20).result["id"])
    slot = UUID(app.open_slot(room, LATER + timedelta(hours=2),
                              LATER + timedelta(hours=3)).result["id"])
    ana = UUID(app.register_person("Ana").result["id"])
    ben = UUID(app.register_person("Ben").result["id"])
    shift = UUID(app.schedule_shift("Registration", "Lobby", LATER,
                                    LATER + timedelta(hours=2), 3).result["id"])
    booth = UUID(app.open_booth("PSF Booth", "Expo Hall").result["id"])
    app.claim_slot(slot, ana, "Packaging in 2027")
    app.register_interest(slot, ben)
    app.sign_up(shift, ben)
    app.staff_booth(booth, ana)
    app.offer_handoff(booth, ana, ben, "Back at 14:00")
    app.cancel_shift(shift, "Too few people", by="Maria")
    return {"room": room, "slot": slot, "ana": ana, "ben": ben, "shift": shift,
            "booth": booth}


def sentences(page: str) -> list[str]:
    found = re.findall(r'<span class="words">(.*?)</span>', page, re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", s)).strip() for s in found]


def test_every_event_in_words_newest_first(organizer: Browser) -> None:  # noqa: F811
    conference(organizer)
    page = organizer.text("/organizer/history")
    words = sentences(page)
    assert words[0] == "Registration shift at Lobby, Wed 13:00–15:00 cancelled: 'Too few people'"
    assert "Ana claimed Room 3 at Wed 15:00: 'Packaging in 2027'" in words
    assert "Ben is interested in 'Packaging in 2027' (Room 3 at Wed 15:00)" in words
    assert "Ana offered PSF Booth to Ben: 'Back at 14:00'" in words
    assert "Ben signed up for Registration shift at Lobby, Wed 13:00–15:00" in words
    positions = [int(p) for p in re.findall(r'data-position="(\d+)"', page)]
    assert positions == sorted(positions, reverse=True)
    assert positions[0] == organizer.stored()
    assert "by Maria" in page
    assert re.search(r"<time>\d\d:\d\d:\d\d</time>", page)
    assert f'href="/organizer/timeline?at={positions[0]}"' in page


def test_filters(organizer: Browser) -> None:  # noqa: F811
    ids = conference(organizer)
    by_type = sentences(organizer.text("/organizer/history?type=OpenSpaceSlot.Claimed"))
    assert by_type == ["Ana claimed Room 3 at Wed 15:00: 'Packaging in 2027'"]
    ana = sentences(organizer.text("/organizer/history?person=ana"))
    assert ana and all("Ana" in s for s in ana)
    assert "Ana registered" in ana and not any("Ben signed up" in s for s in ana)
    assert sentences(organizer.text(f"/organizer/history?person={ids['ana'].hex}")) == ana
    shift = sentences(organizer.text(f"/organizer/history?shift={ids['shift'].hex}"))
    assert any("signed up" in s for s in shift) and any("cancelled" in s for s in shift)
    both = sentences(organizer.text(
        f"/organizer/history?shift={ids['shift'].hex}&person={ids['ben'].hex}"
        "&bookkeeping=hide"))
    assert both == ["Ben signed up for Registration shift at Lobby, Wed 13:00–15:00"]
    booth = sentences(organizer.text(f"/organizer/history?booth={ids['booth'].hex}"))
    assert booth[0].startswith("Ana offered PSF Booth") and len(booth) == 3
    slot = sentences(organizer.text(f"/organizer/history?slot={ids['slot'].hex}"))
    assert len(slot) == 3
    by = sentences(organizer.text("/organizer/history?by=Maria"))
    assert len(by) == 2  # the shift cancelled, and Ben released from it
    future = sentences(organizer.text("/organizer/history?from=2100-01-01T00:00"))
    assert future == []
    everything = sentences(organizer.text("/organizer/history?from=2000-01-01T00:00"
                                          "&to=2100-01-01T00:00"))
    assert len(everything) == organizer.stored()
    several = html.unescape(organizer.text("/organizer/history?person=n"))  # Ana and Ben
    assert "Several people match “n”" in several
    nobody = organizer.text("/organizer/history?person=Zed")
    assert "No events match." in nobody
    assert organizer.get("/organizer/history?before=x").status_code == 400


def test_pages_go_by_position(organizer: Browser) -> None:  # noqa: F811
    app = organizer.app
    for number in range(120):
        app.register_person(f"Person {number:03}")
    first = organizer.text("/organizer/history")
    positions = [int(p) for p in re.findall(r'data-position="(\d+)"', first)]
    assert len(positions) == history_views.PAGE
    older = re.search(r'href="([^"]+)" rel="next"', first)
    assert older and "before=" in older.group(1)
    second = organizer.text(html.unescape(older.group(1)))
    more = [int(p) for p in re.findall(r'data-position="(\d+)"', second)]
    assert more[0] == positions[-1] - 1 and len(more) == history_views.PAGE
    app.register_person("Newcomer")  # a new event does not move the pages
    again = organizer.text(html.unescape(older.group(1)))
    assert [int(p) for p in re.findall(r'data-position="(\d+)"', again)] == more
    newer = re.search(r'href="([^"]+)" rel="prev"', second)
    assert newer and "after=" in newer.group(1)
    back = [int(p) for p in re.findall(r'data-position="(\d+)"',
                                       organizer.text(html.unescape(newer.group(1))))]
    assert back == positions


def test_one_things_history_has_its_own_page(organizer: Browser) -> None:  # noqa: F811
    ids = conference(organizer)
    page = organizer.text(f"/organizer/history/person/{ids['ben'].hex}")
    assert "<h1>Ben</h1>" in page
    words = sentences(page)
    assert words[-1] == "Ben registered" and all("Ben" in w for w in words)
    room = organizer.text(f"/organizer/history/room/{ids['room'].hex}")
    assert "Room 3 added (20 seats)" in sentences(room)
    assert organizer.get(f"/organizer/history/person/{'1' * 32}").status_code == 404
    assert organizer.get("/organizer/history/planet/" + "1" * 32).status_code == 404
    linked = organizer.text("/organizer/history")
    assert f'href="/organizer/history/shift/{ids["shift"].hex}"' in linked


def test_the_index_keeps_up_and_two_indexers_agree(organizer: Browser) -> None:  # noqa: F811
    conference(organizer)
    app = organizer.app
    first, second = HistoryIndex(app), HistoryIndex(app)
    first.catch_up()
    for number in range(30):
        app.register_person(f"Late {number}")
    threads = [threading.Thread(target=index.catch_up) for index in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    rows = first.query(Filters(), limit=200)
    assert [r.position for r in rows] == list(range(organizer.stored(), 0, -1))
    assert text_of(rows[0].parts) == "Late 29 registered"
    rebuilt = HistoryIndex(app)
    rebuilt.rebuild()
    assert [(r.position, r.parts, r.by) for r in rebuilt.query(Filters(), limit=200)] == [
        (r.position, r.parts, r.by) for r in rows]


def test_a_long_way_behind_the_page_waits_for_the_index(
        organizer: Browser, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    conference(organizer)
    monkeypatch.setattr(history_views, "LAG_LIMIT", 3)
    page = organizer.text("/organizer/history")
    assert "Building the history index" in page and 'http-equiv="refresh"' in page
    deadline = time.monotonic() + 10
    while "Building the history index" in page and time.monotonic() < deadline:
        time.sleep(0.05)
        page = organizer.text("/organizer/history")
    assert any(s.startswith("Ana claimed") for s in sentences(page))
    assert history_module.LAG_LIMIT > 3  # only the page's threshold was changed


def test_a_loaded_set_up_file_is_one_line_of_history(organizer: Browser) -> None:  # noqa: F811
    from coordinator.setup.file import load_demo

    outcome = load_demo(organizer.app)
    created = outcome.result["created"]
    words = sentences(organizer.text("/organizer/history?type=Conference.SetupLoaded"))
    line = (f"Set-up file 'pycon.yaml' loaded: {created['rooms']} rooms, "
            f"{created['slots']} slots, {created['booths']} booths, "
            f"{created['shifts']} shifts, {created['talk sessions']} talk sessions added")
    assert words == [line]
