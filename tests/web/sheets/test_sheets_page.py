"""/sheets without JavaScript: the signed-out view, the lists by kind, places left,
the speaking queue, "Yours", the announcements strip on every phone page, escaping."""

from __future__ import annotations

import html
import re
from datetime import timedelta
from uuid import UUID

from flask import Flask

from tests.web.sheets_helpers import NOW, app_of, local, post_sheet, site  # noqa: F401
from tests.web.volunteer_helpers import XSS, forms_of, phone


def test_a_signed_out_visitor_sees_the_sheets_and_how_to_join(site: Flask) -> None:  # noqa: F811
    post_sheet(site, "lightning_talks", "Friday lightning talks", hour=17, capacity=8)
    post_sheet(site, "dinner", "Ramen on 5th", hour=19, capacity=4,
               meeting_point="Main entrance")
    response = site.test_client().get("/sheets")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Friday lightning talks" in page and "8 talks left of 8" in page
    assert "Ramen on 5th" in page and "Main entrance at 19:00" in page
    assert "4 places left of 4" in page
    assert "Join to put your name down" in page
    assert [f.action for f in forms_of(page)] == ["/register"], "read-only but the join form"
    assert 'aria-current="page">Tonight</a>' in page
    assert "Yours" not in page


def test_the_lists_by_kind_and_yours(site: Flask) -> None:  # noqa: F811
    talks = post_sheet(site, "lightning_talks", "Lightning talks", hour=17, capacity=5)
    post_sheet(site, "sprint", "Docs sprint", hour=17, capacity=None,
               description="Docs, first-timers welcome", location="Table 4")
    ana = phone(site)
    ana.join("Ana Lima")
    ana.submit("/sheets", f"/sheets/{talks}/join", title="Ten tips")
    page = html.unescape(ana.get("/sheets").get_data(as_text=True))
    yours = page.split('id="yours"')[1].split('id="talks"')[0]
    assert "Lightning talks" in yours and "You're up next" in yours
    assert "Docs sprint" not in yours
    assert "Help wanted:</strong> Docs, first-timers welcome" in page
    assert "0 joined · no limit" in page and "Table 4" in page


def test_the_queue_shows_where_you_speak(site: Flask) -> None:  # noqa: F811
    talks = post_sheet(site, "lightning_talks", "Lightning talks", hour=17, capacity=5)
    people = [phone(site) for _ in range(3)]
    for number, person in enumerate(people):
        person.join(f"Speaker {number}")
        person.submit("/sheets", f"/sheets/{talks}/join", title=f"Talk {number}")
    page = html.unescape(people[2].get("/sheets").get_data(as_text=True))
    assert "You speak 3rd" in page
    assert re.search(r"Talk 0</strong> · Speaker 0.*Talk 1</strong> · Speaker 1.*Talk 2",
                     page, re.S)
    app_of(site).mark_talk(UUID(talks), UUID(people[0].person_id), "given")
    page = html.unescape(people[2].get("/sheets").get_data(as_text=True))
    assert "You speak 2nd" in page and "(given)" in page


def test_a_dinner_that_has_left_is_gone_unless_it_is_yours(site: Flask) -> None:  # noqa: F811
    post_sheet(site, "dinner", "Early pizza", hour=15, capacity=4)  # left at 15:00
    post_sheet(site, "dinner", "Late tacos", hour=20, capacity=4)
    page = site.test_client().get("/sheets").get_data(as_text=True)
    assert "Late tacos" in page and "Early pizza" not in page


def test_hostile_text_is_escaped_everywhere(site: Flask) -> None:  # noqa: F811
    ana = phone(site)
    ana.join("Ana Lima")
    owner = phone(site)
    owner.join(XSS)
    dinner = post_sheet(site, "dinner", XSS, hour=19, capacity=4, owner=owner.person_id,
                        location=XSS, meeting_point=XSS, description=XSS)
    talks = post_sheet(site, "lightning_talks", XSS, hour=17)
    owner.submit("/sheets", f"/sheets/{talks}/join", title=XSS)
    app_of(site).post_announcement(XSS)
    assert dinner
    for who in (ana, owner):
        page = who.get("/sheets").get_data(as_text=True)
        assert XSS not in page
        assert page.count(html.escape(XSS)) >= 8
    assert XSS not in ana.get("/sheets/live").get_data(as_text=True)


def test_announcements_in_force_show_on_every_phone_page(site: Flask) -> None:  # noqa: F811
    coordinator = app_of(site)
    withdrawn = coordinator.post_announcement("Wrong room").result["id"]
    coordinator.withdraw_announcement(UUID(withdrawn))
    coordinator.clock = lambda: NOW - timedelta(minutes=10)
    coordinator.post_announcement("Dinner sign-ups close at 18:00")
    coordinator.clock = lambda: NOW
    coordinator.post_announcement("Lunch moved to Hall B", until=local(23))
    ana = phone(site)
    ana.join("Ana Lima")
    for path in ("/volunteer", "/volunteer/booths", "/volunteer/mine", "/open-space", "/me",
                 "/sheets"):
        page = ana.get(path).get_data(as_text=True)
        strip = page.split('aria-label="Announcements"')[1].split("</aside>")[0]
        assert "Dinner sign-ups close at 18:00" in strip, path
        assert "Lunch moved to Hall B" in strip and "Wrong room" not in strip, path
        # Newest first.
        assert strip.index("Lunch moved") < strip.index("Dinner sign-ups"), path


def test_an_announcement_that_ended_is_not_shown(site: Flask) -> None:  # noqa: F811
    app_of(site).post_announcement("Coffee in the lobby", until=local(16, 30))
    page = site.test_client().get("/sheets").get_data(as_text=True)
    assert "Coffee in the lobby" in page
    site.extensions["coordinator"].app.clock = lambda: local(16, 31)
    page = site.test_client().get("/sheets").get_data(as_text=True)
    assert "Coffee in the lobby" not in page
    assert re.search(r'data-announcements\s+data-position="\d+"\s+hidden', page)


def test_the_live_fragment_is_the_lists_for_this_person(site: Flask) -> None:  # noqa: F811
    dinner = post_sheet(site, "dinner", "Ramen", hour=19, capacity=3)
    ana = phone(site)
    ana.join("Ana Lima")
    ana.submit("/sheets", f"/sheets/{dinner}/join")
    response = ana.client.get("/sheets/live")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    fragment = html.unescape(response.get_data(as_text=True))
    assert "<html" not in fragment and 'id="yours"' in fragment
    assert "✓ You're on it" in fragment and "2 places left of 3" in fragment
    assert [f.action for f in forms_of(fragment)] == [f"/sheets/{dinner}/leave"]
    anonymous = site.test_client().get("/sheets/live").get_data(as_text=True)
    assert 'id="yours"' not in anonymous and forms_of(anonymous) == []
