"""Sign-up sheets from the organizer pages: lightning-talk sessions, dinner groups and
sprints posted (times in the conference's time zone), changed, closed, reopened and
cancelled; names taken off; the speaking order changed a step or all at once, talks
marked given or skipped. Bad input is refused with its message and stores nothing."""

from __future__ import annotations

import html
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

from coordinator.event_log import event_to_dict, iter_notifications
from tests.web.organizer_support import Browser, browser, organizer  # noqa: F401

XSS = "<img src=x onerror=alert(1)>"
ZONE_OFFSETS = ("+01:00", "+02:00")  # Prague, winter or summer


def day() -> str:
    return (date.today() + timedelta(days=30)).isoformat()


def sheets(b: Browser) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = b.services.boards.board("sheets")[1]["sheets"]
    return found


def events(b: Browser) -> list[dict[str, Any]]:
    return [event_to_dict(n, b.app.mapper, plain=True) for n in iter_notifications(b.app.recorder)]


def only(b: Browser) -> dict[str, Any]:
    (sheet,) = sheets(b)
    return sheet


def post(b: Browser, **fields: str) -> str:
    """Post a sheet from the form; the page the browser lands on, unescaped."""
    return html.unescape(b.flashes(b.post("/organizer/sheets", fields)))


def lightning(b: Browser, capacity: str = "8") -> str:
    b.app.change_settings({"time_zone": "Europe/Prague"})
    page = post(b, kind="lightning_talks", title="Friday lightning talks",
                starts_at=f"{day()}T17:00", minutes="45", location="Room A",
                capacity=capacity, description="Five minutes each")
    assert "Sheet posted." in page
    sheet_id: str = only(b)["id"]
    return sheet_id


def speakers(b: Browser, sheet_id: str, *names: str) -> list[UUID]:
    people = []
    for name in names:
        person = UUID(b.app.register_person(name).result["id"])
        b.app.add_entry(UUID(sheet_id), person, f"Talk by {name}")
        people.append(person)
    return people


def order(b: Browser) -> list[str]:
    return [e["name"] for e in only(b)["entries"]]


def test_a_lightning_session_is_posted_in_the_conference_time(organizer: Browser) -> None:  # noqa: F811
    sheet_id = lightning(organizer)
    sheet = only(organizer)
    assert sheet["kind"] == "lightning_talks" and sheet["capacity"] == 8
    start, end = (datetime.fromisoformat(sheet[k]) for k in ("starts_at", "ends_at"))
    assert sheet["starts_at"].startswith(f"{day()}T17:00:00") and \
        sheet["starts_at"].endswith(ZONE_OFFSETS)
    assert end - start == timedelta(minutes=45)
    assert (sheet["location"], sheet["owner"]) == ("Room A", None)
    page = organizer.text("/organizer/sheets")
    section = page.split('id="kind-lightning_talks"')[1].split("</section>")[0]
    assert f'id="sheet-{sheet_id}"' in section and "Friday lightning talks" in section
    assert f'href="/organizer/history/sheet/{sheet_id}"' in section
    assert "0 / 8 talks" in section
    (posted,) = [e for e in events(organizer) if e["type"] == "Sheet.Posted"]
    assert posted["data"]["by"] == "Maria"


def test_dinner_groups_and_sprints_are_posted(organizer: Browser) -> None:  # noqa: F811
    organizer.app.change_settings({"time_zone": "UTC"})
    post(organizer, kind="dinner", title="Dinner at Luigi's", starts_at=f"{day()}T19:00",
         location="Luigi's, Main St 4", capacity="6", meeting_point="Registration desk")
    page = post(organizer, kind="sprint", title="CPython docs", starts_at=f"{day()}T09:00",
                ends_at=f"{day()}T17:00", location="Room 3", capacity="")
    assert "Sheet posted." in page
    dinner, sprint = sorted(sheets(organizer), key=lambda s: s["kind"])
    assert dinner["meeting_point"] == "Registration desk"
    assert dinner["ends_at"] == f"{day()}T21:00:00+00:00"  # a dinner's default length
    assert sprint["capacity"] is None and sprint["ends_at"] == f"{day()}T17:00:00+00:00"
    dinners = page.split('id="kind-dinner"')[1].split("</section>")[0]
    sprints = page.split('id="kind-sprint"')[1].split("</section>")[0]
    assert "Dinner at Luigi's" in dinners and "meet at Registration desk" in dinners
    assert "CPython docs" in sprints and "0 names" in sprints and "CPython" not in dinners
    edit = {"title": "CPython docs", "starts_at": f"{day()}T09:00",
            "ends_at": f"{day()}T18:00", "location": "Room 3", "capacity": "3"}
    organizer.post(f"/organizer/sheets/{sprint['id']}/edit", edit)
    assert next(s for s in sheets(organizer) if s["kind"] == "sprint")["capacity"] == 3
    organizer.post(f"/organizer/sheets/{sprint['id']}/edit", {**edit, "capacity": ""})
    sprint = next(s for s in sheets(organizer) if s["kind"] == "sprint")
    assert sprint["capacity"] is None and sprint["ends_at"] == f"{day()}T18:00:00+00:00"
    # A dinner group always has a number of places.
    refused = organizer.post(f"/organizer/sheets/{dinner['id']}/edit",
                             {**edit, "capacity": ""})
    assert "'capacity' must be a whole number" in html.unescape(organizer.flashes(refused))


