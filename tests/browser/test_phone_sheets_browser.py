"""/sheets ("Tonight") on a phone (360x740, headless Chromium) against a real server: a
visitor joins, joins a dinner group with one tap and signs up for a lightning talk;
names put down elsewhere (another writer on the store, as other phones' requests
would) change places left and the queue without a reload; an announcement appears
live, and so does a cancelled dinner's reason. The test writes
docs/images/phone-sheets.png and phone-announcement.png."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from tests.browser.helpers import Page, store_app
from tests.support.server import ApiClient, ServerProcess

ZONE = ZoneInfo("America/New_York")
PHONE = {"width": 360, "height": 740}
LIVE = 10_000


def tomorrow_at(hour: int) -> datetime:
    day = (datetime.now(ZONE) + timedelta(days=1)).date()
    return datetime(day.year, day.month, day.day, hour, tzinfo=ZONE)


def seed(database_url: str) -> dict[str, Any]:
    """A lightning-talk session with two talks, a dinner group with one name, a sprint."""
    app = store_app(database_url)
    try:
        people = {name: UUID(app.register_person(name).result["id"])
                  for name in ("Ben Okafor", "Chen Wei", "Eli Cohen", "Dana Novak")}
        talks = UUID(app.post_sheet("lightning_talks", "Friday lightning talks",
                                    tomorrow_at(17), "Ballroom A", 8).result["id"])
        app.add_entry(talks, people["Ben Okafor"], "Why my tests got 40x faster")
        app.add_entry(talks, people["Chen Wei"], "A tiny Forth in Python")
        dinner = UUID(app.post_sheet("dinner", "Dumplings at Mei's", tomorrow_at(19),
                                     "Mei's, 12 Canal St", 4, meeting_point="Registration desk",
                                     owner_id=people["Eli Cohen"]).result["id"])
        app.add_entry(dinner, people["Chen Wei"])
        app.post_sheet("sprint", "CPython docs sprint", tomorrow_at(10), "Room 251", None,
                       "Docs and tests; newcomers pair with core developers.",
                       ends_at=tomorrow_at(17))
        return {"people": people, "talks": talks, "dinner": dinner}
    finally:
        app.close()


def test_join_with_one_tap_and_follow_changes_live(
        make_server: Callable[[], ServerProcess], browser: Any) -> None:
    server = make_server()
    ApiClient(server.url).admin("PATCH", "/conference",
                                {"name": "PyCon Test", "time_zone": ZONE.key})
    seeded = seed(server.database_url)
    context = browser.new_context(viewport=PHONE, device_scale_factor=1)
    phone = Page(context.new_page())
    try:
        phone.goto(f"{server.url}/sheets")
        expect(phone.locator("h1")).to_have_text("Tonight")
        dinner = phone.locator(f"#sheet-{seeded['dinner'].hex}")
        expect(dinner.locator("[data-places]")).to_have_text("3 places left of 4")
        expect(dinner.locator("form[action$='/join']")).to_have_count(0)  # signed out
        phone.fill("#join-name", "Ana Lima")
        phone.click(".join button[type=submit]")
        phone.wait_for_url(f"{server.url}/sheets")

        # One tap joins the dinner group.
        dinner.get_by_role("button", name="Join").click()
        expect(phone.locator(".flash.ok")).to_have_text("You're on it: Dumplings at Mei's.")
        expect(dinner.locator("[data-places]")).to_have_text("2 places left of 4")
        expect(dinner).to_contain_text("✓ You're on it")
        expect(dinner).to_contain_text("Meet: Registration desk at 19:00")

        talks = phone.locator(f"#sheet-{seeded['talks'].hex}")
        talks.locator("input[name=title]").fill("Ten years of pip, in five minutes")
        talks.get_by_role("button", name="Sign up to speak").click()
        expect(talks.locator("[data-my-place]")).to_have_text("You speak 3rd")
        yours = phone.locator("#yours")
        expect(yours.locator("li")).to_have_count(2)

        # Names put down and taken off elsewhere: the page follows without a reload.
        phone.wait_for_selector("[data-sheets-live][data-live=yes]", timeout=LIVE)
        phone.evaluate("window.notReloaded = true")
        app = store_app(server.database_url)
        try:
            app.add_entry(seeded["dinner"], seeded["people"]["Dana Novak"])
            app.remove_entry(seeded["talks"], seeded["people"]["Ben Okafor"])
        finally:
            app.close()
        expect(dinner.locator("[data-places]")).to_have_text("1 place left of 4", timeout=LIVE)
        expect(talks.locator("[data-my-place]")).to_have_text("You speak 2nd", timeout=LIVE)
        expect(yours.locator("[data-my-place]")).to_have_text("You speak 2nd")
        expect(yours.locator("li")).to_have_count(2)
        assert phone.evaluate("window.notReloaded") is True
        talks.evaluate("e => { e.scrollIntoView({block: 'start'}); window.scrollBy(0, -12); }")
        phone.screenshot_to("phone-sheets.png")

        # An announcement posted elsewhere appears on the page, live, as text.
        strip = phone.locator("[data-announcements]")
        expect(strip).to_be_hidden()
        app = store_app(server.database_url)
        try:
            app.post_announcement("Lightning talks start at 17:00 in Ballroom A: "
                                  "sign up here on <b>Tonight</b>!")
        finally:
            app.close()
        expect(strip).to_be_visible(timeout=LIVE)
        expect(strip.locator("li")).to_have_text(
            "Lightning talks start at 17:00 in Ballroom A: sign up here on <b>Tonight</b>!")
        assert strip.locator("b").count() == 0
        assert phone.evaluate("window.notReloaded") is True
        phone.evaluate("window.scrollTo(0, 0)")
        phone.screenshot_to("phone-announcement.png")

        # The owner cancels the dinner elsewhere: it goes, and "Yours" says why.
        app = store_app(server.database_url)
        try:
            app.cancel_sheet(seeded["dinner"], "Mei's is closed tonight",
                             person_id=seeded["people"]["Eli Cohen"])
        finally:
            app.close()
        expect(dinner).to_have_count(0, timeout=LIVE)
        expect(yours.locator(f"[data-cancelled-sheet='{seeded['dinner'].hex}']")) \
            .to_contain_text("Dumplings at Mei's")
        expect(yours).to_contain_text("Why: Mei's is closed tonight")
        expect(yours.locator("li.card")).to_have_count(1)
        assert phone.evaluate("window.notReloaded") is True
        assert phone.errors == [], phone.errors
    finally:
        context.close()


def test_a_live_change_waits_while_the_person_types(
        make_server: Callable[[], ServerProcess], browser: Any) -> None:
    server = make_server()
    seeded = seed(server.database_url)
    context = browser.new_context(viewport=PHONE, device_scale_factor=1)
    phone = Page(context.new_page())
    try:
        phone.goto(f"{server.url}/sheets")
        phone.fill("#join-name", "Ana Lima")
        phone.click(".join button[type=submit]")
        phone.wait_for_url(f"{server.url}/sheets")
        phone.wait_for_selector("[data-sheets-live][data-live=yes]", timeout=LIVE)
        title = phone.locator(f"#talk-{seeded['talks'].hex}")
        title.fill("Half-typed tit")
        dinner = phone.locator(f"#sheet-{seeded['dinner'].hex}")
        app = store_app(server.database_url)
        try:
            app.add_entry(seeded["dinner"], seeded["people"]["Dana Novak"])
        finally:
            app.close()
        phone.wait_for_timeout(2000)  # the patch has come; the redraw waits
        expect(dinner.locator("[data-places]")).to_have_text("3 places left of 4")
        expect(title).to_be_focused()
        expect(title).to_have_value("Half-typed tit")
        phone.locator("h1").click()  # leaves the field
        expect(dinner.locator("[data-places]")).to_have_text("2 places left of 4",
                                                             timeout=LIVE)
        assert phone.errors == [], phone.errors
    finally:
        context.close()
