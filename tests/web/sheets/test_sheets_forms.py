"""The forms of /sheets, as a browser without JavaScript sends them: join and leave,
sign up for a talk, post a dinner group or a sprint, close, reopen and cancel one's own.
Every refusal is a flashed message and stores nothing; a form sent twice acts once."""

from __future__ import annotations

import html
import re
from datetime import datetime
from uuid import UUID

from flask import Flask

from tests.web.sheets_helpers import (  # noqa: F401
    app_of,
    board_sheet,
    entry_names,
    local,
    post_sheet,
    site,
)
from tests.web.volunteer_helpers import Phone, forms_of, phone, stored


def flashes(page: str) -> list[str]:
    return [html.unescape(m) for m in re.findall(r'<p class="flash \w+">(.*?)</p>', page)]


def joined(site: Flask, name: str) -> Phone:  # noqa: F811
    person = phone(site)
    person.join(name)
    return person


def refused(person: Phone, path: str, action: str, message: str, **values: str) -> None:
    """The form is refused with ``message`` and nothing is stored."""
    before = stored(person.flask_app)
    page = person.submit(path, action, **values)
    assert any(message in text for text in flashes(page)), flashes(page)
    assert stored(person.flask_app) == before


def test_join_and_leave_a_dinner_group_with_one_tap(site: Flask) -> None:  # noqa: F811
    dinner = post_sheet(site, "dinner", "Ramen on 5th", hour=19, capacity=2)
    ana = joined(site, "Ana Lima")
    page = html.unescape(ana.submit("/sheets", f"/sheets/{dinner}/join"))
    assert "You're on it: Ramen on 5th." in flashes(page)
    assert entry_names(site, dinner) == ["Ana Lima"]
    assert "1 place left of 2" in page and "✓ You're on it" in page
    page = html.unescape(ana.submit("/sheets", f"/sheets/{dinner}/leave"))
    assert "Your name is off Ramen on 5th." in flashes(page)
    assert entry_names(site, dinner) == []


def test_a_full_closed_or_departed_sheet_refuses_and_stores_nothing(site: Flask) -> None:  # noqa: F811
    dinner = post_sheet(site, "dinner", "Tiny table", hour=19, capacity=1)
    ana, ben = joined(site, "Ana Lima"), joined(site, "Ben Okafor")
    stale = ben.form("/sheets", f"/sheets/{dinner}/join")  # Ben's page, before Ana took it
    ana.submit("/sheets", f"/sheets/{dinner}/join")
    before = stored(site)
    page = ben.get(ben.send(stale).headers["Location"]).get_data(as_text=True)
    assert "This sheet is full: someone just took the last place." in flashes(page)
    assert stored(site) == before and entry_names(site, dinner) == ["Ana Lima"]
    assert "Full · 1 of 1 taken" in page and f'action="/sheets/{dinner}/join"' not in page

    app_of(site).close_sheet(UUID(dinner))
    ana.submit("/sheets", f"/sheets/{dinner}/leave")
    before = stored(site)
    page = ben.get(ben.send(stale, idempotency_key="k-closed").headers["Location"])
    assert "This sheet is closed" in " ".join(flashes(page.get_data(as_text=True)))
    assert stored(site) == before

    gone = post_sheet(site, "dinner", "Early pizza", hour=17, capacity=4)
    late = ben.form("/sheets", f"/sheets/{gone}/join")
    site.extensions["coordinator"].app.clock = lambda: local(17, 5)
    before = stored(site)
    page = ben.get(ben.send(late).headers["Location"]).get_data(as_text=True)
    assert "This group has already left." in flashes(page) and stored(site) == before


def test_already_signed_up_and_the_same_form_twice(site: Flask) -> None:  # noqa: F811
    sprint = post_sheet(site, "sprint", "Docs sprint", hour=17, capacity=None)
    ana = joined(site, "Ana Lima")
    form = ana.form("/sheets", f"/sheets/{sprint}/join")
    ana.send(form)
    before = stored(site)
    ana.send(form)  # a double tap: the same key, the first answer again
    assert stored(site) == before and entry_names(site, sprint) == ["Ana Lima"]
    landed = ana.get(ana.send(form, idempotency_key="another").headers["Location"])
    assert "Your name is on this sheet already." in flashes(landed.get_data(as_text=True))
    assert stored(site) == before