def test_a_sheet_is_changed_closed_reopened_and_cancelled(organizer: Browser) -> None:  # noqa: F811
    sheet_id = lightning(organizer)
    speakers(organizer, sheet_id, "Ana", "Ben")
    changed = html.unescape(organizer.flashes(organizer.post(
        f"/organizer/sheets/{sheet_id}/edit", {
            "title": "Lightning talks II", "starts_at": f"{day()}T18:00",
            "ends_at": f"{day()}T19:00", "location": "Room B", "capacity": "5",
            "description": "Bring a laptop", "meeting_point": "Stage door"})))
    assert "Sheet changed." in changed
    sheet = only(organizer)
    assert (sheet["title"], sheet["location"], sheet["capacity"], sheet["description"],
            sheet["meeting_point"]) == ("Lightning talks II", "Room B", 5, "Bring a laptop",
                                        "Stage door")
    assert sheet["starts_at"].startswith(f"{day()}T18:00") and \
        sheet["ends_at"].startswith(f"{day()}T19:00")
    too_small = organizer.post(f"/organizer/sheets/{sheet_id}/edit", {
        "title": "Lightning talks II", "starts_at": f"{day()}T18:00",
        "ends_at": f"{day()}T19:00", "location": "Room B", "capacity": "1"})
    assert "capacity cannot go below" in html.unescape(organizer.flashes(too_small))
    assert only(organizer)["capacity"] == 5

    closed = organizer.flashes(organizer.post(f"/organizer/sheets/{sheet_id}/close"))
    assert "Sheet closed" in closed and only(organizer)["closed"] is True
    assert "Reopen: take names again" in closed and 'class="badge warn">closed' in closed
    organizer.post(f"/organizer/sheets/{sheet_id}/reopen")
    assert only(organizer)["closed"] is False

    cancelled = html.unescape(organizer.flashes(organizer.post(
        f"/organizer/sheets/{sheet_id}/cancel", {"reason": "Projector broke"})))
    assert "Sheet cancelled." in cancelled and sheets(organizer) == []
    listed = cancelled.split('id="cancelled"')[1]
    assert "Lightning talks II" in listed and "Projector broke" in listed
    again = organizer.post(f"/organizer/sheets/{sheet_id}/close")
    assert "has been cancelled" in organizer.flashes(again)


