"""The organizer pages in a real browser against a real server: sign in, load the demo,
cancel a shift and see it leave the kiosk; the overview follows the boards live;
scrub the timeline to before a claim and back; filter the history by a person.
The tests also write docs/images/organizer-*.png (1920x1080) for the guide."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

import pytest
import requests
from playwright.sync_api import expect

from coordinator.application import Coordinator
from coordinator.demo.activity import seed_activity
from coordinator.setup.file import load_demo
from tests.browser.helpers import Page
from tests.support.server import ADMIN_TOKEN, ApiClient, ServerProcess

LIVE = 10_000
NEW_YORK = ZoneInfo("America/New_York")  # the demo conference's time zone


def sign_in(page: Page, url: str, name: str = "Maria") -> None:
    page.goto(f"{url}/organizer")
    page.fill("#name", name)
    page.fill("#token", ADMIN_TOKEN)
    page.click("#signin button[type=submit]")
    expect(page.locator(".who strong")).to_have_text(name)


def tomorrow() -> str:
    return (datetime.now(NEW_YORK) + timedelta(days=1)).date().isoformat()


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory,
                vendor_assets: Path) -> Iterator[ServerProcess]:
    """A server on a store holding the demo conference (moved to today) and its people."""
    folder = tmp_path_factory.mktemp("demo")
    url = f"sqlite:///{folder}/coordinator.db"
    app = Coordinator(url)
    load_demo(app)
    seed_activity(app)
    _desk_work(app)
    app.close()
    with ServerProcess(url, folder / "serve.log") as server:
        yield server


def _desk_work(app: Coordinator) -> None:
    """What the volunteer desk did on the demo's first shifts: check-ins and no-shows."""
    from projections.engine.runner import ProjectionRunner

    shifts = ProjectionRunner(app, checkpoints=False).read(
        lambda s: [(x["id"], list(x["signups"])) for x in s["shifts"]["shifts"].values()
                   if x["signups"]])
    for number, (shift, people) in enumerate(sorted(shifts)[:8]):
        for person in people:
            if number % 3 == 0:
                app.mark_no_show(UUID(shift), UUID(person), by="Maria")
            else:
                app.check_in(UUID(shift), UUID(person), by_organizer=True, by="Maria")


def test_sign_in_load_the_demo_and_cancel_a_shift(
        make_server: Callable[[], ServerProcess], page: Page, browser: Any) -> None:
    server = make_server()
    page.goto(f"{server.url}/organizer")
    expect(page.locator("#signin")).to_be_visible()
    page.fill("#name", "Maria")
    page.screenshot_to("organizer-signin.png")
    page.fill("#token", ADMIN_TOKEN)
    page.click("#signin button[type=submit]")
    page.click("nav a:has-text('Set-up')")
    page.click("#demo-form button[type=submit]")
    expect(page.locator(".flash.ok")).to_contain_text("Loaded the demo conference.")
    page.screenshot_to("organizer-setup.png")

    day = tomorrow()
    kiosk = browser.new_context(viewport={"width": 1920, "height": 1080}).new_page()
    kiosk.goto(f"{server.url}/kiosk/shifts?day={day}")
    expect(kiosk.locator("#status")).to_have_text("Live", timeout=15_000)
    first = kiosk.locator(".shift-list .shift").first
    expect(first).to_be_visible()
    shift_id = first.get_attribute("data-shift")
    assert shift_id
    kiosk.evaluate("window.__sameDocument = true")

    page.goto(f"{server.url}/organizer/shifts?day={day}")
    row = page.locator(f"#shift-{shift_id}")
    row.locator("summary").click()
    row.locator("input[name=reason]").fill("Not needed this year")
    page.screenshot_to("organizer-shifts.png")
    row.locator(".cancel-shift button").click()
    expect(page.locator(".flash.ok")).to_contain_text("Shift cancelled")
    expect(page.locator(f"#shift-{shift_id}")).to_have_count(0)

    expect(kiosk.locator(f'.shift[data-shift="{shift_id}"]')).to_have_count(0, timeout=LIVE)
    assert kiosk.evaluate("window.__sameDocument") is True
    page.goto(f"{server.url}/organizer/history?type=Shift.Cancelled")
    expect(page.locator(".event").first).to_contain_text("'Not needed this year'")
    expect(page.locator(".event .by").first).to_have_text("by Maria")
    assert page.errors == []
    kiosk.context.close()


def test_the_overview_follows_the_boards(demo_server: ServerProcess, page: Page) -> None:
    sign_in(page, demo_server.url)
    expect(page.locator("#live-status")).to_have_text("Live", timeout=15_000)
    page.evaluate("window.__sameDocument = true")
    page.screenshot_to("organizer-overview.png")
    api = ApiClient(demo_server.url)
    booth = api.admin("POST", "/booths", {"name": "Brand-new Booth", "location": "Hall C"})
    unstaffed = page.locator("#booths-title + ul")
    expect(unstaffed).to_contain_text("Brand-new Booth", timeout=LIVE)
    person = api.register("Zoë Quinn")
    api.ok("POST", f"/booths/{booth['id']}/staff", person.token)
    expect(unstaffed).not_to_contain_text("Brand-new Booth", timeout=LIVE)
    assert page.evaluate("window.__sameDocument") is True
    assert page.errors == []


