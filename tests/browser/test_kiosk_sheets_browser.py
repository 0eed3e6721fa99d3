"""The sheets kiosk board and the announcements band in a real browser (1920x1080)
against a real server: each kind of sheet and its states, entries and announcements
arriving without a reload, the last state kept while the server is away, and typed
markup shown as text. Sheets and announcements are written through the store, as the
phones' and organizers' requests put them. The tests also write
docs/images/kiosk-sheets.png and docs/images/kiosk-announcement.png."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import PUBLIC_URL, Page, store_app
from tests.support.server import ApiClient, ServerProcess

LIVE_TIMEOUT = 10_000
HOSTILE = "<img src=x onerror=alert(1)>"
BOARDS = ["/kiosk/sheets", "/kiosk/open-space", "/kiosk/shifts", "/kiosk/booths"]


class Sheets:
    """A server with a lightning-talk session running, dinners and sprints, and the
    ids the tests look for."""

    def __init__(self, server: ServerProcess) -> None:
        self.server = server
        self.ids: dict[str, str] = {}
        self.people: dict[str, str] = {}

    @property
    def url(self) -> str:
        return self.server.url

    def store(self) -> Any:
        return store_app(self.server.database_url)

    def person(self, app: Any, name: str) -> UUID:
        person = UUID(app.register_person(name).result["id"])
        self.people[name] = person.hex
        return person


def minutes(n: float) -> datetime:
    return datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(minutes=n)


def seed(sheets: Sheets) -> None:
    app = sheets.store()
    try:
        ids = sheets.ids
        ids["talks"] = app.post_sheet(
            "lightning_talks", "Friday lightning talks", minutes(-10), "Main hall", 8,
            ends_at=minutes(50)).result["id"]
        talks = UUID(ids["talks"])
        for name, title in [("Ana Lima", "Ten years of pip, in five minutes"),
                            ("Ben Okafor", "Why my tests got 40x faster"),
                            ("Chen Wei", "A tiny Forth in Python"),
                            ("Dana Novak", "Teaching Python in prisons")]:
            app.add_entry(talks, sheets.person(app, name), title)
        app.mark_talk(talks, UUID(sheets.people["Ana Lima"]), "given")
        app.mark_talk(talks, UUID(sheets.people["Ben Okafor"]), "skipped")
        host = sheets.person(app, "Eli Cohen")
        ids["full_dinner"] = app.post_sheet(
            "dinner", "Ramen at Ichiran", minutes(90), "Ichiran, 12 Canal St", 2,
            meeting_point="Registration desk", owner_id=host).result["id"]
        app.add_entry(UUID(ids["full_dinner"]), UUID(sheets.people["Dana Novak"]))
        app.add_entry(UUID(ids["full_dinner"]), UUID(sheets.people["Chen Wei"]))
        ids["dinner"] = app.post_sheet(
            "dinner", "Dumplings in the old town", minutes(150), "Old town", 6,
            meeting_point="Main entrance").result["id"]
        ids["closed_dinner"] = app.post_sheet(
            "dinner", "Tapas (booked)", minutes(120), "Bar Pepe", 8,
            meeting_point="Hotel lobby").result["id"]
        app.close_sheet(UUID(ids["closed_dinner"]))
        ids["cancelled_dinner"] = app.post_sheet(
            "dinner", "Picnic in the park", minutes(100), "City park", 10,
            meeting_point="Side door").result["id"]
        app.cancel_sheet(UUID(ids["cancelled_dinner"]), "Rain")
        ids["sprint"] = app.post_sheet(
            "sprint", "CPython docs sprint", minutes(-30), "Room 251, table 3", 10,
            "Newcomers welcome: we pair you with a core developer.",
            ends_at=minutes(300)).result["id"]
    finally:
        app.close()


@pytest.fixture(scope="module")
def sheets(tmp_path_factory: pytest.TempPathFactory, vendor_assets: Path) -> Iterator[Sheets]:
    folder = tmp_path_factory.mktemp("kiosk-sheets")
    with ServerProcess(f"sqlite:///{folder}/coordinator.db", folder / "serve.log",
                       env={"COORDINATOR_PUBLIC_URL": PUBLIC_URL}) as server:
        ApiClient(server.url).admin("PATCH", "/conference",
                                    {"name": "PyCon Sheets", "time_zone": "UTC"})
        found = Sheets(server)
        seed(found)
        yield found


def card(page: Page, sheet_id: str) -> Any:
    return page.locator(f'.sheet[data-sheet="{sheet_id}"]')


def test_the_board_shows_talks_dinners_and_sprints(sheets: Sheets, page: Page) -> None:
    page.goto(f"{sheets.url}/kiosk/sheets")
    page.wait_live()
    talks = card(page, sheets.ids["talks"])
    expect(talks.locator(".up-next-name")).to_have_text("Chen Wei")
    expect(talks.locator(".up-next-label")).to_have_text("Up next")
    order = talks.locator(".talk")
    expect(order).to_have_count(4)
    expect(order.nth(0)).to_have_class(re.compile(r"\bgiven\b"))
    expect(order.nth(0).locator(".talk-outcome")).to_have_text("given")
    expect(order.nth(1)).to_have_class(re.compile(r"\bskipped\b"))
    expect(order.nth(2).locator(".talk-place")).to_have_text("1")
    expect(order.nth(3).locator(".talk-place")).to_have_text("2")

    full = card(page, sheets.ids["full_dinner"])
    expect(full).to_have_class(re.compile(r"\bfull\b"))
    expect(full.locator(".sheet-state")).to_have_text("FULL")
    expect(full.locator(".sheet-place")).to_have_text("Meet at Registration desk")
    dinner = card(page, sheets.ids["dinner"])
    expect(dinner.locator(".sheet-state")).to_have_text("6 places left")
    expect(card(page, sheets.ids["closed_dinner"]).locator(".sheet-state")).to_have_text("Closed")
    expect(card(page, sheets.ids["cancelled_dinner"])).to_have_count(0)
    expect(page.locator(".column-dinners .sheet")).to_have_count(3)
    # Leaving soonest first.
    expect(page.locator(".column-dinners .sheet").first).to_have_attribute(
        "data-sheet", sheets.ids["full_dinner"])

    sprint = card(page, sheets.ids["sprint"])
    expect(sprint.locator(".sheet-where")).to_have_text("Room 251, table 3")
    expect(sprint.locator(".sheet-state")).to_have_text("Help wanted · 10 places left")
    expect(page.locator(".qr-url")).to_have_text(f"{PUBLIC_URL}/sheets")
    # Large type: the name up next reads from across a hallway.
    size = page.evaluate("parseFloat(getComputedStyle(document.querySelector("
                         "'.up-next-name')).fontSize)")
    assert size >= 36
    page.screenshot_to("kiosk-sheets.png")
    assert page.errors == []


def test_an_entry_appears_without_a_reload(sheets: Sheets, page: Page) -> None:
    page.goto(f"{sheets.url}/kiosk/sheets")
    page.wait_live()
    page.evaluate("window.__sameDocument = true")
    dinner = card(page, sheets.ids["dinner"])
    expect(dinner.locator(".sheet-state")).to_have_text(re.compile(r"places left$"))
    before = dinner.locator(".sheet-state").inner_text()
    app = sheets.store()
    try:
        app.add_entry(UUID(sheets.ids["dinner"]), sheets.person(app, "Fay Wong"))
    finally:
        app.close()
    left = int(before.split()[0]) - 1
    expect(dinner.locator(".sheet-state")).to_have_text(f"{left} places left",
                                                        timeout=LIVE_TIMEOUT)
    assert page.evaluate("window.__sameDocument") is True


def test_an_announcement_appears_on_every_board_and_goes(sheets: Sheets, page: Page) -> None:
    page.goto(f"{sheets.url}/kiosk/sheets")
    page.wait_live()
    page.evaluate("window.__sameDocument = true")
    band = page.locator("#announcements")
    expect(band).to_be_hidden()
    panel_before = page.locator(".panels").bounding_box()
    app = sheets.store()
    try:
        # Ends a few seconds from now: the screen drops it by its own clock.
        until = datetime.now(UTC) + timedelta(seconds=12)
        short = app.post_announcement("Lunch is served in the atrium", until).result["id"]
        lasting = app.post_announcement("Keynote moved to Ballroom B").result["id"]
    finally:
        app.close()
    expect(band.locator(f'[data-announcement="{short}"]')).to_contain_text(
        "Lunch is served in the atrium", timeout=LIVE_TIMEOUT)
    expect(band.locator(f'[data-announcement="{lasting}"]')).to_be_visible(timeout=LIVE_TIMEOUT)
    # The board shrinks to make room; the band covers none of it.
    band_box = band.bounding_box()
    panels_box = page.locator(".panels").bounding_box()
    assert panel_before is not None and band_box is not None and panels_box is not None
    assert panels_box["y"] >= band_box["y"] + band_box["height"] - 1
    assert panels_box["height"] < panel_before["height"]
    page.screenshot_to("kiosk-announcement.png")

    for path in BOARDS[1:]:
        other = page.context.new_page()
        other.goto(f"{sheets.url}{path}")
        expect(other.locator(f'#announcements [data-announcement="{lasting}"]')).to_have_text(
            "Keynote moved to Ballroom B")
        other.close()

    expect(band.locator(f'[data-announcement="{short}"]')).to_have_count(0, timeout=20_000)
    app = sheets.store()
    try:
        app.withdraw_announcement(UUID(lasting))
    finally:
        app.close()
    expect(band).to_be_hidden(timeout=LIVE_TIMEOUT)
    assert page.evaluate("window.__sameDocument") is True
    assert page.errors == []


def test_the_last_state_stays_while_the_server_is_away(sheets: Sheets, page: Page) -> None:
    page.goto(f"{sheets.url}/kiosk/sheets")
    page.wait_live()
    page.evaluate("window.__sameDocument = true")
    sprint = card(page, sheets.ids["sprint"])
    expect(sprint.locator(".sheet-title")).to_have_text("CPython docs sprint")
    sheets.server.kill()
    try:
        expect(page.locator("#status")).to_have_text(
            re.compile(r"^Reconnecting… last update \d\d:\d\d$"), timeout=LIVE_TIMEOUT)
        expect(sprint.locator(".sheet-title")).to_have_text("CPython docs sprint")
        app = sheets.store()
        try:  # written while the server is down
            app.add_entry(UUID(sheets.ids["sprint"]), sheets.person(app, "Gus Grant"))
        finally:
            app.close()
    finally:
        sheets.server.start()
    expect(sprint.locator(".sheet-state")).to_have_text("Help wanted · 9 places left",
                                                        timeout=20_000)
    page.wait_live()
    assert page.evaluate("window.__sameDocument") is True
    assert page.errors == []


def test_typed_markup_is_shown_as_text(sheets: Sheets, page: Page) -> None:
    page.goto(f"{sheets.url}/kiosk/sheets")
    page.wait_live()
    app = sheets.store()
    try:
        owner = sheets.person(app, "<b>Mallory</b>")
        sprint = app.post_sheet("sprint", HOSTILE, minutes(30), "<i>Table 9</i>", None,
                                HOSTILE, ends_at=minutes(120), owner_id=owner).result["id"]
        app.add_entry(UUID(sheets.ids["talks"]), owner, HOSTILE)
        announcement = app.post_announcement(HOSTILE).result["id"]
    finally:
        app.close()
    hostile = card(page, sprint)
    expect(hostile.locator(".sheet-title")).to_have_text(HOSTILE, timeout=LIVE_TIMEOUT)
    expect(hostile.locator(".sheet-where")).to_have_text("<i>Table 9</i>")
    expect(page.locator(".talk-title", has_text=HOSTILE)).to_have_count(1, timeout=LIVE_TIMEOUT)
    expect(page.locator(f'[data-announcement="{announcement}"] .announcement-text')).to_have_text(
        HOSTILE, timeout=LIVE_TIMEOUT)
    page.reload()  # and as the server renders the band
    page.wait_live()
    expect(page.locator(f'[data-announcement="{announcement}"] .announcement-text')).to_have_text(
        HOSTILE)
    page.wait_for_timeout(300)  # an onerror handler would have fired by now
    assert page.locator("img").count() == 0
    assert page.locator(".sheet b, .sheet i").count() == 0
    assert page.dialogs == []
    assert page.errors == []