def test_the_speaking_order_and_the_talks(organizer: Browser) -> None:  # noqa: F811
    sheet_id = lightning(organizer)
    ana, ben, chen = speakers(organizer, sheet_id, "Ana", "Ben", "Chen")
    base = f"/organizer/sheets/{sheet_id}"
    moved = organizer.post(f"{base}/move", {"person_id": ana.hex, "direction": "down"})
    assert "Speaking order changed." in organizer.flashes(moved)
    assert order(organizer) == ["Ben", "Ana", "Chen"]
    organizer.post(f"{base}/move", {"person_id": chen.hex, "direction": "up"})
    assert order(organizer) == ["Ben", "Chen", "Ana"]
    first = organizer.post(f"{base}/move", {"person_id": ben.hex, "direction": "up"})
    assert "first already" in organizer.flashes(first)
    whole = organizer.post(f"{base}/order", {"person_id": [ben.hex, chen.hex, ana.hex],
                                             "place": ["3", "2", "1"]})
    assert "Speaking order changed." in organizer.flashes(whole)
    assert order(organizer) == ["Ana", "Chen", "Ben"]

    given = organizer.post(f"{base}/entries/{ana.hex}/outcome", {"outcome": "given"})
    assert "Talk marked given." in organizer.flashes(given)
    organizer.post(f"{base}/entries/{chen.hex}/outcome", {"outcome": "skipped"})
    entries = only(organizer)["entries"]
    assert [e.get("outcome") for e in entries] == ["given", "skipped", None]
    assert entries[2]["queue_position"] == 1
    page = organizer.text("/organizer/sheets")
    row = page.split(f'id="talk-{sheet_id}-{ben.hex}"')[1].split("</tr>")[0]
    assert "up next" in row and "Talk by Ben" in row
    given_row = page.split(f'id="talk-{sheet_id}-{ana.hex}"')[1].split("</tr>")[0]
    assert "badge ok\">given" in given_row and "Take off" not in given_row

    refused = organizer.post(f"{base}/entries/{ana.hex}/remove")
    assert "given or skipped already" in organizer.flashes(refused)
    off = organizer.post(f"{base}/entries/{ben.hex}/remove")
    assert "Name taken off the sheet." in organizer.flashes(off)
    assert order(organizer) == ["Ana", "Chen"]
    bad = organizer.post(f"{base}/entries/{chen.hex}/outcome", {"outcome": "applauded"})
    assert "must be given or skipped" in organizer.flashes(bad)


def test_names_come_off_a_dinner_group(organizer: Browser) -> None:  # noqa: F811
    organizer.app.change_settings({"time_zone": "UTC"})
    post(organizer, kind="dinner", title="Tapas", starts_at=f"{day()}T19:00",
         location="Bar Pinxo", capacity="4")
    sheet_id = only(organizer)["id"]
    ana = UUID(organizer.app.register_person("Ana").result["id"])
    organizer.app.add_entry(UUID(sheet_id), ana)
    page = organizer.text("/organizer/sheets")
    assert f'id="entry-{sheet_id}-{ana.hex}"' in page and "1 / 4 names" in page
    organizer.post(f"/organizer/sheets/{sheet_id}/entries/{ana.hex}/remove")
    assert only(organizer)["entries"] == []
    # A talk order means nothing for a dinner group.
    refused = organizer.post(f"/organizer/sheets/{sheet_id}/order",
                             {"person_id": [ana.hex], "place": ["1"]})
    assert "Only a lightning-talk sheet" in organizer.flashes(refused)


def test_bad_input_shows_a_message_and_stores_nothing(organizer: Browser) -> None:  # noqa: F811
    organizer.app.change_settings({"time_zone": "UTC"})
    stored = organizer.stored()
    good = {"kind": "dinner", "title": "Pizza", "starts_at": f"{day()}T19:00",
            "location": "Napoli", "capacity": "6"}
    for change, message in [
        ({"kind": "party"}, "'kind' must be one of"),
        ({"title": ""}, "'title'"),
        ({"title": "x" * 201}, "'title'"),
        ({"starts_at": "tonight"}, "'starts_at' must be a date and time"),
        ({"starts_at": ""}, "'starts_at' is required"),
        ({"ends_at": f"{day()}T18:00"}, "'ends_at' must be after 'starts_at'"),
        ({"capacity": "0"}, "'capacity' must be between 1 and 500"),
        ({"capacity": "lots"}, "'capacity' must be a whole number"),
        ({"capacity": "501"}, "'capacity' must be between 1 and 500"),
        ({"capacity": ""}, "'capacity' must be a whole number"),
        ({"location": ""}, "'location'"),
        ({"kind": "lightning_talks", "minutes": "0"}, "'minutes' must be a whole number"),
    ]:
        response = organizer.post("/organizer/sheets", {**good, **change})
        assert response.status_code == 303
        page = html.unescape(organizer.flashes(response))
        assert message in page, (change, page.split('class="flashes"')[1][:300])
        assert 'class="flash error"' in page
    assert organizer.stored() == stored
    ghost = "0" * 31 + "1"
    missing = organizer.post(f"/organizer/sheets/{ghost}/close")
    assert "No such sheet." in organizer.flashes(missing)
    assert organizer.post("/organizer/sheets/not-an-id/close").status_code == 404
    assert organizer.post(f"/organizer/sheets/{ghost}/entries/nope/remove").status_code \
        == 404
    assert organizer.stored() == stored


