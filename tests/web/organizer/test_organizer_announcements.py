"""Announcements from the organizer pages: posted (an end typed in the conference's
time zone, or none), changed, withdrawn; listed in force or ended by the server's
clock. Bad input is refused with its message and stores nothing."""

from __future__ import annotations

import html
from datetime import UTC, datetime, timedelta
from typing import Any

from coordinator.event_log import event_to_dict, iter_notifications
from tests.web.organizer_support import Browser, browser, organizer  # noqa: F401

XSS = "<img src=x onerror=alert(1)>"


def board(b: Browser) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = b.services.boards.board("announcements")[1][
        "announcements"]
    return found


def local(moment: datetime, zone: str = "Europe/Prague") -> str:
    """A time as a ``datetime-local`` field holds it, in ``zone``."""
    from zoneinfo import ZoneInfo

    return moment.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%dT%H:%M")


def tomorrow() -> datetime:
    return (datetime.now(UTC) + timedelta(days=1)).replace(second=0, microsecond=0)


def post(b: Browser, text: str, until: str = "") -> str:
    return html.unescape(b.flashes(b.post("/organizer/announcements",
                                          {"text": text, "until": until})))


def test_an_announcement_is_posted_with_an_end_in_local_time(organizer: Browser) -> None:  # noqa: F811
    organizer.app.change_settings({"time_zone": "Europe/Prague"})
    end = tomorrow()
    page = post(organizer, "Keynote moved to Hall B", local(end))
    assert "Announcement posted" in page
    (item,) = board(organizer)
    assert item["text"] == "Keynote moved to Hall B"
    assert datetime.fromisoformat(item["until"]) == end  # the same moment, Prague's offset
    assert item["until"].endswith(("+01:00", "+02:00"))
    listed = page.split('id="in-force"')[1].split("</ul>")[0]
    assert f'id="announcement-{item["id"]}"' in listed and "Keynote moved" in listed
    assert f'href="/organizer/history/announcement/{item["id"]}"' in listed
    posted = [event_to_dict(n, organizer.app.mapper, plain=True)
              for n in iter_notifications(organizer.app.recorder)][-1]
    assert posted["type"] == "Announcement.Posted" and posted["data"]["by"] == "Maria"


def test_an_announcement_is_changed_and_withdrawn(organizer: Browser) -> None:  # noqa: F811
    organizer.app.change_settings({"time_zone": "UTC"})
    post(organizer, "Lunch at 12:30")
    (item,) = board(organizer)
    assert item["until"] is None
    base = f"/organizer/announcements/{item['id']}"
    end = tomorrow()
    changed = html.unescape(organizer.flashes(organizer.post(
        f"{base}/edit", {"text": "Lunch at 13:00", "until": local(end, "UTC")})))
    assert "Announcement changed." in changed
    assert board(organizer)[0]["text"] == "Lunch at 13:00"
    assert datetime.fromisoformat(board(organizer)[0]["until"]) == end
    organizer.post(f"{base}/edit", {"text": "Lunch at 13:00", "until": ""})
    assert board(organizer)[0]["until"] is None  # until withdrawn again

    withdrawn = organizer.flashes(organizer.post(f"{base}/withdraw"))
    assert "Announcement withdrawn" in withdrawn and board(organizer) == []
    assert "No announcement is shown right now." in withdrawn
    again = organizer.post(f"{base}/withdraw")
    assert "has been withdrawn" in organizer.flashes(again)


def test_ended_announcements_are_listed_apart(organizer: Browser) -> None:  # noqa: F811
    organizer.app.change_settings({"time_zone": "UTC"})
    start = datetime.now(UTC)
    post(organizer, "Coffee is served", local(start + timedelta(hours=1), "UTC"))
    post(organizer, "Wi-Fi: PyCon / snake")
    organizer.app.clock = lambda: start + timedelta(hours=2)
    page = organizer.text("/organizer/announcements")
    in_force = page.split('id="in-force"')[1].split("</ul>")[0]
    ended = page.split('id="ended"')[1].split("</ul>")[0]
    assert "Wi-Fi" in in_force and "Coffee" not in in_force
    assert "Coffee is served" in ended
    # Giving an ended one a later end shows it again.
    coffee = next(a for a in board(organizer) if a["text"].startswith("Coffee"))
    organizer.post(f"/organizer/announcements/{coffee['id']}/edit", {
        "text": "Coffee is served", "until": local(start + timedelta(hours=3), "UTC")})
    page = organizer.text("/organizer/announcements")
    assert "Coffee is served" in page.split('id="in-force"')[1].split("</ul>")[0]
    assert 'id="ended"' not in page


def test_bad_input_shows_a_message_and_stores_nothing(organizer: Browser) -> None:  # noqa: F811
    organizer.app.change_settings({"time_zone": "UTC"})
    stored = organizer.stored()
    past = local(datetime.now(UTC) - timedelta(hours=1), "UTC")
    for text, until, message in [
        ("", "", "'text'"),
        ("   ", "", "'text'"),
        ("x" * 281, "", "280"),
        ("Fine", past, "'until' must be in the future"),
        ("Fine", "soon", "'until' must be a date and time"),
    ]:
        page = post(organizer, text, until)
        assert message in page, (text[:10], until, page.split('class="flashes"')[1][:300])
        assert 'class="flash error"' in page
    assert organizer.stored() == stored
    post(organizer, "Fine")
    item = board(organizer)[0]
    stored = organizer.stored()
    refused = organizer.post(f"/organizer/announcements/{item['id']}/edit",
                             {"text": "", "until": ""})
    assert "'text'" in html.unescape(organizer.flashes(refused))
    ghost = organizer.post(f"/organizer/announcements/{'0' * 31}1/withdraw")
    assert "No such announcement." in organizer.flashes(ghost)
    assert organizer.post("/organizer/announcements/nope/withdraw").status_code == 404
    assert organizer.stored() == stored and board(organizer)[0]["text"] == "Fine"


def test_hostile_text_is_escaped(organizer: Browser) -> None:  # noqa: F811
    post(organizer, XSS)
    page = organizer.text("/organizer/announcements")
    assert XSS not in page
    assert page.count(html.escape(XSS, quote=False)) == 2  # the text and the edit form
    assert "1 announcement in force" in organizer.text("/organizer/live")


def test_announcements_need_an_organizer_and_a_csrf_token(browser: Browser) -> None:  # noqa: F811
    assert browser.get("/organizer/announcements").status_code == 303
    assert browser.post("/organizer/announcements", {"text": "Hi"}).status_code == 403
    browser.sign_in()
    assert browser.post("/organizer/announcements", {"text": "Hi"},
                        csrf=False).status_code == 400
    assert board(browser) == []
    fields = {"text": "Hi", "until": ""}
    browser.post("/organizer/announcements", fields, key="twice")
    browser.post("/organizer/announcements", fields, key="twice")
    assert len(board(browser)) == 1  # a form sent twice posts once
