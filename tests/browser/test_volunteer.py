"""The volunteer pages on phones (360x800, headless Chromium) against a real server.

A volunteer joins, claims a shift, finds it in "My shifts", checks in and downloads the
calendar; other phones see free places change without a reload; two phones race for a
last place; a booth is handed over from one phone to another and the kiosk follows.
The tests also take the screenshots in docs/images/volunteer-*.png.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from tests.browser.helpers import Page
from tests.browser.volunteer_site import Site, join, new_phone, seed, sign_in, wait_live
from tests.support.server import ServerProcess

LIVE = 10_000


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, vendor_assets: Path) -> Iterator[Site]:
    folder = tmp_path_factory.mktemp("volunteer")
    server = ServerProcess(f"sqlite:///{folder}/coordinator.db", folder / "serve.log").start()
    try:
        yield seed(server)
    finally:
        server.stop()


@pytest.fixture
def phones(browser: Any) -> Iterator[Callable[[], Page]]:
    """New phones, each with its own cookies; closed after the test."""
    made: list[Page] = []

    def make(javascript: bool = True) -> Page:
        made.append(new_phone(browser, javascript))
        return made[-1]

    yield make
    for phone in made:
        assert phone.errors == [], phone.errors
        phone.context.close()


def show(locator: Any) -> None:
    """Scroll ``locator`` to the top of the screen, for a screenshot."""
    locator.evaluate("e => { e.scrollIntoView({block: 'start'}); window.scrollBy(0, -12); }")


def card(page: Page, site: Site, role: str) -> Any:
    return page.locator(f"#shift-{site.shifts[role]}")


def test_join_claim_my_shifts_check_in_and_calendar(site: Site, phones: Any,
                                                    tmp_path: Path) -> None:
    phone = phones()
    phone.goto(f"{site.url}/volunteer")
    expect(phone.locator("h1")).to_have_text("Volunteer shifts")
    expect(phone.get_by_role("link", name="Join to claim shifts")).to_be_visible()
    phone.screenshot_to("volunteer-signed-out.png")

    join(phone, site, "Ana Lima")
    wait_live(phone, "shifts")
    info = card(phone, site, "Info desk")
    expect(info.locator("[data-places]")).to_have_text("2 of 2 places free")
    phone.screenshot_to("volunteer-shifts.png")

    phone.evaluate("window.__sameDocument = true")
    info.get_by_role("button", name="Claim").click()
    info = card(phone, site, "Info desk")
    expect(info.locator(".card-status")).to_contain_text("You're signed up: Info desk")
    expect(info.locator(".badge.mine")).to_have_text("✓ You're signed up")
    expect(info.locator("[data-places]")).to_have_text("1 of 2 places free")
    assert phone.evaluate("window.__sameDocument") is True, "no reload"
    show(info)
    phone.screenshot_to("volunteer-claimed.png")

    tabs = phone.get_by_role("navigation", name="Volunteering")
    tabs.get_by_role("link", name="My shifts").click()
    first = phone.locator(".my-shifts > li").first
    expect(first.locator("h3")).to_have_text("Info desk")
    expect(first.locator(".next-label")).to_have_text("Next")
    expect(phone.locator(".summary")).to_contain_text("1 shift · 2 h")
    phone.screenshot_to("volunteer-my-shifts.png")

    with phone.expect_download() as download:
        phone.get_by_role("link", name="Download .ics").click()
    saved = tmp_path / "my-shifts.ics"
    download.value.save_as(saved)
    events = Calendar.from_ical(saved.read_bytes()).walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["Info desk shift (PyCon Test)"]
    feed = phone.locator("#feed-url").input_value()
    assert "/calendar/" in feed and feed.endswith(".ics")

    first.get_by_role("button", name="Check in").click()
    expect(phone.locator("#notice")).to_contain_text("Checked in: Info desk")
    expect(phone.locator(".my-shifts > li").first.locator(".badge.ok")).to_have_text(
        "✓ Checked in")
    phone.evaluate("window.scrollTo(0, 0)")
    phone.screenshot_to("volunteer-checked-in.png")


def test_other_phones_see_free_places_drop_live(site: Site, phones: Any) -> None:
    watcher, claimer = phones(), phones()
    watcher.goto(f"{site.url}/volunteer")
    wait_live(watcher, "shifts")
    watcher.evaluate("window.__sameDocument = true")
    runner = card(watcher, site, "Session runner")
    expect(runner.locator("[data-places]")).to_have_text("2 of 3 places free")

    join(claimer, site, "Fay Lund")
    card(claimer, site, "Session runner").get_by_role("button", name="Claim").click()
    expect(card(claimer, site, "Session runner").locator(".badge.mine")).to_be_visible()

    expect(runner.locator("[data-places]")).to_have_text("1 of 3 places free", timeout=LIVE)
    assert watcher.evaluate("window.__sameDocument") is True


def test_two_phones_race_for_the_last_place(site: Site, phones: Any) -> None:
    racers = [phones(), phones()]
    for phone, name in zip(racers, ("Gus Pereira", "Hana Sato"), strict=True):
        join(phone, site, name)
        wait_live(phone, "shifts")
    form = f'#shift-{site.shifts["Lightning-talk wrangler"]} form[data-claim]'
    submit = f'document.querySelector("{form}").requestSubmit()'
    for phone in racers:
        phone.evaluate(submit)

    outcomes = []
    for phone in racers:
        status = card(phone, site, "Lightning-talk wrangler").locator(".card-status")
        expect(status).to_be_visible(timeout=LIVE)
        outcomes.append(status.inner_text())
    won = [o for o in outcomes if "You're signed up" in o]
    lost = [o for o in outcomes if "someone just took the last place" in o]
    assert len(won) == 1 and len(lost) == 1, outcomes
    loser = racers[outcomes.index(lost[0])]
    places = card(loser, site, "Lightning-talk wrangler").locator("[data-places]")
    expect(places).to_have_text("Full · 1 of 1 taken")
    show(card(loser, site, "Lightning-talk wrangler"))
    loser.screenshot_to("volunteer-full.png")
    assert site.shift(site.shifts["Lightning-talk wrangler"])["taken"] == 1


def test_a_booth_handoff_from_one_phone_to_another(site: Site, phones: Any) -> None:
    ana, ben, kiosk = phones(), phones(), phones()
    booth_id = site.booths["Packaging Project Booth"]
    join(ana, site, "Ivo Marsh")
    ana.goto(f"{site.url}/volunteer/booths")
    wait_live(ana, "booths")
    booth = ana.locator(f"#booth-{booth_id}")
    expect(booth.locator(".badge.unstaffed")).to_have_text("Unstaffed")
    booth.get_by_role("button", name="Take this booth").click()
    booth = ana.locator(f"#booth-{booth_id}")
    expect(booth.locator(".badge.mine")).to_have_text("✓ You're at this booth")

    sign_in(ben, site, "Ben Okafor")
    ben.goto(f"{site.url}/volunteer/booths")
    wait_live(ben, "booths")
    ben.evaluate("window.__sameDocument = true")

    booth.get_by_label("Find the next person by name").fill("ben")
    booth.get_by_role("button", name="Search").click()
    booth = ana.locator(f"#booth-{booth_id}")
    booth.get_by_label("Ben Okafor").check()
    booth.get_by_label("Note for them").fill("Cash box counted, swag low <b>!</b>")
    show(booth)
    ana.screenshot_to("volunteer-handoff-offer.png")
    booth.get_by_role("button", name="Offer the handoff").click()
    booth = ana.locator(f"#booth-{booth_id}")
    expect(booth.locator(".pending")).to_contain_text("Offered to Ben Okafor")
    show(booth)
    ana.screenshot_to("volunteer-handoff-pending.png")

    offered = ben.locator(f"#booth-{booth_id} .offer")
    expect(offered).to_contain_text("Ivo Marsh offers you this booth.", timeout=LIVE)
    expect(offered.locator(".note")).to_contain_text("Cash box counted, swag low <b>!</b>")
    assert ben.evaluate("window.__sameDocument") is True, "the offer came live"
    show(ben.locator(f"#booth-{booth_id}"))
    ben.screenshot_to("volunteer-handoff-received.png")
    offered.get_by_role("button", name="Accept").click()
    expect(ben.locator(f"#booth-{booth_id} .badge.mine")).to_have_text("✓ You're at this booth")
    assert site.booth(booth_id)["holder"]["name"] == "Ben Okafor"
    expect(ana.locator(f"#booth-{booth_id} .holder")).to_contain_text(
        "Staffed by Ben Okafor", timeout=LIVE)

    kiosk.goto(f"{site.url}/kiosk/booths")
    expect(kiosk.locator(f'[data-booth="{booth_id}"]')).to_contain_text("Ben Okafor",
                                                                      timeout=LIVE)
    ben.goto(f"{site.url}/volunteer/booths")
    ben.screenshot_to("volunteer-booths.png")


def test_a_lost_connection_shows_the_banner_and_the_tap_goes_through_once(
        site: Site, phones: Any) -> None:
    phone = phones()
    join(phone, site, "Jo Park")
    wait_live(phone, "shifts")
    shift_id = site.shifts["Registration"]
    before = site.shift(shift_id)["taken"]
    banner = phone.locator("#connection")
    expect(banner).to_be_hidden()
    site.server.kill()
    expect(banner).to_be_visible(timeout=LIVE)
    registration = card(phone, site, "Registration")
    registration.get_by_role("button", name="Claim").click()
    expect(banner).to_contain_text("Connection lost. Retrying")
    phone.evaluate("window.scrollTo(0, 0)")
    phone.screenshot_to("volunteer-offline.png")
    site.server.start()
    expect(card(phone, site, "Registration").locator(".card-status")).to_contain_text(
        "You're signed up: Registration", timeout=30_000)
    expect(banner).to_be_hidden(timeout=30_000)
    assert site.shift(shift_id)["taken"] == before + 1


def test_the_forms_work_with_javascript_off(site: Site, phones: Any) -> None:
    phone = phones(javascript=False)
    join(phone, site, "Noscript Nora")
    shift_id = site.shifts["Registration"]
    before = site.shift(shift_id)["taken"]
    card(phone, site, "Registration").get_by_role("button", name="Claim").click()
    expect(phone.locator(".flashes")).to_contain_text("You're signed up: Registration")
    assert phone.url.endswith(f"/volunteer#shift-{shift_id}")
    expect(card(phone, site, "Registration").locator(".badge.mine")).to_be_visible()
    assert site.shift(shift_id)["taken"] == before + 1

    phone.goto(f"{site.url}/volunteer/mine")
    phone.locator(f"#shift-{shift_id}").get_by_role("button", name="Check in").click()
    expect(phone.locator(".flashes")).to_contain_text("Checked in: Registration")
    expect(phone.locator(f"#shift-{shift_id} .badge.ok")).to_have_text("✓ Checked in")

    phone.goto(f"{site.url}/volunteer/booths?handover=x")
    expect(phone.locator("h1")).to_have_text("Booths")


def test_my_shifts_follow_the_organizers_moving_and_cancelling_them(
        site: Site, phones: Any) -> None:
    api = site.api
    start = datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(hours=6)
    shift = api.admin("POST", "/shifts", {
        "role": "Setup crew", "location": "Loading dock", "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=2)).isoformat(), "capacity": 2})["id"]
    gil = site.people["Gil Amsel"] = api.register("Gil Amsel")
    api.ok("POST", f"/shifts/{shift}/signups", gil[1])
    phone = phones()
    sign_in(phone, site, "Gil Amsel")
    phone.goto(f"{site.url}/volunteer/mine")
    phone.wait_for_selector("[data-live-mine][data-live='yes']", timeout=15_000)
    mine = phone.locator(f"#shift-{shift}")
    expect(mine.locator("h3")).to_have_text("Setup crew")

    later = start + timedelta(hours=1)
    api.admin("PATCH", f"/shifts/{shift}", {
        "starts_at": later.isoformat(), "ends_at": (later + timedelta(hours=2)).isoformat(),
        "location": "Loading dock B"})
    expect(phone.locator("#notice")).to_contain_text("changed by the organizers", timeout=LIVE)
    expect(mine).to_contain_text("Loading dock B")
    shown = datetime.fromisoformat(mine.get_attribute("data-starts") or "")
    assert shown == later

    phone.wait_for_selector("[data-live-mine][data-live='yes']", timeout=15_000)
    phone.evaluate("window.__sameDocument = true")
    api.admin("DELETE", f"/shifts/{shift}", {"reason": "Not needed"})
    expect(mine).to_have_count(0, timeout=LIVE)
    assert phone.evaluate("window.__sameDocument") is None, "drawn again"


def test_a_shift_added_to_the_day_is_offered_without_a_reload(
        site: Site, phones: Any) -> None:
    zone = ZoneInfo(site.api.ok("GET", "/conference")["time_zone"])
    start = datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(hours=4)
    day = start.astimezone(zone).date().isoformat()
    phone = phones()
    phone.goto(f"{site.url}/volunteer?day={day}")
    wait_live(phone, "shifts")
    phone.evaluate("window.__sameDocument = true")
    banner = phone.locator("[data-new-shifts]")
    expect(banner).to_be_hidden()

    shift = site.api.admin("POST", "/shifts", {
        "role": "Badge printing", "location": "Registration Desk, Main Lobby",
        "starts_at": start.isoformat(), "ends_at": (start + timedelta(hours=1)).isoformat(),
        "capacity": 2})["id"]
    expect(banner).to_contain_text("1 more shift for this day.", timeout=LIVE)
    assert phone.evaluate("window.__sameDocument") is True
    banner.get_by_role("link", name="Show").click()
    expect(phone.locator(f"#shift-{shift} h3")).to_have_text("Badge printing")
    expect(phone.locator("[data-new-shifts]")).to_be_hidden()
