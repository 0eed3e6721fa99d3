"""The HTML forms of the pages, found as a browser finds them: every page is read (as an
organizer, as people in different roles, and signed out) and every POST form on it is
kept with its fields, so that a new form is fuzzed without anyone listing it."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

from flask import Flask
from flask.testing import FlaskClient

from tests.fuzz.world import World
from tests.web.api_helpers import ADMIN_TOKEN

# Pages with forms; the crawl follows no links, so a page with a new form goes here.
PAGES = [
    "/organizer", "/organizer/shifts", "/organizer/booths", "/organizer/rooms",
    "/organizer/setup", "/organizer/shifts/import", "/organizer/log", "/organizer/reports",
    "/organizer/history", "/organizer/live", "/organizer/timeline",
    "/organizer/sheets", "/organizer/announcements",
    "/volunteer", "/volunteer/booths", "/volunteer/mine", "/open-space", "/register", "/me",
    "/sheets",
]


@dataclass
class Form:
    action: str
    fields: dict[str, str] = field(default_factory=dict)  # name -> value on the page
    files: list[str] = field(default_factory=list)  # names of file inputs


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self._open: Form | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        if tag == "form":
            is_post = found.get("method", "get").lower() == "post"
            self._open = Form(found.get("action", "")) if is_post else None
            if self._open is not None:
                self.forms.append(self._open)
        elif self._open is not None and tag in ("input", "textarea", "select", "button"):
            name = found.get("name")
            if not name:
                return
            if found.get("type") == "file":
                self._open.files.append(name)
            else:
                self._open.fields.setdefault(name, found.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._open = None


def forms_on(html: str) -> list[Form]:
    parser = _Parser()
    parser.feed(html)
    return parser.forms


def organizer(flask_app: Flask) -> FlaskClient:
    """A laptop's browser signed in with the organizers' token."""
    client = flask_app.test_client()
    page = client.get("/organizer").get_data(as_text=True)
    signin = next(f for f in forms_on(page) if f.action.startswith("/organizer/signin"))
    response = client.post("/organizer/signin", data={
        **signin.fields, "token": ADMIN_TOKEN, "name": "Maria"})
    assert response.status_code == 303, response.get_data(as_text=True)[:300]
    return client


def person(flask_app: Flask, token: str) -> FlaskClient:
    """A phone's browser signed in with a person's link."""
    client = flask_app.test_client()
    assert client.get(f"/signin/{token}").status_code == 303
    return client


def browsers(world: World) -> dict[str, FlaskClient]:
    flask_app = world.api.flask_app
    tokens = world.tokens
    return {"organizer": organizer(flask_app), "ann": person(flask_app, str(tokens["ann"])),
            "bob": person(flask_app, str(tokens["bob"])),
            "cyd": person(flask_app, str(tokens["cyd"])),
            "nobody": flask_app.test_client()}


def every_form(world: World, clients: dict[str, FlaskClient]) -> dict[str, tuple[str, Form]]:
    """One form per route (Flask endpoint), with whose browser shows it."""
    adapter = world.api.flask_app.url_map.bind("localhost")
    found: dict[str, tuple[str, Form]] = {}
    for who, client in clients.items():
        for page in PAGES:
            response = client.get(page)
            if response.status_code != 200:
                continue
            for form in forms_on(response.get_data(as_text=True)):
                path = form.action.split("#")[0].split("?")[0]
                endpoint, _ = adapter.match(path, method="POST")
                found.setdefault(endpoint, (who, form))
    return found
