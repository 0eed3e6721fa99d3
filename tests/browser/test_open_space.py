"""The attendee's open-space page on a phone (360x800), in a real browser against a real
server: joining and claiming a slot (the kiosk shows it without reloading), a second
phone seeing it taken live, a lost race, the claim window, a lost connection, escaping,
and the same forms with JavaScript off. The tests also write the screenshots in
docs/images/open-space-*.png."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import Api, Page, this_hour

XSS_TOPIC = "<img src=x onerror=alert(1)>"
PHONE = {"width": 360, "height": 800}
LIVE = 10_000


@dataclass
class OpenSpace:
    """A small conference on a fresh server: three rooms, three hours from the next one."""

    url: str
    api: Api
    day: date
    slots: dict[tuple[str, int], str]  # (room, hours from the next hour) -> slot id
    server: Any

    def page_url(self) -> str:
        return f"{self.url}/open-space?day={self.day.isoformat()}"

    @property
    def free(self) -> str:
        return self.slots["Room 250B", 0]


def seed_open_space(server: Any) -> OpenSpace:
    api = Api(server.url)
    api.admin("PATCH", "/conference", {"name": "PyCon Test", "time_zone": "UTC"})
    rooms = {name: api.room(name) for name in ("Hallway Lounge", "Room 250A", "Room 250B")}
    first = this_hour() + timedelta(hours=1)
    slots = {(name, hour): api.slot(room_id, first + timedelta(hours=hour))
             for hour in range(3) for name, room_id in rooms.items()}
    hosts = [api.person(name) for name in ("Ana Lima", "Ben Okafor", "Chen Wei")]
    sessions = [(("Room 250A", 0), "Packaging in 2026: what is new in pip, uv and friends"),
                (("Hallway Lounge", 0), "Board games hallway meetup"),
                (("Room 250A", 1), "Teaching Python to kids: swap your stories"),
                (("Hallway Lounge", 2), "Maintainers' circle: burnout and boundaries")]
    for n, (key, topic) in enumerate(sessions):
        api.claim(slots[key], hosts[n % 3], topic)
        for fan in hosts[: n % 3 + 1]:
            api.as_person(fan, "POST", f"/open-space/slots/{slots[key]}/interest")
    return OpenSpace(server.url, api, first.date(), slots, server)


@pytest.fixture
def conference(make_server: Callable[[], Any]) -> OpenSpace:
    return seed_open_space(make_server())


@pytest.fixture
def phone(browser: Any) -> Iterator[Callable[..., Page]]:
    """New phones (browser contexts of their own, 360x800), closed afterwards."""
    contexts: list[Any] = []

    def make(javascript: bool = True) -> Page:
        context = browser.new_context(viewport=PHONE, device_scale_factor=1,
                                      java_script_enabled=javascript)
        contexts.append(context)
        return Page(context.new_page())

    yield make
    for context in contexts:
        context.close()


def join(page: Page, site: OpenSpace, name: str, go: bool = True) -> None:
    if go:
        page.goto(f"{site.url}/register?next=/open-space")
    page.fill("#name", name)
    page.click("button.primary")
    expect(page.page).to_have_url(re.compile(r"/open-space$"))
    page.goto(site.page_url())
    expect(page.locator("#grid")).to_have_attribute("data-live", "yes", timeout=LIVE)


def cell(page: Page, slot_id: str) -> Any:
    return page.locator(f'td[data-slot="{slot_id}"]')


def claim(page: Page, slot_id: str, topic: str, description: str = "") -> None:
    target = cell(page, slot_id)
    target.locator("summary", has_text="Claim this slot").click()
    target.locator("input[name=topic]").fill(topic)
    if description:
        target.locator("textarea[name=description]").fill(description)
    target.get_by_role("button", name="Claim", exact=True).click()


def test_an_attendee_joins_claims_and_the_kiosk_shows_it(
        conference: OpenSpace, phone: Callable[..., Page], page: Page) -> None:
    page.goto(f"{conference.url}/kiosk/open-space?day={conference.day.isoformat()}")
    page.wait_live()
    mobile = phone()
    mobile.goto(conference.page_url())
    expect(mobile.get_by_role("link", name="Join to claim a slot")).to_be_visible()
    expect(cell(mobile, conference.free)).to_contain_text("Free")
    mobile.screenshot_to("open-space-signed-out.png")

    mobile.get_by_role("link", name="Join to claim a slot").click()
    expect(mobile.page).to_have_url(re.compile(r"/register\?next=/open-space$"))
    join(mobile, conference, "Dana Novak", go=False)
    mobile.evaluate("window.__sameDocument = true")
    target = cell(mobile, conference.free)
    target.scroll_into_view_if_needed()
    target.locator("summary", has_text="Claim this slot").click()
    target.locator("input[name=topic]").fill("Live boards with Socket.IO")
    target.locator("textarea[name=description]").fill("How the kiosks stay live.\nBring a laptop.")
    mobile.screenshot_to("open-space-claim-form.png")
    target.get_by_role("button", name="Claim", exact=True).click()

    expect(target.locator(".topic")).to_have_text("Live boards with Socket.IO", timeout=LIVE)
    expect(target.locator(".cell-note")).to_contain_text("Claimed: the slot is yours")
    expect(target.locator(".badge.yours")).to_have_text("Your session")
    expect(target.get_by_role("button", name="Release this slot")).to_be_visible()
    target.locator("summary", has_text="About this session").click()
    expect(target.locator(".description")).to_have_text(
        "How the kiosks stay live.\nBring a laptop.")
    target.scroll_into_view_if_needed()
    mobile.screenshot_to("open-space-claimed.png")
    kiosk_cell = page.locator(f'.slot[data-slot="{conference.free}"]')
    expect(kiosk_cell.locator(".topic")).to_have_text("Live boards with Socket.IO",
                                                      timeout=LIVE)
    expect(kiosk_cell.locator(".host")).to_have_text("Dana Novak")
    assert mobile.evaluate("window.__sameDocument") is True

    target.get_by_role("button", name="Release this slot").click()
    expect(target.locator(".cell-note")).to_contain_text("Released")
    expect(target).to_have_attribute("data-state", "free")
    expect(kiosk_cell).to_contain_text("FREE", timeout=LIVE)
    assert mobile.errors == [] and page.errors == []


def test_a_second_phone_sees_the_slot_taken_and_interest_live(
        conference: OpenSpace, phone: Callable[..., Page]) -> None:
    first, second = phone(), phone()
    join(first, conference, "Dana Novak")
    join(second, conference, "Eli Cohen")
    second.evaluate("window.__sameDocument = true")
    claim(first, conference.free, "Rust extensions with PyO3")

    theirs = cell(second, conference.free)
    expect(theirs.locator(".topic")).to_have_text("Rust extensions with PyO3", timeout=LIVE)
    expect(theirs.locator(".host-name")).to_have_text("Dana Novak")
    expect(theirs.locator("input[name=topic]")).to_have_count(0)
    expect(theirs.get_by_role("button", name="Release this slot")).to_have_count(0)

    theirs.get_by_role("button", name="I’m interested").click()
    expect(theirs.get_by_role("button", name="Not interested any more")).to_be_focused()
    expect(theirs.locator(".interest")).to_contain_text("1 interested (you too)")
    expect(cell(first, conference.free).locator(".count")).to_have_text("1", timeout=LIVE)
    second.screenshot_to("open-space-interest.png")
    assert second.evaluate("window.__sameDocument") is True
    assert first.errors == [] and second.errors == []


def test_a_lost_race_says_someone_was_quicker(
        conference: OpenSpace, phone: Callable[..., Page]) -> None:
    slow = phone()
    # No live updates on this phone: its Socket.IO client never loads.
    slow.add_init_script("Object.defineProperty(window, 'io', {get() {}, set(_) {}})")
    join_without_live(slow, conference, "Fatima Zahra")
    target = cell(slow, conference.free)
    target.locator("summary", has_text="Claim this slot").click()
    target.locator("input[name=topic]").fill("Too slow")
    winner = conference.api.person("Gus Pereira")
    conference.api.claim(conference.free, winner, "Quick one")
    target.get_by_role("button", name="Claim", exact=True).click()

    expect(target.locator(".cell-note")).to_have_text(
        "Someone was quicker. Someone has just claimed this slot. Pick another free slot.")
    expect(target.locator(".topic")).to_have_text("Quick one", timeout=LIVE)  # refreshed
    assert slow.errors == []


def join_without_live(page: Page, site: OpenSpace, name: str) -> None:
    page.goto(f"{site.url}/register")
    page.fill("#name", name)
    page.click("button.primary")
    page.goto(site.page_url())


def test_a_slot_closed_for_claims_refuses_with_a_clear_message(
        conference: OpenSpace, phone: Callable[..., Page]) -> None:
    mobile = phone()
    join(mobile, conference, "Hana Sato")
    target = cell(mobile, conference.free)  # starts within the hour: claimable still
    expect(target.locator("summary", has_text="Claim this slot")).to_be_visible()
    conference.api.admin("PATCH", "/conference", {"claim_closes_minutes_before": 120})
    claim(mobile, conference.free, "Last-minute idea")

    message = "Claims for this slot closed 120 minutes before it starts."
    expect(target.locator(".cell-note")).to_have_text(message)
    expect(mobile.locator("#notice")).to_have_text(message)
    expect(target.locator(".badge.closed")).to_have_text("Claims closed")
    expect(target.locator("input[name=topic]")).to_have_count(0)
    target.scroll_into_view_if_needed()
    mobile.screenshot_to("open-space-claims-closed.png")
    mobile.reload()
    expect(mobile.get_by_text("Claims close 2 hours before the slot starts.")).to_be_visible()
    expect(cell(mobile, conference.free)).to_contain_text("Claims closed")
    assert mobile.errors == []


def test_an_xss_topic_shows_as_text(conference: OpenSpace,
                                    phone: Callable[..., Page]) -> None:
    author, reader = phone(), phone()
    join(author, conference, "Mallory")
    join(reader, conference, "Ivo Marsh")
    claim(author, conference.free, XSS_TOPIC, f"{XSS_TOPIC}\n<script>alert(2)</script>")
    for page in (author, reader):
        target = cell(page, conference.free)
        expect(target.locator(".topic")).to_have_text(XSS_TOPIC, timeout=LIVE)
        expect(target.locator("img")).to_have_count(0)
        expect(target.locator("script")).to_have_count(0)
    reader.reload()
    expect(cell(reader, conference.free).locator(".topic")).to_have_text(XSS_TOPIC)
    expect(reader.locator("#grid img")).to_have_count(0)
    assert author.dialogs == [] and reader.dialogs == []
    assert author.errors == [] and reader.errors == []


def test_a_lost_connection_shows_the_banner_and_recovers(
        conference: OpenSpace, phone: Callable[..., Page]) -> None:
    mobile = phone()
    join(mobile, conference, "Ben Reader")
    banner = mobile.locator("#connection")
    expect(banner).to_be_hidden()
    conference.server.kill()
    expect(banner).to_be_visible(timeout=LIVE)
    expect(banner).to_contain_text("Connection lost")
    conference.server.start()
    expect(banner).to_be_hidden(timeout=30_000)
    host = conference.api.person("Chen Wei")
    conference.api.claim(conference.free, host, "Back online")
    expect(cell(mobile, conference.free).locator(".topic")).to_have_text("Back online",
                                                                        timeout=LIVE)


def test_the_forms_work_with_javascript_off(conference: OpenSpace,
                                            phone: Callable[..., Page]) -> None:
    mobile = phone(javascript=False)
    mobile.goto(f"{conference.url}/register?next=/open-space")
    mobile.fill("#name", "Noscript Nora")
    mobile.click("button.primary")
    mobile.goto(conference.page_url())
    claim(mobile, conference.free, "Plain HTML forms")
    expect(mobile.page).to_have_url(re.compile(rf"#slot-{conference.free}$"))
    target = cell(mobile, conference.free)
    expect(target.locator(".topic")).to_have_text("Plain HTML forms")
    expect(target.locator(".cell-note")).to_contain_text("Claimed: the slot is yours")
    target.get_by_role("button", name="Release this slot").click()
    expect(cell(mobile, conference.free)).to_contain_text("Free")
    expect(mobile.locator(".flashes")).to_contain_text("Released")
