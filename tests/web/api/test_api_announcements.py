"""The announcements API on SQLite and PostgreSQL: organizers post, change and withdraw;
anyone reads those in force. Each refusal with its status and code stores nothing."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from tests.web.api.test_api_sheets import refused
from tests.web.api_helpers import ADMIN_TOKEN, Api, soon


def post(api: Api, text: str, until: datetime | None = None, **kwargs: Any) -> str:
    body: dict[str, Any] = {"text": text}
    if until is not None:
        body["until"] = until.isoformat()
    payload = api.ok(api.post("/announcements", ADMIN_TOKEN, json_body=body, **kwargs), 201)
    assert set(payload) == {"id", "position"}
    announcement_id: str = payload["id"]
    return announcement_id


def in_force(api: Api, token: str | None = None) -> list[dict[str, Any]]:
    response = api.get("/announcements", token)
    assert response.status_code == 200
    payload = response.get_json()
    assert set(payload) == {"announcements", "position"}
    assert payload["position"] >= (api.positions[-1] if api.positions else 0)
    items: list[dict[str, Any]] = payload["announcements"]
    return items


def test_posted_announcements_are_listed_newest_first_with_the_contracts_fields(
        api: Api) -> None:
    assert in_force(api) == []
    until = soon(days=1)
    coffee = post(api, "Coffee in the lobby", until)
    keynote = post(api, "Keynote moved to Hall B")
    listed = in_force(api)
    assert [a["id"] for a in listed] == [keynote, coffee]
    for item in listed:
        assert set(item) == {"id", "text", "posted_at", "until"}
    assert listed[0]["until"] is None and listed[0]["text"] == "Keynote moved to Hall B"
    assert datetime.fromisoformat(listed[1]["until"]) == until
    posted = datetime.fromisoformat(listed[1]["posted_at"])
    assert abs(posted - api.services.app.clock()) < timedelta(minutes=1)
    # Anyone reads them, a person or nobody.
    ann = api.register("Ann")
    assert in_force(api, ann.token) == in_force(api)


def test_only_organizers_post_and_the_text_keeps_its_limit(api: Api) -> None:
    ann = api.register("Ann")
    refused(api, "POST", "/announcements", ann.token, 403, "forbidden", json_body={"text": "Hi"})
    refused(api, "POST", "/announcements", None, 401, "unauthorized", json_body={"text": "Hi"})
    refused(api, "POST", "/announcements", "garbage", 401, "unauthorized",
            json_body={"text": "Hi"})
    for bad in ({}, {"text": ""}, {"text": "   "}, {"text": "T" * 281}, {"text": 5},
                {"text": "two\nlines"}, {"text": "bell\u0007"},
                {"text": "Hi", "until": "tonight"}, {"text": "Hi", "until": 5},
                {"text": "Hi", "until": "2027-05-14T09:00:00"},
                {"text": "Hi", "until": soon(hours=-1).isoformat()}):
        refused(api, "POST", "/announcements", ADMIN_TOKEN, 400, "invalid_input", json_body=bad)
    refused(api, "POST", "/announcements", ADMIN_TOKEN, 400, "invalid_input", data="[]")
    assert in_force(api) == []
    post(api, "T" * 280)  # the limit is inclusive
    post(api, "Zoë 🐍 <b>not bold</b>")
    assert [a["text"] for a in in_force(api)] == ["Zoë 🐍 <b>not bold</b>", "T" * 280]


def test_an_announcement_past_its_end_is_no_longer_in_force(api: Api) -> None:
    app = api.services.app
    start = app.clock()
    short = post(api, "Lunch is served", start + timedelta(hours=1))
    lasting = post(api, "Wi-Fi: conf / hunter2")
    assert {a["id"] for a in in_force(api)} == {short, lasting}
    app.clock = lambda: start + timedelta(hours=2)
    assert [a["id"] for a in in_force(api)] == [lasting]


def test_changing_an_announcement(api: Api) -> None:
    news = post(api, "Coffee in the lobby", soon(days=1))
    path = f"/announcements/{news}"
    api.ok(api.patch(path, ADMIN_TOKEN, json_body={"text": "Coffee in Hall C"}), 200)
    (item,) = in_force(api)
    # No `until`: in force until withdrawn.
    assert (item["text"], item["until"]) == ("Coffee in Hall C", None)
    until = soon(days=2)
    api.ok(api.patch(path, ADMIN_TOKEN,
                     json_body={"text": "Coffee in Hall C", "until": until.isoformat()}), 200)
    assert datetime.fromisoformat(in_force(api)[0]["until"]) == until
    ann = api.register("Ann")
    refused(api, "PATCH", path, ann.token, 403, "forbidden", json_body={"text": "Mine"})
    refused(api, "PATCH", path, None, 401, "unauthorized", json_body={"text": "Mine"})
    for bad in ({}, {"text": "T" * 281}, {"text": "Hi", "until": soon(hours=-1).isoformat()}):
        refused(api, "PATCH", path, ADMIN_TOKEN, 400, "invalid_input", json_body=bad)
    refused(api, "PATCH", f"/announcements/{'0' * 32}", ADMIN_TOKEN, 404, "not_found",
            json_body={"text": "Hi"})
    refused(api, "PATCH", "/announcements/nope", ADMIN_TOKEN, 404, "not_found",
            json_body={"text": "Hi"})


def test_withdrawing_an_announcement(api: Api) -> None:
    news = post(api, "Coffee in the lobby")
    other = post(api, "Keynote at ten")
    path = f"/announcements/{news}"
    ann = api.register("Ann")
    refused(api, "DELETE", path, ann.token, 403, "forbidden")
    refused(api, "DELETE", path, None, 401, "unauthorized")
    api.ok(api.delete(path, ADMIN_TOKEN), 200)
    assert [a["id"] for a in in_force(api)] == [other]
    refused(api, "DELETE", path, ADMIN_TOKEN, 404, "not_found")
    refused(api, "PATCH", path, ADMIN_TOKEN, 404, "not_found", json_body={"text": "Back"})


def test_a_retried_post_gives_the_same_announcement(api: Api) -> None:
    headers = {"Idempotency-Key": "news-1"}
    first = post(api, "Coffee", headers=headers)
    stored = api.stored()
    again = api.post("/announcements", ADMIN_TOKEN, json_body={"text": "Coffee"},
                     headers=headers)
    assert (again.status_code, again.get_json()["id"]) == (201, first)
    assert api.stored() == stored
    assert [a["id"] for a in in_force(api)] == [first]