def test_a_lightning_talk_needs_a_title_within_the_limit(site: Flask) -> None:  # noqa: F811
    talks = post_sheet(site, "lightning_talks", "Lightning talks", hour=17, capacity=5)
    ana = joined(site, "Ana Lima")
    action = f"/sheets/{talks}/join"
    refused(ana, "/sheets", action, "'title' must not be empty.", title="")
    refused(ana, "/sheets", action, "title", title="x" * 201)
    refused(ana, "/sheets", action, "title", title="bad\x07bell")
    page = html.unescape(ana.submit("/sheets", action, title="x" * 200))
    assert "You're on it: Lightning talks." in flashes(page) and "You're up next" in page
    assert board_sheet(site, talks)["entries"][0]["title"] == "x" * 200
    page = html.unescape(ana.submit("/sheets", f"/sheets/{talks}/leave"))
    assert entry_names(site, talks) == [] and "You're up next" not in page


def test_leaving_a_sheet_you_are_not_on_is_refused(site: Flask) -> None:  # noqa: F811
    dinner = post_sheet(site, "dinner", "Ramen", hour=19, capacity=3)
    ana = joined(site, "Ana Lima")
    form = ana.form("/sheets", f"/sheets/{dinner}/join")
    form.action = f"/sheets/{dinner}/leave"
    before = stored(site)
    page = ana.get(ana.send(form).headers["Location"]).get_data(as_text=True)
    assert "That name is not on this sheet." in flashes(page) and stored(site) == before


def _new(person: Phone, kind: str, **values: str) -> str:
    forms = [f for f in forms_of(person.get("/sheets").get_data(as_text=True))
             if f.action == "/sheets/new" and f.fields.get("kind") == kind]
    assert len(forms) == 1
    response = person.send(forms[0], **values)
    return html.unescape(person.get(response.headers["Location"]).get_data(as_text=True))


DINNER = {"title": "Ramen at Ippudo", "location": "Ippudo", "meeting_point": "Lobby",
          "starts_at": "2026-05-15T19:30", "capacity": "5", "description": ""}
SPRINT = {"title": "Docs sprint", "location": "Table 4", "starts_at": "2026-05-15T17:00",
          "capacity": "", "description": "Docs\nfirst-timers welcome"}


def test_post_a_dinner_group_and_a_sprint(site: Flask) -> None:  # noqa: F811
    ana = joined(site, "Ana Lima")
    page = _new(ana, "dinner", **DINNER)
    assert "Dinner group posted: people can join it now." in flashes(page)
    page = _new(ana, "sprint", **SPRINT)
    assert "Sprint project posted: people can join it now." in flashes(page)
    sheets = site.extensions["coordinator"].boards.board("sheets")[1]["sheets"]
    dinner = next(s for s in sheets if s["kind"] == "dinner")
    sprint = next(s for s in sheets if s["kind"] == "sprint")
    assert datetime.fromisoformat(dinner["starts_at"]) == local(19, 30)  # New York time
    assert dinner["capacity"] == 5 and dinner["meeting_point"] == "Lobby"
    assert dinner["owner"]["id"] == ana.person_id
    assert sprint["capacity"] is None and sprint["description"] == "Docs\nfirst-timers welcome"
    yours = page.split('id="yours"')[1].split('id="talks"')[0]
    assert yours.count("You posted this") == 2
    assert "0 joined · no limit" in page and "Lobby at 19:30" in page


def test_bad_posts_are_refused_and_store_nothing(site: Flask) -> None:  # noqa: F811
    ana = joined(site, "Ana Lima")
    cases = [
        ("dinner", {"title": ""}, "title"),
        ("dinner", {"title": "x" * 201}, "title"),
        ("dinner", {"location": "x" * 101}, "location"),
        ("dinner", {"meeting_point": "x" * 101}, "meeting_point"),
        ("dinner", {"capacity": ""}, "capacity"),
        ("dinner", {"capacity": "0"}, "capacity"),
        ("dinner", {"capacity": "²"}, "capacity"),
        ("dinner", {"starts_at": "tonight"}, "starts_at"),
        ("dinner", {"starts_at": ""}, "starts_at"),
        ("dinner", {"description": "x" * 2001}, "description"),
        ("lightning_talks", {}, "'kind' must be dinner or sprint."),
        ("potluck", {}, "'kind' must be dinner or sprint."),
    ]
    for kind, change, message in cases:
        before = stored(site)
        form = next(f for f in forms_of(ana.get("/sheets").get_data(as_text=True))
                    if f.action == "/sheets/new" and f.fields.get("kind") == "dinner")
        form.fields["kind"] = kind
        page = ana.get(ana.send(form, **{**DINNER, **change}).headers["Location"])
        texts = flashes(page.get_data(as_text=True))
        assert any(message in t for t in texts) and "posted" not in " ".join(texts), \
            (kind, change, texts)
        assert stored(site) == before, (kind, change)