def test_scrub_to_before_a_claim_and_back(make_server: Callable[[], ServerProcess],
                                          page: Page) -> None:
    server = make_server()
    api = ApiClient(server.url)
    api.admin("PATCH", "/conference", {"name": "Time Con", "time_zone": "UTC"})
    room = api.admin("POST", "/rooms", {"name": "Room 3", "capacity": 20})["id"]
    start = (datetime.now(UTC) + timedelta(days=1)).replace(hour=15, minute=0, second=0,
                                                            microsecond=0)
    slot = api.admin("POST", "/open-space/slots", {
        "room_id": room, "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=1)).isoformat()})["id"]
    ana = api.register("Ana")
    claimed = api.ok("POST", f"/open-space/slots/{slot}/claim", ana.token,
                     {"topic": "Packaging in 2027"})["position"]
    api.register("Ben")  # something after the claim
    sign_in(page, server.url)
    page.goto(f"{server.url}/organizer/timeline?day={start.date().isoformat()}")
    cell = page.locator(f'#past-grid td[data-slot="{slot}"]')
    expect(cell).to_contain_text("Packaging in 2027")

    # The slider: drag it to the event before the claim.
    page.locator("#scrub").evaluate(
        "(el, value) => { el.value = value; el.dispatchEvent(new Event('change')); }",
        claimed - 1)
    page.wait_for_url(re.compile(rf"at={claimed - 1}"))
    expect(page.locator("#past-banner")).to_contain_text("The past, read-only")
    expect(cell).to_have_text("FREE")
    expect(page.locator("form[method=post]")).to_have_count(1)  # only signing out
    page.screenshot_to("organizer-timeline.png")

    page.click("#step-forward")  # one event forward: the claim
    page.wait_for_url(re.compile(rf"at={claimed}\b"))
    expect(cell).to_contain_text("Packaging in 2027")
    expect(page.locator("#the-event")).to_contain_text("Ana claimed Room 3")
    shared = page.locator("#share-link").get_attribute("href")
    assert shared and shared.endswith(f"/organizer/timeline?at={claimed}")
    page.click("#step-back")
    expect(cell).to_have_text("FREE")
    assert page.errors == []


def test_filter_the_history_by_person(demo_server: ServerProcess, page: Page) -> None:
    sign_in(page, demo_server.url)
    page.goto(f"{demo_server.url}/organizer/history")
    expect(page.locator(".event").first).to_be_visible()
    page.fill("#history-filters input[name=person]", "Ana Souza")
    page.check("#history-filters input[name=bookkeeping]")
    page.click("#history-filters button[type=submit]")
    events = page.locator(".event .words")
    expect(events.first).to_be_visible()
    for text in events.all_inner_texts():
        assert "Ana Souza" in text, text
    expect(events.last).to_have_text("Ana Souza registered")
    page.screenshot_to("organizer-history.png")
    page.locator(".event .words a", has_text="Ana Souza").first.click()
    expect(page.locator("h1")).to_have_text("Ana Souza")
    assert page.errors == []


def test_reports_import_preview_and_log_operations(demo_server: ServerProcess,
                                                   page: Page) -> None:
    sign_in(page, demo_server.url)
    page.goto(f"{demo_server.url}/organizer/reports")
    expect(page.locator("svg.chart")).to_have_count(5)
    page.screenshot_to("organizer-reports.png")
    csv = requests.get(f"{demo_server.url}/organizer/reports/hours.csv", timeout=10)
    assert csv.status_code == 200 and "Hours signed up" not in csv.text  # needs a session

    day = tomorrow()
    page.goto(f"{demo_server.url}/organizer/shifts/import")
    page.fill("#csv-text", "role,place,start,end,capacity\n"
                           f"Photographer,Main Hall,{day} 09:00,11:00,2\n"
                           f"Photographer,Main Hall,{day} 13:00,11:00,2\n"
                           f"Runner,Hall B,{day} 10:00,12:00,lots\n")
    page.click("#import-form button[type=submit]")
    expect(page.locator("#problems")).to_contain_text("Line 3:")
    expect(page.locator("#problems")).to_contain_text("Line 4:")
    expect(page.locator("#confirm-import")).to_have_count(0)
    page.screenshot_to("organizer-import-preview.png")

    page.goto(f"{demo_server.url}/organizer/log")
    page.click("#rebuild-form button[type=submit]")
    expect(page.locator("#job [data-job=state]")).to_contain_text("done", timeout=30_000)
    page.click("#verify-form button[type=submit]")
    expect(page.locator("#job [data-job=message]")).to_contain_text("no differences",
                                                                   timeout=30_000)
    page.screenshot_to("organizer-log.png")
    assert page.errors == []