def test_bad_speaking_orders_are_refused(organizer: Browser) -> None:  # noqa: F811
    sheet_id = lightning(organizer)
    ana, ben = speakers(organizer, sheet_id, "Ana", "Ben")
    stored = organizer.stored()
    base = f"/organizer/sheets/{sheet_id}"
    for fields, message in [
        ({"person_id": [ana.hex], "place": ["1"]}, "must name every entry"),
        ({"person_id": [ana.hex, ana.hex], "place": ["1", "2"]}, "must name every entry"),
        ({"person_id": [ana.hex, ben.hex], "place": ["1"]}, "Give a place"),
        ({"person_id": [ana.hex, "x"], "place": ["1", "2"]}, "'person_id'"),
        ({"person_id": [ana.hex, ben.hex], "place": ["1", "first"]}, "'place'"),
    ]:
        assert message in html.unescape(organizer.flashes(organizer.post(f"{base}/order",
                                                                         fields)))
    sideways = organizer.post(f"{base}/move", {"person_id": ana.hex, "direction": "left"})
    assert "'direction' must be up or down" in html.unescape(organizer.flashes(sideways))
    last = organizer.post(f"{base}/move", {"person_id": ben.hex, "direction": "down"})
    assert "last already" in organizer.flashes(last)
    stranger = organizer.post(f"{base}/move", {"person_id": "a" * 32, "direction": "up"})
    assert "not on this sheet" in organizer.flashes(stranger)
    assert organizer.stored() == stored and order(organizer) == ["Ana", "Ben"]


def test_hostile_text_is_escaped_everywhere(organizer: Browser) -> None:  # noqa: F811
    organizer.app.change_settings({"time_zone": "UTC"})
    post(organizer, kind="lightning_talks", title=XSS, starts_at=f"{day()}T17:00",
         location=XSS, capacity="5", description=XSS)
    post(organizer, kind="dinner", title="Dinner", starts_at=f"{day()}T19:00",
         location="Here", capacity="5", meeting_point=XSS)
    talks = next(s for s in sheets(organizer) if s["kind"] == "lightning_talks")
    person = UUID(organizer.app.register_person(XSS).result["id"])
    organizer.app.add_entry(UUID(talks["id"]), person, XSS)
    dinner = next(s for s in sheets(organizer) if s["kind"] == "dinner")
    organizer.app.cancel_sheet(UUID(dinner["id"]), XSS)
    page = organizer.text("/organizer/sheets")
    assert XSS not in page
    assert page.count(html.escape(XSS, quote=False)) >= 5
    live = organizer.text("/organizer/live")  # the overview names the next session
    assert XSS not in live and html.escape(XSS, quote=False) in live


def test_a_form_sent_twice_posts_once(organizer: Browser) -> None:  # noqa: F811
    fields = {"kind": "sprint", "title": "Docs", "starts_at": f"{day()}T09:00",
              "location": "Room 3"}
    organizer.post("/organizer/sheets", fields, key="same-key")
    organizer.post("/organizer/sheets", fields, key="same-key")
    assert len(sheets(organizer)) == 1


def test_sheets_need_an_organizer_and_a_csrf_token(browser: Browser) -> None:  # noqa: F811
    assert browser.get("/organizer/sheets").status_code == 303
    fields = {"kind": "sprint", "title": "Docs", "starts_at": f"{day()}T09:00",
              "location": "Room 3"}
    assert browser.post("/organizer/sheets", fields).status_code == 403
    browser.sign_in()
    assert browser.post("/organizer/sheets", fields, csrf=False).status_code == 400
    assert browser.stored() == 0 or sheets(browser) == []


def test_the_overview_mentions_the_sheets(organizer: Browser) -> None:  # noqa: F811
    organizer.app.change_settings({"time_zone": "UTC"})
    start = (datetime.now(UTC) + timedelta(days=2)).strftime("%Y-%m-%dT%H:00")
    post(organizer, kind="lightning_talks", title="Evening talks", starts_at=start,
         location="Room A", capacity="6")
    post(organizer, kind="dinner", title="Ramen", starts_at=start, location="Ippudo",
         capacity="4")
    speakers(organizer, next(s["id"] for s in sheets(organizer)
                             if s["kind"] == "lightning_talks"), "Ana")
    part = organizer.text("/organizer/live").split('id="sheets-title"')[1] \
        .split("</section>")[0]
    assert "Evening talks" in part and "1 / 6 talks" in part
    assert "1 dinner group taking names" in part
    assert 'data-boards="shifts,booths,open-space,sheets,announcements"' in \
        organizer.text("/organizer")
