"""Sign-up sheets and announcements from the organizer pages in a real browser against
a real server: post a lightning-talk session, move a talk, set the whole order, mark a
talk given; post an announcement and change it. Names go on the sheet through the
store, as the phones' requests would put them. The tests also write
docs/images/organizer-sheets.png and organizer-announcements.png (1920x1080)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from tests.browser.helpers import Page, store_app
from tests.browser.test_organizer import sign_in
from tests.support.server import ApiClient, ServerProcess

ZONE = ZoneInfo("America/New_York")
TALKS = [("Ana Lima", "Ten years of pip, in five minutes"),
         ("Ben Okafor", "Why my tests got 40x faster"),
         ("Chen Wei", "A tiny Forth in Python"),
         ("Dana Novak", "Teaching Python in prisons")]


def tomorrow_at(hour: int) -> datetime:
    day = (datetime.now(ZONE) + timedelta(days=1)).date()
    return datetime(day.year, day.month, day.day, hour, tzinfo=ZONE)


def names_on(database_url: str, sheet_id: str) -> dict[str, str]:
    """Speakers put their names down; a person posts a dinner group, a sprint is posted:
    what the phones and the API do, through the store. Name -> person id."""
    app = store_app(database_url)
    try:
        people = {}
        for name, talk in TALKS:
            person = UUID(app.register_person(name).result["id"])
            app.add_entry(UUID(sheet_id), person, talk)
            people[name] = person.hex
        host = UUID(app.register_person("Eli Cohen").result["id"])
        dinner = UUID(app.post_sheet("dinner", "Dinner at Luigi's", tomorrow_at(19),
                                     "Luigi's, 4 Main St", 6,
                                     meeting_point="Registration desk",
                                     owner_id=host).result["id"])
        app.add_entry(dinner, UUID(people["Ana Lima"]))
        app.add_entry(dinner, UUID(people["Chen Wei"]))
        app.post_sheet("sprint", "CPython docs sprint", tomorrow_at(9), "Room 251", None,
                       "Bring a laptop; we pair newcomers with core developers.",
                       ends_at=tomorrow_at(17), by="Maria")
        return people
    finally:
        app.close()


def talk_order(page: Page, sheet_id: str) -> list[str]:
    rows = page.locator(f"#sheet-{sheet_id} table.talks tbody tr .talk-title")
    return [text.strip() for text in rows.all_inner_texts()]


def test_run_a_lightning_session_and_post_an_announcement(
        make_server: Callable[[], ServerProcess], page: Page) -> None:
    server = make_server()
    api = ApiClient(server.url)
    api.admin("PATCH", "/conference", {"name": "PyCon Test", "time_zone": "America/New_York"})
    api.admin("POST", "/rooms", {"name": "Ballroom A", "capacity": 300})
    sign_in(page, server.url)
    page.click("nav a:has-text('Sheets')")
    expect(page.locator("h1")).to_have_text("Sign-up sheets")

    section = page.locator("#kind-lightning_talks")
    section.locator("details.add summary").click()
    form = page.locator("#post-lightning_talks")
    form.locator("input[name=title]").fill("Friday lightning talks")
    form.locator("input[name=starts_at]").fill(tomorrow_at(17).strftime("%Y-%m-%dT%H:%M"))
    form.locator("input[name=minutes]").fill("60")
    form.locator("input[name=location]").fill("Ballroom A")
    form.locator("input[name=capacity]").fill("8")
    form.locator("textarea[name=description]").fill("Five minutes each, no slides needed.")
    form.locator("button[type=submit]").click()
    expect(page.locator(".flash.ok")).to_have_text("Sheet posted.")
    card = page.locator("#kind-lightning_talks article.sheet")
    expect(card).to_have_count(1)
    sheet_id = card.get_attribute("data-sheet")
    assert sheet_id
    expect(card.locator(".facts")).to_contain_text("17:00–18:00 · Ballroom A")
    history = card.locator("h3 a").get_attribute("href")
    assert history == f"/organizer/history/sheet/{sheet_id}"

    people = names_on(server.database_url, sheet_id)
    page.reload()
    titles = [talk for _name, talk in TALKS]
    assert talk_order(page, sheet_id) == titles
    expect(card.locator(".fill")).to_have_text("4 / 8 talks")

    # Ana's talk a place later, then the whole order typed in.
    card.locator(f"#talk-{sheet_id}-{people['Ana Lima']} .move-down button").click()
    expect(page.locator(".flash.ok")).to_have_text("Speaking order changed.")
    assert talk_order(page, sheet_id) == [titles[1], titles[0], titles[2], titles[3]]
    for place, name in enumerate(["Chen Wei", "Ben Okafor", "Ana Lima", "Dana Novak"],
                                 start=1):
        card.locator(f"#place-{sheet_id}-{people[name]}").fill(str(place))
    card.locator(".set-order button").click()
    expect(page.locator(".flash.ok")).to_have_text("Speaking order changed.")
    assert talk_order(page, sheet_id) == [titles[2], titles[1], titles[0], titles[3]]

    # Chen has spoken: Ben is up next.
    chen = card.locator(f"#talk-{sheet_id}-{people['Chen Wei']}")
    chen.locator(".mark-given button").click()
    expect(page.locator(".flash.ok")).to_have_text("Talk marked given.")
    expect(chen.locator(".badge")).to_have_text("given")
    expect(card.locator(f"#talk-{sheet_id}-{people['Ben Okafor']} .badge")) \
        .to_have_text("up next")
    expect(chen.locator(".take-off")).to_have_count(0)
    expect(page.locator("#kind-dinner article.sheet .fill")).to_have_text("2 / 6 names")
    expect(page.locator("#kind-dinner article.sheet")).to_contain_text("posted by Eli Cohen")
    expect(page.locator("#kind-sprint article.sheet")).to_contain_text("CPython docs sprint")
    page.screenshot_to("organizer-sheets.png")
    board = api.ok("GET", "/boards/sheets")["data"]
    talks = next(s for s in board["sheets"] if s["id"] == sheet_id)
    assert [e.get("outcome") for e in talks["entries"]] == ["given", None, None, None]

    page.click("nav a:has-text('Announcements')")
    form = page.locator("#post-announcement")
    form.locator("textarea[name=text]").fill(
        "Lightning talks start at 17:00 in Ballroom A: sign up at the registration desk!")
    form.locator("input[name=until]").fill(tomorrow_at(18).strftime("%Y-%m-%dT%H:%M"))
    form.locator("button[type=submit]").click()
    expect(page.locator(".flash.ok")).to_contain_text("Announcement posted")
    listed = page.locator("#in-force li.announcement")
    expect(listed).to_have_count(1)
    expect(listed).to_contain_text("until")
    page.locator("#post-announcement textarea[name=text]").fill(
        "Coffee and cake in the Expo Hall until 16:00.")
    page.locator("#post-announcement button[type=submit]").click()
    expect(listed).to_have_count(2)
    newest = listed.first
    newest.locator("summary").click()
    newest.locator(".edit-announcement textarea[name=text]").fill(
        "Coffee and cake in the Expo Hall until 16:30.")
    newest.locator(".edit-announcement button[type=submit]").click()
    expect(page.locator(".flash.ok")).to_have_text("Announcement changed.")
    expect(page.locator("#in-force")).to_contain_text("until 16:30")
    page.screenshot_to("organizer-announcements.png")
    shown = api.ok("GET", "/boards/announcements")["data"]["announcements"]
    assert sorted(a["text"][:6] for a in shown) == ["Coffee", "Lightn"]
    until = next(a["until"] for a in shown if a["text"].startswith("Lightning"))
    assert datetime.fromisoformat(until) == tomorrow_at(18)
    assert page.errors == []
