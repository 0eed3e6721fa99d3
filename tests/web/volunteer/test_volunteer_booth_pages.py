"""Booths on the volunteer pages without JavaScript: take one, hand it over with a note to
someone on shift nearby or found by name, accept, decline, withdraw, leave; only the
people concerned can answer, and notes are escaped."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask

from tests.web.api_helpers import close_flask_app, make_flask_app
from tests.web.volunteer_helpers import (
    XSS,
    Form,
    Phone,
    api,
    phone,
    register,
    schedule,
    stored,
)

NOW = datetime(2026, 5, 15, 13, 0, tzinfo=UTC)
BOOTHS = "/volunteer/booths"


@dataclass
class Desk:
    site: Flask
    booth: str
    ana: Phone  # joined on the page
    ben: Phone  # on the registration shift now, signed in with his personal link

    def holder(self) -> str | None:
        booth = next(b for b in api(self.site, "GET", "/booths")["booths"]
                     if b["id"] == self.booth)
        return booth["holder"]["name"] if booth["holder"] else None

    def action(self, what: str) -> str:
        return f"{BOOTHS}/{self.booth}/{what}"

    def offer_ids(self) -> list[str]:
        booth = next(b for b in api(self.site, "GET", "/booths")["booths"]
                     if b["id"] == self.booth)
        return [o["id"] for o in booth["pending_handoffs"]]


@pytest.fixture
def desk(database_url: str) -> Iterator[Desk]:
    site = make_flask_app(database_url)
    site.extensions["coordinator"].app.clock = lambda: NOW
    booth = api(site, "POST", "/booths", {"name": "Registration Desk",
                                          "location": "Main Lobby, Level 1"})["id"]
    shift = schedule(site, "Registration", NOW - timedelta(hours=1), NOW + timedelta(hours=2),
                     location="Registration Desk, Main Lobby")
    ben_id, ben_token = register(site, "Ben Okafor")
    api(site, "POST", f"/shifts/{shift}/signups", token=ben_token)
    ben = phone(site)
    ben.sign_in(ben_id, ben_token)
    ana = phone(site)
    ana.join("Ana Lima")
    try:
        yield Desk(site, booth, ana, ben)
    finally:
        close_flask_app(site)


def test_take_hand_over_and_accept(desk: Desk) -> None:
    html = desk.ana.submit(BOOTHS, desk.action("staff"))
    assert "You&#39;re at Registration Desk now." in html
    assert desk.holder() == "Ana Lima"

    form = desk.ana.form(BOOTHS, desk.action("handoffs"))
    assert form.radios == [desk.ben.person_id], "Ben is on the registration shift now"
    assert "Registration shift" in desk.ana.last_html
    html = desk.ana.get(desk.ana.send(form, to=desk.ben.person_id,
                                      note="cash box counted,\r\nswag low").headers["Location"]
                        ).get_data(as_text=True)
    assert "Offered Registration Desk to Ben Okafor" in html
    assert desk.holder() == "Ana Lima", "hers until he accepts"
    booth = api(desk.site, "GET", "/booths")["booths"][0]
    assert booth["pending_handoffs"][0]["note"] == "cash box counted,\nswag low"

    html = desk.ben.get(BOOTHS).get_data(as_text=True)
    assert "offers you this booth" in html and "swag low" in html
    assert "offers you" in desk.ben.get("/volunteer").get_data(as_text=True), "a banner"
    offer = desk.offer_ids()[0]
    html = desk.ben.submit(BOOTHS, desk.action(f"handoffs/{offer}/accept"))
    assert "Registration Desk is yours now." in html
    assert desk.holder() == "Ben Okafor"


def test_decline_withdraw_and_leave(desk: Desk) -> None:
    desk.ben.submit(BOOTHS, desk.action("staff"))
    desk.ben.submit(f"{BOOTHS}?handover={desk.booth}&q=ana", desk.action("handoffs"),
                    to=desk.ana.person_id)
    offer = desk.offer_ids()[0]
    html = desk.ana.submit(BOOTHS, desk.action(f"handoffs/{offer}/decline"))
    assert "Declined: Registration Desk stays with its holder." in html
    assert desk.offer_ids() == [] and desk.holder() == "Ben Okafor"

    desk.ben.submit(f"{BOOTHS}?handover={desk.booth}&q=ana", desk.action("handoffs"),
                    to=desk.ana.person_id)
    offer = desk.offer_ids()[0]
    html = desk.ben.submit(BOOTHS, desk.action(f"handoffs/{offer}/withdraw"))
    assert "Offer withdrawn" in html and desk.offer_ids() == []

    html = desk.ben.submit(BOOTHS, desk.action("vacate"))
    assert "You left Registration Desk" in html
    assert desk.holder() is None
    assert desk.ana.has_form(BOOTHS, desk.action("staff")), "one tap to take it now"


def test_search_people_by_name(desk: Desk) -> None:
    desk.ben.submit(BOOTHS, desk.action("staff"))
    for name in ("Anabel Ruiz", "Chen Wei", "José Álvarez"):
        register(desk.site, name)
    found = desk.ben.form(f"{BOOTHS}?handover={desk.booth}&q=an", desk.action("handoffs"))
    html = desk.ben.last_html
    assert len(found.radios) == 2 and "Ana Lima" in html and "Anabel Ruiz" in html
    assert "Chen Wei" not in html and "Ben Okafor" not in html.split("Hand over to")[1]
    desk.ben.get(f"{BOOTHS}?handover={desk.booth}&q=jose")
    assert "José Álvarez" in desk.ben.last_html, "found without the accent"
    desk.ben.get(f"{BOOTHS}?handover={desk.booth}&q=zzz")
    assert "Nobody called “zzz” has joined yet." in desk.ben.last_html
    card = desk.ben.client.get(f"{BOOTHS}/{desk.booth}/card?q=chen").get_data(as_text=True)
    assert card.lstrip().startswith("<li") and "Chen Wei" in card


def test_only_the_people_concerned_can_answer(desk: Desk) -> None:
    desk.ben.submit(BOOTHS, desk.action("staff"))
    chen = phone(desk.site)
    chen.join("Chen Wei")
    desk.ben.submit(f"{BOOTHS}?handover={desk.booth}&q=ana", desk.action("handoffs"),
                    to=desk.ana.person_id)
    offer = desk.offer_ids()[0]
    assert not chen.has_form(BOOTHS, desk.action(f"handoffs/{offer}/accept"))
    before = stored(desk.site)
    csrf = chen.csrf()
    for what, message in ((f"handoffs/{offer}/accept", "offered to someone else"),
                          (f"handoffs/{offer}/withdraw", "Only the person staffing"),
                          ("vacate", "Only the person staffing")):
        stale = Form(desk.action(what), "post", {"csrf_token": csrf, "idempotency_key": what})
        html = chen.get(chen.send(stale).headers["Location"]).get_data(as_text=True)
        assert message in html, what
    assert stored(desk.site) == before and desk.holder() == "Ben Okafor"
    html = chen.get(BOOTHS).get_data(as_text=True)
    assert "Handoff pending → Ana Lima" in html


def test_notes_and_names_are_escaped(desk: Desk) -> None:
    desk.ben.submit(BOOTHS, desk.action("staff"))
    xss = phone(desk.site)
    xss_id = xss.join(XSS)
    desk.ben.submit(f"{BOOTHS}?handover={desk.booth}&q=img", desk.action("handoffs"),
                    to=xss_id, note=XSS)
    for who in (xss, desk.ben, desk.ana):
        html = who.get(BOOTHS).get_data(as_text=True)
        assert "<img" not in html
        assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_a_handoff_without_a_person_chosen(desk: Desk) -> None:
    desk.ana.submit(BOOTHS, desk.action("staff"))
    before = stored(desk.site)
    html = desk.ana.submit(BOOTHS, desk.action("handoffs"))
    assert "Choose who takes over from you" in html
    assert stored(desk.site) == before