def test_the_owner_closes_reopens_and_cancels_with_a_reason(site: Flask) -> None:  # noqa: F811
    ana, ben = joined(site, "Ana Lima"), joined(site, "Ben Okafor")
    _new(ana, "dinner", **DINNER)
    dinner = next(s["id"] for s in
                  site.extensions["coordinator"].boards.board("sheets")[1]["sheets"])
    ben.submit("/sheets", f"/sheets/{dinner}/join")
    assert not ben.has_form("/sheets", f"/sheets/{dinner}/close"), "only the owner's page"
    page = ana.submit("/sheets", f"/sheets/{dinner}/close")
    assert "Closed: nobody else can join." in flashes(page) and board_sheet(site, dinner)["closed"]
    assert not ben.has_form("/sheets", f"/sheets/{dinner}/join")
    page = ana.submit("/sheets", f"/sheets/{dinner}/reopen")
    assert "Open again: people can join." in flashes(page)
    assert not board_sheet(site, dinner)["closed"]
    refused(ana, "/sheets", f"/sheets/{dinner}/cancel", "reason", reason="x" * 2001)
    page = ana.submit("/sheets", f"/sheets/{dinner}/cancel", reason="Closed <tonight>")
    assert "Cancelled. The people on it see why." in flashes(page)
    assert f'id="sheet-{dinner}"' not in page
    for who in (ana, ben):  # the owner and the people on it see why it went
        note = html.unescape(who.get("/sheets").get_data(as_text=True).split(
            f'data-cancelled-sheet="{dinner}">')[1].split("</li>")[0])
        assert note.startswith("<strong>Cancelled:</strong> Ramen at Ippudo (Fri 15 May")
        assert note.endswith("Why: Closed <tonight>")
    assert "Closed &lt;tonight&gt;" in ben.last_html
    assert "data-cancelled-sheet" not in joined(site, "Cyd").get("/sheets").get_data(
        as_text=True)
    sheet = app_of(site).sheet(UUID(dinner))
    assert sheet.cancelled and sheet.cancel_reason == "Closed <tonight>"


def test_only_the_owner_may_close_reopen_or_cancel(site: Flask) -> None:  # noqa: F811
    ana, ben = joined(site, "Ana Lima"), joined(site, "Ben Okafor")
    dinner = post_sheet(site, "dinner", "Ramen", hour=19, capacity=3, owner=ana.person_id)
    form = ben.form("/sheets", f"/sheets/{dinner}/join")
    for what in ("close", "reopen", "cancel"):
        form.action = f"/sheets/{dinner}/{what}"
        before = stored(site)
        page = ben.get(ben.send(form, idempotency_key=what).headers["Location"])
        assert "Only the person who posted this or an organizer can do that." in \
            flashes(page.get_data(as_text=True)), what
        assert stored(site) == before
    talks = post_sheet(site, "lightning_talks", "Talks", hour=17)
    form.action = f"/sheets/{talks}/cancel"
    before = stored(site)
    ben.send(form, idempotency_key="talks")
    assert stored(site) == before, "an organizer's sheet is no person's to cancel"


def test_signed_out_and_forged_forms_store_nothing(site: Flask) -> None:  # noqa: F811
    dinner = post_sheet(site, "dinner", "Ramen", hour=19, capacity=3)
    visitor = phone(site)
    csrf = visitor.csrf()
    before = stored(site)
    for action in (f"/sheets/{dinner}/join", f"/sheets/{dinner}/leave", "/sheets/new",
                   f"/sheets/{dinner}/close", f"/sheets/{dinner}/reopen",
                   f"/sheets/{dinner}/cancel"):
        response = visitor.client.post(action, data={"csrf_token": csrf, "next": "/sheets",
                                                     "idempotency_key": "k", **DINNER,
                                                     "kind": "dinner"})
        assert response.status_code == 303
        assert response.headers["Location"].startswith("/register?next=/sheets"), action
        landed = visitor.get(response.headers["Location"]).get_data(as_text=True)
        assert "Join first (just your name)" in landed
    ana = joined(site, "Ana Lima")
    response = ana.client.post(f"/sheets/{dinner}/join", data={"idempotency_key": "k"})
    assert response.status_code == 400
    assert ana.client.post("/sheets/not-an-id/join").status_code in (400, 404)
    assert stored(site) == before + 1  # Ana's registration alone
    assert entry_names(site, dinner) == []


def test_next_only_goes_to_this_site(site: Flask) -> None:  # noqa: F811
    dinner = post_sheet(site, "dinner", "Ramen", hour=19, capacity=3)
    ana = joined(site, "Ana Lima")
    form = ana.form("/sheets", f"/sheets/{dinner}/join")
    response = ana.send(form, next="https://evil.example/")
    assert response.headers["Location"] == f"/sheets#sheet-{dinner}"
