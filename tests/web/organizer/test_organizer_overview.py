"""The live overview: fill rates, shifts short of people, unstaffed booths, check-ins and
no-shows, the day's sessions; and what organizers do from it (the host of a moved or
cancelled session finds the reason in ``GET /api/v1/people/me/notices``)."""

from __future__ import annotations

import html
from datetime import UTC, datetime, timedelta
from uuid import UUID

from tests.web.api_helpers import ADMIN_TOKEN
from tests.web.organizer_support import Browser, browser, organizer  # noqa: F401

XSS = "<script>alert(1)</script>"


def hour() -> datetime:
    return datetime.now(UTC).replace(minute=0, second=0, microsecond=0)


def venue(b: Browser) -> dict[str, UUID]:
    """A conference in UTC: a shift running short now, a full one, a booth nobody holds,
    two people, two slots later today (one with a session)."""
    app = b.app
    app.change_settings({"time_zone": "UTC"})
    now = hour()
    ana = UUID(app.register_person("Ana").result["id"])
    ben = UUID(app.register_person("Ben").result["id"])
    short = UUID(app.schedule_shift("Registration", "Lobby", now - timedelta(minutes=30),
                                    now + timedelta(hours=2), 4).result["id"])
    full = UUID(app.schedule_shift("Green room", "Room 240", now + timedelta(hours=3),
                                   now + timedelta(hours=4), 1).result["id"])
    app.sign_up(short, ana)
    app.sign_up(short, ben)
    app.sign_up(full, ana)
    app.open_booth("PSF Booth", "Expo Hall")
    room = UUID(app.add_room("Room 1", 20).result["id"])
    start = now + timedelta(hours=2)  # maybe tomorrow: the overview then shows that day
    slot = UUID(app.open_slot(room, start, start + timedelta(minutes=30)).result["id"])
    free = UUID(app.open_slot(room, start + timedelta(minutes=30),
                              start + timedelta(minutes=55)).result["id"])
    app.claim_slot(slot, ana, XSS)
    return {"ana": ana, "ben": ben, "short": short, "full": full, "slot": slot,
            "free": free}


def test_the_overview_shows_what_needs_attention(organizer: Browser) -> None:  # noqa: F811
    ids = venue(organizer)
    page = organizer.text("/organizer")
    assert '<svg class="chart"' in page and "Places taken of places offered" in page
    assert ">2 / 4<" in page  # the short shift, in the chart and the table
    short = page.split('id="short-title"')[1].split("</section>")[0]
    assert "Registration" in short and "Green room" not in short
    assert "PSF Booth" in page.split('id="booths-title"')[1].split("</section>")[0]
    roster = page.split(f'id="roster-{ids["short"].hex}"')[1].split("</div>")[0]
    assert "Ana" in roster and "Ben" in roster and roster.count(">No-show<") == 2
    assert XSS not in page and html.escape(XSS, quote=False) in page
    live = organizer.text("/organizer/live")
    assert "<html" not in live and f'id="roster-{ids["short"].hex}"' in live


def test_check_in_and_no_show_from_the_overview(organizer: Browser) -> None:  # noqa: F811
    ids = venue(organizer)
    done = organizer.post(f"/organizer/shifts/{ids['short'].hex}/checkins",
                          {"person_id": ids["ana"].hex, "next": "/organizer"})
    assert "Checked in." in organizer.flashes(done)
    organizer.post(f"/organizer/shifts/{ids['short'].hex}/no-shows",
                   {"person_id": ids["ben"].hex})
    shift = organizer.app.shift(ids["short"])
    assert shift.checked_in == [ids["ana"].hex] and shift.no_shows == [ids["ben"].hex]
    page = organizer.text("/organizer")
    noshows = page.split('id="noshow-title"')[1].split("</section>")[0]
    assert "Ben" in noshows
    refused = organizer.post(f"/organizer/shifts/{ids['short'].hex}/no-shows",
                             {"person_id": ids["ana"].hex})
    assert "has checked in" in html.unescape(organizer.flashes(refused))


def notices(b: Browser, person: UUID) -> list[dict]:
    token = b.services.signer.token_for(person)
    response = b.client.get("/api/v1/people/me/notices",
                            headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    found: list[dict] = response.get_json()["notices"]
    return found


def test_moving_and_cancelling_a_session_tells_its_host_why(organizer: Browser) -> None:  # noqa: F811
    ids = venue(organizer)
    moved = organizer.post(f"/organizer/slots/{ids['slot'].hex}/move",
                           {"to": ids["free"].hex, "reason": "The projector is broken"})
    assert "Session moved" in organizer.flashes(moved)
    assert organizer.app.slot(ids["free"]).session["topic"] == XSS
    first = notices(organizer, ids["ana"])
    assert len(first) == 1 and first[0]["by"] == "Maria"
    assert first[0]["text"].endswith(": 'The projector is broken'")
    organizer.post(f"/organizer/slots/{ids['free'].hex}/release", {"reason": "Fire drill"})
    assert organizer.app.slot(ids["free"]).session is None
    latest = notices(organizer, ids["ana"])
    assert latest[0]["text"].startswith("An organizer cancelled Ana's session")
    assert latest[0]["text"].endswith(": 'Fire drill'")
    assert notices(organizer, ids["ben"]) == []
    nowhere = organizer.post(f"/organizer/slots/{ids['free'].hex}/move", {"to": ""})
    assert "Pick the free slot" in organizer.flashes(nowhere)


def test_notices_need_a_persons_token(browser: Browser) -> None:  # noqa: F811
    assert browser.get("/api/v1/people/me/notices").status_code == 401
    admin = browser.get("/api/v1/people/me/notices",
                        headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
    assert admin.status_code == 403 and admin.get_json()["error"]["code"] == "forbidden"


def test_the_api_moves_a_session_with_a_reason(browser: Browser) -> None:  # noqa: F811
    ids = venue(browser)
    moved = browser.client.post(
        f"/api/v1/open-space/slots/{ids['slot'].hex}/move",
        json={"to": ids["free"].hex, "reason": "Bigger room"},
        headers={"Authorization": f"Bearer {ADMIN_TOKEN}", "X-Organizer": "Olu"})
    assert moved.status_code == 200
    (notice,) = notices(browser, ids["ana"])
    assert notice["by"] == "Olu" and notice["text"].endswith(": 'Bigger room'")
