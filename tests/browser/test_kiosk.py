"""The kiosk boards in a real browser against a real server.

Each board renders from its live snapshot, follows changes without a reload, shows
what people typed as text only, and survives the server going away and coming back.
The tests also write the screenshots in docs/images/ (1920x1080).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import requests
from playwright.sync_api import expect

from tests.browser.helpers import (
    PUBLIC_URL,
    Api,
    Page,
    Venue,
    claim_directly,
    seed,
    this_hour,
)
from tests.support.server import ServerProcess

XSS_TOPIC = "<img src=x onerror=alert(1)>"
LIVE_TIMEOUT = 10_000


def test_open_space_board_renders_the_grid(venue: Venue, page: Page) -> None:
    # The day of a free slot: late in the evening (UTC) today's have all started.
    day = min(start for _, start in venue.free_slots).date()
    page.goto(f"{venue.url}/kiosk/open-space?day={day.isoformat()}")
    page.wait_live()
    grid = page.locator(".panel.active .grid")
    expect(grid.locator(".slot.free").first).to_contain_text("FREE")
    page.goto(f"{venue.url}/kiosk/open-space")
    page.wait_live()
    for room in ("Room 250A", "Room 250B", "Room 251", "Hallway Lounge"):
        expect(grid.locator(".room-name", has_text=room)).to_be_visible()
    expect(grid.locator(".slot.taken").first).to_be_visible()
    expect(page.locator(".panel-qr svg.qr-code")).to_be_visible()
    expect(page.locator(".qr-url")).to_have_text(f"{PUBLIC_URL}/open-space")
    expect(page.locator("#clock")).to_have_text(re.compile(r"^\d\d:\d\d$"))
    page.screenshot_to("kiosk-open-space.png")
    assert page.errors == []


def test_a_claim_shows_up_without_a_reload(venue: Venue, page: Page) -> None:
    slot_id, start = venue.take_free_slot()
    page.goto(f"{venue.url}/kiosk/open-space?day={start.date().isoformat()}")
    page.wait_live()
    page.evaluate("window.__sameDocument = true")
    cell = page.locator(f'.slot[data-slot="{slot_id}"]')
    expect(cell).to_contain_text("FREE")

    host = venue.api.person("Ivo Marsh")
    venue.api.claim(slot_id, host, "Live boards with Socket.IO")

    expect(cell.locator(".topic")).to_have_text("Live boards with Socket.IO",
                                                timeout=LIVE_TIMEOUT)
    expect(cell.locator(".host")).to_have_text("Ivo Marsh")
    assert page.evaluate("window.__sameDocument") is True
    assert page.errors == []


def test_shifts_board_puts_shifts_short_of_people_soon_first(venue: Venue, page: Page) -> None:
    page.goto(f"{venue.url}/kiosk/shifts")
    page.wait_live()
    items = page.locator(".shift-list .shift")
    expect(items.first).to_be_visible()
    expect(page.locator(".shift-taken").first).to_have_text(re.compile(r"^\d+ / \d+$"))
    assert "Green room" not in page.locator(".shift-list").inner_text()  # full: not listed
    classes = items.evaluate_all("nodes => nodes.map(n => n.className)")
    soon = [" soon" in c for c in classes]
    assert soon == sorted(soon, reverse=True), classes  # the urgent ones come first
    expect(page.locator(".qr-url")).to_have_text(f"{PUBLIC_URL}/volunteer")
    page.screenshot_to("kiosk-shifts.png")
    assert page.errors == []


def test_booths_board_flags_unstaffed_booths_and_handoffs(venue: Venue, page: Page) -> None:
    page.goto(f"{venue.url}/kiosk/booths")
    page.wait_live()
    unstaffed = page.locator(".booth.unstaffed")
    expect(unstaffed).to_have_count(2)
    expect(unstaffed.first).to_contain_text("UNSTAFFED")
    psf = page.locator(".booth", has_text="PSF Booth")
    expect(psf.locator(".holder-name")).to_have_text("Ben Okafor")
    expect(psf.locator(".holder-since")).to_contain_text("since")
    expect(psf.locator(".handoff")).to_contain_text("Chen Wei")
    page.screenshot_to("kiosk-booths.png")
    assert page.errors == []


def test_room_board_shows_now_and_next(venue: Venue, page: Page) -> None:
    room_id = venue.rooms["Room 250A"]
    page.goto(f"{venue.url}/kiosk/rooms/{room_id}")
    page.wait_live()
    expect(page.locator(".panel-title")).to_have_text("Room 250A")
    cards = page.locator(".room-card")
    expect(cards).to_have_count(2)
    expect(cards.nth(0)).to_contain_text("Now")
    expect(cards.nth(1)).to_contain_text("Next")
    # The current hour's session in Room 250A was claimed before it started.
    expect(cards.nth(0).locator(".topic")).not_to_be_empty()
    page.screenshot_to("kiosk-room.png")
    assert page.errors == []


def test_rotating_kiosk_cycles_through_its_boards(venue: Venue, page: Page) -> None:
    room_id = venue.rooms["Room 251"]
    page.goto(f"{venue.url}/kiosk?boards=open-space,shifts,booths,room&interval=3"
              f"&room={room_id}")
    page.wait_live()
    panels = page.locator(".panel")
    expect(panels).to_have_count(4)
    expect(panels.nth(0)).to_have_class(re.compile(r"\bactive\b"))
    page.screenshot_to("kiosk-rotating.png")
    expect(panels.nth(1)).to_have_class(re.compile(r"\bactive\b"), timeout=6_000)
    expect(panels.nth(1).locator(".shift").first).to_be_visible()
    expect(panels.nth(0)).not_to_have_class(re.compile(r"\bactive\b"))
    expect(panels.nth(2)).to_have_class(re.compile(r"\bactive\b"), timeout=6_000)
    expect(panels.nth(2).locator(".booth").first).to_be_visible()
    assert page.errors == []


def test_board_recovers_after_the_server_restarts(make_server: Callable[[], ServerProcess],
                                                  page: Page) -> None:
    server = make_server()
    api = Api(server.url)
    api.admin("PATCH", "/conference", {"name": "Restart Conf", "time_zone": "UTC"})
    room = api.room("Room 9")
    start = this_hour() + timedelta(hours=1)
    # Two short slots in the same hour: on the same day at any time of day.
    first = api.slot(room, start, minutes=20)
    second = api.slot(room, start + timedelta(minutes=20), minutes=20)
    host = api.person("Ada Byron")
    day = start.date().isoformat()

    page.goto(f"{server.url}/kiosk/open-space?day={day}")
    page.wait_live()
    api.claim(first, host, "Before the crash")
    expect(page.locator(f'[data-slot="{first}"] .topic')).to_have_text("Before the crash",
                                                                        timeout=LIVE_TIMEOUT)
    page.evaluate("window.__sameDocument = true")

    server.kill()
    status = page.locator("#status")
    expect(status).to_have_text(re.compile(r"^Reconnecting… last update \d\d:\d\d$"),
                                timeout=LIVE_TIMEOUT)
    # The last state stays on screen while the server is away.
    expect(page.locator(f'[data-slot="{first}"] .topic')).to_have_text("Before the crash")
    page.screenshot_to("kiosk-reconnecting.png")

    # Written while the server is down (another process, a restore, an import...).
    claim_directly(server.database_url, second, host, "While it was down")

    server.start()
    expect(page.locator(f'[data-slot="{second}"] .topic')).to_have_text(
        "While it was down", timeout=20_000)
    page.wait_live()
    assert page.evaluate("window.__sameDocument") is True  # recovered without a reload
    assert page.errors == []


def test_gaps_and_old_patches_are_handled(venue: Venue, page: Page) -> None:
    """A patch that skips one makes the page ask for a fresh snapshot; an old one is dropped."""
    page.goto(f"{venue.url}/kiosk/booths")
    page.wait_live()
    position = page.evaluate("window.kiosk.feeds().booths.position")
    booth = venue.api.board("booths")["data"]["booths"][0]
    phantom = {**booth, "name": "Phantom booth"}
    # Old news: at or below what the page has.
    page.evaluate("([patch]) => window.kiosk.feeds().booths.patch(patch)",
                  [{"board": "booths", "position": position, "previous": position - 1,
                    "booth": phantom}])
    # A gap: the previous patch is one the page never saw.
    page.evaluate("([patch]) => window.kiosk.feeds().booths.patch(patch)",
                  [{"board": "booths", "position": position + 1000,
                    "previous": position + 999, "booth": phantom}])
    # The fresh snapshot puts the page back on the server's data and position.
    page.wait_for_function(
        "p => !window.kiosk.feeds().booths.waiting && window.kiosk.feeds().booths.position >= p",
        arg=position)
    expect(page.locator(".booth-name", has_text="Phantom booth")).to_have_count(0)
    # The next real change applies as a patch.
    venue.api.admin("POST", "/booths", {"name": "Lost and Found", "location": "Info Desk"})
    expect(page.locator(".booth-name", has_text="Lost and Found")).to_be_visible(
        timeout=LIVE_TIMEOUT)
    assert page.errors == []


def test_page_reloads_when_the_server_has_new_assets(venue: Venue, page: Page) -> None:
    page.goto(f"{venue.url}/kiosk/shifts")
    page.wait_live()
    page.evaluate("window.__sameDocument = true")
    real = requests.get(f"{venue.url}/kiosk/version", timeout=10).json()

    def newer(route: Any) -> None:  # as if the server had been deployed anew
        route.fulfill(json={**real, "asset_version": "0123456789abcdef"})

    page.route("**/kiosk/version", newer, times=1)
    with page.expect_navigation():
        page.evaluate("window.kiosk.checkVersion()")
    page.wait_live()
    assert page.evaluate("window.__sameDocument") is None


def test_every_page_answers_on_a_first_visit(venue: Venue, page: Page) -> None:
    room_id = venue.rooms["Hallway Lounge"]
    for path in ("/", "/kiosk", "/kiosk/open-space", "/kiosk/shifts", "/kiosk/booths",
                 f"/kiosk/rooms/{room_id}", f"/kiosk?room={room_id}"):
        response = page.goto(f"{venue.url}{path}")
        assert response is not None and response.status == 200, path
    assert page.context.cookies() == []


def test_seed_is_reusable(make_server: Callable[[], ServerProcess]) -> None:
    """The screenshot data set can be made on any fresh server (used by docs/boards.md)."""
    seeded = seed(make_server())
    assert seeded.api.board("booths")["data"]["booths"]


def test_typed_markup_is_shown_as_text_and_never_run(venue: Venue, page: Page) -> None:
    slot_id, start = venue.take_free_slot()
    page.goto(f"{venue.url}/kiosk/open-space?day={start.date().isoformat()}")
    page.wait_live()

    host = venue.api.person("<b>Mallory</b>")
    venue.api.claim(slot_id, host, XSS_TOPIC)

    cell = page.locator(f'.slot[data-slot="{slot_id}"]')
    expect(cell.locator(".topic")).to_have_text(XSS_TOPIC, timeout=LIVE_TIMEOUT)
    expect(cell.locator(".host")).to_have_text("<b>Mallory</b>")
    page.wait_for_timeout(300)  # an onerror handler would have fired by now
    assert page.locator("img").count() == 0
    assert cell.locator("b").count() == 0
    assert page.dialogs == []
    assert page.errors == []
