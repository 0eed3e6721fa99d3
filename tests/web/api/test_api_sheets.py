"""The sheets API (lightning talks, dinner groups, sprints) on SQLite and PostgreSQL:
every route's success, each refusal with its status and code (and nothing stored),
who may do what, text limits, the contract's GET shape, idempotent retries and the
rate limit on entries."""

from __future__ import annotations

from typing import Any

from tests.web.api_helpers import ADMIN_TOKEN, Api, Person, soon

CONTRACT_FIELDS = {"id", "kind", "title", "starts_at", "location", "capacity", "owner",
                   "entries"}


def refused(api: Api, method: str, path: str, token: str | None, status: int, code: str,
            **kwargs: Any) -> None:
    """The request is refused with ``status`` and ``code`` and stores nothing."""
    before = api.stored()
    response = api.request(method, path, token, **kwargs)
    assert response.status_code == status, response.get_data(as_text=True)
    error = response.get_json()["error"]
    assert error["code"] == code and error["message"]
    assert api.stored() == before


def sheet_body(kind: str = "dinner", **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"kind": kind, "title": f"A {kind}", "location": "Lobby",
                            "starts_at": soon(days=1).isoformat(), "capacity": 3}
    body.update(changes)
    return {k: v for k, v in body.items() if v is not None}


def post_sheet(api: Api, token: str, kind: str = "dinner", **changes: Any) -> str:
    payload = api.ok(api.post("/sheets", token, json_body=sheet_body(kind, **changes)), 201)
    sheet_id: str = payload["id"]
    return sheet_id


def sheets(api: Api, query: str = "") -> dict[str, dict[str, Any]]:
    response = api.get(f"/sheets{query}")
    assert response.status_code == 200
    payload = response.get_json()
    assert payload["position"] >= (api.positions[-1] if api.positions else 0)
    return {s["id"]: s for s in payload["sheets"]}


def join(api: Api, sheet_id: str, who: Person, title: str | None = None) -> None:
    body = {} if title is None else {"title": title}
    api.ok(api.post(f"/sheets/{sheet_id}/entries", who.token, json_body=body), 201)


def names(api: Api, sheet_id: str) -> list[str]:
    return [e["name"] for e in sheets(api)[sheet_id]["entries"]]


# -- posting and listing --------------------------------------------------------------


def test_organizer_posts_every_kind_and_the_list_has_the_contracts_fields(api: Api) -> None:
    talks = post_sheet(api, ADMIN_TOKEN, "lightning_talks", title="Lightning talks",
                       capacity=8, location="Main hall", description="Five minutes each.")
    dinner = post_sheet(api, ADMIN_TOKEN, "dinner", starts_at=soon(days=1, hours=2).isoformat())
    sprint = post_sheet(api, ADMIN_TOKEN, "sprint", capacity=None,
                        starts_at=soon(days=2).isoformat(), meeting_point="Table 4")
    listed = sheets(api)
    assert list(listed) == [talks, dinner, sprint]  # by start time
    for sheet in listed.values():
        assert set(sheet) >= CONTRACT_FIELDS
        assert sheet["owner"] is None and sheet["entries"] == []
    assert listed[talks]["kind"] == "lightning_talks"
    assert listed[talks]["title"] == "Lightning talks"
    assert listed[talks]["capacity"] == 8 and listed[talks]["location"] == "Main hall"
    assert listed[talks]["description"] == "Five minutes each."
    assert listed[sprint]["capacity"] is None and listed[sprint]["places_left"] is None
    assert listed[sprint]["meeting_point"] == "Table 4"
    assert list(sheets(api, "?kind=dinner")) == [dinner]
    assert list(sheets(api, "?kind=lightning_talks")) == [talks]
    refused(api, "GET", "/sheets?kind=karaoke", None, 400, "invalid_input")


def test_a_person_posts_a_dinner_or_a_sprint_and_owns_it(api: Api) -> None:
    ann = api.register("Ann")
    dinner = post_sheet(api, ann.token, "dinner")
    sprint = post_sheet(api, ann.token, "sprint", capacity=None)
    listed = sheets(api)
    for sheet_id in (dinner, sprint):
        assert listed[sheet_id]["owner"] == {"id": ann.id, "name": "Ann"}
    # The owner is not an entry: every place is for others.
    assert listed[dinner]["entries"] == [] and listed[dinner]["places_left"] == 3
    refused(api, "POST", "/sheets", ann.token, 403, "forbidden",
            json_body=sheet_body("lightning_talks"))
    refused(api, "POST", "/sheets", None, 401, "unauthorized", json_body=sheet_body())
    refused(api, "POST", "/sheets", "not-a-token", 401, "unauthorized", json_body=sheet_body())


def test_posting_refuses_bad_fields_and_text_over_its_limit(api: Api) -> None:
    bad: list[dict[str, Any]] = [
        {"kind": "karaoke"}, {"kind": 3}, {"title": ""}, {"title": "T" * 201},
        {"title": "tab\there"}, {"location": "L" * 101}, {"description": "D" * 2001},
        {"meeting_point": "M" * 101}, {"capacity": 0}, {"capacity": 501}, {"capacity": "3"},
        {"capacity": True}, {"starts_at": "tomorrow"}, {"starts_at": "2027-05-14T09:00:00"},
        {"ends_at": soon(hours=1).isoformat()},  # before the start
    ]
    for change in bad:
        refused(api, "POST", "/sheets", ADMIN_TOKEN, 400, "invalid_input",
                json_body={**sheet_body(), **change})
    for missing in ("kind", "title", "starts_at", "location"):
        body = sheet_body()
        del body[missing]
        refused(api, "POST", "/sheets", ADMIN_TOKEN, 400, "invalid_input", json_body=body)
    # A dinner group needs a size; only a sprint may take anyone.
    refused(api, "POST", "/sheets", ADMIN_TOKEN, 400, "invalid_input",
            json_body=sheet_body(capacity=None))
    refused(api, "POST", "/sheets", ADMIN_TOKEN, 400, "invalid_input", data="[1, 2]")
    refused(api, "POST", "/sheets", ADMIN_TOKEN, 400, "invalid_input", data="{not json")
    assert sheets(api) == {}
    # The limits are inclusive.
    sheet_id = post_sheet(api, ADMIN_TOKEN, title="T" * 200, location="L" * 100,
                          description="D" * 2000, meeting_point="M" * 100, capacity=500)
    assert sheets(api)[sheet_id]["title"] == "T" * 200


# -- entries --------------------------------------------------------------------------


def test_people_join_until_the_sheet_is_full(api: Api) -> None:
    owner, ann, bob, cyd = (api.register(n) for n in ("Owner", "Ann", "Bob", "Cyd"))
    dinner = post_sheet(api, owner.token, capacity=2)
    response = api.post(f"/sheets/{dinner}/entries", ann.token)
    assert set(api.ok(response, 201)) == {"position"}
    join(api, dinner, bob)
    assert names(api, dinner) == ["Ann", "Bob"]
    listed = sheets(api)[dinner]
    assert listed["entries"][0] == {"person_id": ann.id, "name": "Ann"}
    assert (listed["taken"], listed["places_left"]) == (2, 0)
    refused(api, "POST", f"/sheets/{dinner}/entries", cyd.token, 409, "sheet_full")
    refused(api, "POST", f"/sheets/{dinner}/entries", ann.token, 409, "already_signed_up")
    refused(api, "POST", f"/sheets/{dinner}/entries", owner.token, 409, "already_signed_up")
    refused(api, "POST", f"/sheets/{dinner}/entries", ADMIN_TOKEN, 403, "forbidden")
    refused(api, "POST", f"/sheets/{dinner}/entries", None, 401, "unauthorized")
    refused(api, "POST", f"/sheets/{'0' * 32}/entries", ann.token, 404, "not_found")
    refused(api, "POST", "/sheets/not-an-id/entries", ann.token, 404, "not_found")
    # A place given back is free again.
    api.ok(api.delete(f"/sheets/{dinner}/entries/me", bob.token), 200)
    join(api, dinner, cyd)
    assert names(api, dinner) == ["Ann", "Cyd"]
    refused(api, "DELETE", f"/sheets/{dinner}/entries/me", bob.token, 404, "not_found")


def test_a_lightning_talk_needs_a_title_within_its_limit(api: Api) -> None:
    ann, bob = api.register("Ann"), api.register("Bob")
    talks = post_sheet(api, ADMIN_TOKEN, "lightning_talks", capacity=5)
    refused(api, "POST", f"/sheets/{talks}/entries", ann.token, 400, "invalid_input")
    refused(api, "POST", f"/sheets/{talks}/entries", ann.token, 400, "invalid_input",
            json_body={"title": "T" * 201})
    refused(api, "POST", f"/sheets/{talks}/entries", ann.token, 400, "invalid_input",
            json_body={"title": 7})
    join(api, talks, ann, "T" * 200)
    join(api, talks, bob, "Parsers <script>")
    entries = sheets(api)[talks]["entries"]
    assert [(e["name"], e["title"], e["queue_position"]) for e in entries] == [
        ("Ann", "T" * 200, 1), ("Bob", "Parsers <script>", 2)]
    # A dinner group keeps no talk titles.
    dinner = post_sheet(api, ADMIN_TOKEN)
    join(api, dinner, ann, "Ignored")
    assert "title" not in sheets(api)[dinner]["entries"][0]


def test_a_closed_sheet_and_a_dinner_group_that_has_left_take_no_names(api: Api) -> None:
    owner, ann, bob = api.register("Owner"), api.register("Ann"), api.register("Bob")
    dinner = post_sheet(api, owner.token)
    refused(api, "POST", f"/sheets/{dinner}/close", ann.token, 403, "forbidden")
    api.ok(api.post(f"/sheets/{dinner}/close", owner.token), 200)
    assert sheets(api)[dinner]["closed"] is True
    refused(api, "POST", f"/sheets/{dinner}/entries", ann.token, 409, "too_late")
    refused(api, "POST", f"/sheets/{dinner}/reopen", ann.token, 403, "forbidden")
    api.ok(api.post(f"/sheets/{dinner}/reopen", owner.token), 200)
    join(api, dinner, ann)
    # An organizer closes anyone's sheet.
    api.ok(api.post(f"/sheets/{dinner}/close", ADMIN_TOKEN), 200)
    assert sheets(api)[dinner]["closed"] is True
    refused(api, "POST", f"/sheets/{'0' * 32}/close", ADMIN_TOKEN, 404, "not_found")
    left = post_sheet(api, owner.token, starts_at=soon(hours=-1).isoformat())
    refused(api, "POST", f"/sheets/{left}/entries", bob.token, 409, "too_late")


# -- the owner's and the organizers' changes ------------------------------------------


def test_the_owner_or_an_organizer_changes_a_sheet(api: Api) -> None:
    owner, ann, bob = api.register("Owner"), api.register("Ann"), api.register("Bob")
    dinner = post_sheet(api, owner.token, capacity=3)
    join(api, dinner, ann)
    join(api, dinner, bob)
    api.ok(api.patch(f"/sheets/{dinner}", owner.token,
                     json_body={"title": "Ramen", "location": "Old town", "capacity": 2,
                                "meeting_point": "Front door"}), 200)
    sheet = sheets(api)[dinner]
    assert (sheet["title"], sheet["location"], sheet["capacity"]) == ("Ramen", "Old town", 2)
    assert sheet["meeting_point"] == "Front door"
    api.ok(api.patch(f"/sheets/{dinner}", ADMIN_TOKEN, json_body={"title": "Pho"}), 200)
    assert sheets(api)[dinner]["title"] == "Pho"
    refused(api, "PATCH", f"/sheets/{dinner}", ann.token, 403, "forbidden",
            json_body={"title": "Mine now"})
    refused(api, "PATCH", f"/sheets/{dinner}", None, 401, "unauthorized",
            json_body={"title": "Mine now"})
    refused(api, "PATCH", f"/sheets/{dinner}", owner.token, 409, "conflict",
            json_body={"capacity": 1})  # two are on it
    for bad in ({}, {"kind": "sprint"}, {"title": "T" * 201}, {"capacity": 0},
                {"starts_at": "soon"}, {"description": "D" * 2001}):
        refused(api, "PATCH", f"/sheets/{dinner}", owner.token, 400, "invalid_input",
                json_body=bad)
    refused(api, "PATCH", f"/sheets/{'0' * 32}", owner.token, 404, "not_found",
            json_body={"title": "Gone"})


def test_cancelling_a_sheet(api: Api) -> None:
    owner, ann = api.register("Owner"), api.register("Ann")
    dinner = post_sheet(api, owner.token)
    sprint = post_sheet(api, owner.token, "sprint", capacity=None)
    refused(api, "DELETE", f"/sheets/{dinner}", ann.token, 403, "forbidden")
    refused(api, "DELETE", f"/sheets/{dinner}", owner.token, 400, "invalid_input",
            json_body={"reason": "R" * 2001})
    api.ok(api.delete(f"/sheets/{dinner}", owner.token, json_body={"reason": "Rain."}), 200)
    assert dinner not in sheets(api)
    refused(api, "DELETE", f"/sheets/{dinner}", owner.token, 404, "not_found")
    refused(api, "POST", f"/sheets/{dinner}/entries", ann.token, 404, "not_found")
    api.ok(api.delete(f"/sheets/{sprint}", ADMIN_TOKEN), 200)
    assert sheets(api) == {}


def test_the_owner_or_an_organizer_takes_a_name_off(api: Api) -> None:
    owner, ann, bob, cyd = (api.register(n) for n in ("Owner", "Ann", "Bob", "Cyd"))
    dinner = post_sheet(api, owner.token)
    for who in (ann, bob, cyd):
        join(api, dinner, who)
    refused(api, "DELETE", f"/sheets/{dinner}/entries/{bob.id}", ann.token, 403, "forbidden")
    api.ok(api.delete(f"/sheets/{dinner}/entries/{bob.id}", owner.token), 200)
    api.ok(api.delete(f"/sheets/{dinner}/entries/{ann.id}", ADMIN_TOKEN), 200)
    assert names(api, dinner) == ["Cyd"]
    refused(api, "DELETE", f"/sheets/{dinner}/entries/{ann.id}", ADMIN_TOKEN, 404, "not_found")
    refused(api, "DELETE", f"/sheets/{dinner}/entries/nobody", ADMIN_TOKEN, 404, "not_found")


# -- running a lightning-talk session -------------------------------------------------


def test_the_speaking_order_and_each_talks_outcome(api: Api) -> None:
    ann, bob, cyd = api.register("Ann"), api.register("Bob"), api.register("Cyd")
    talks = post_sheet(api, ADMIN_TOKEN, "lightning_talks", capacity=5)
    for who in (ann, bob, cyd):
        join(api, talks, who, f"{who.name}'s talk")
    order = f"/sheets/{talks}/order"
    api.ok(api.request("PUT", order, ADMIN_TOKEN,
                       json_body={"order": [cyd.id, ann.id, bob.id]}), 200)
    assert names(api, talks) == ["Cyd", "Ann", "Bob"]
    for bad in ({}, {"order": cyd.id}, {"order": [cyd.id, ann.id]},
                {"order": [cyd.id, ann.id, ann.id]}, {"order": [cyd.id, ann.id, 3]},
                {"order": [cyd.id, ann.id, "0" * 32]}):
        refused(api, "PUT", order, ADMIN_TOKEN, 400, "invalid_input", json_body=bad)
    refused(api, "PUT", order, ann.token, 403, "forbidden",
            json_body={"order": [ann.id, bob.id, cyd.id]})

    outcome = f"/sheets/{talks}/entries/{cyd.id}/outcome"
    api.ok(api.post(outcome, ADMIN_TOKEN, json_body={"outcome": "given"}), 200)
    api.ok(api.post(f"/sheets/{talks}/entries/{ann.id}/outcome", ADMIN_TOKEN,
                    json_body={"outcome": "skipped"}), 200)
    entries = sheets(api)[talks]["entries"]
    assert [(e["name"], e.get("outcome"), e.get("queue_position")) for e in entries] == [
        ("Cyd", "given", None), ("Ann", "skipped", None), ("Bob", None, 1)]
    for bad in ({}, {"outcome": "maybe"}, {"outcome": ["given"]}):
        refused(api, "POST", outcome, ADMIN_TOKEN, 400, "invalid_input", json_body=bad)
    refused(api, "POST", outcome, cyd.token, 403, "forbidden", json_body={"outcome": "given"})
    refused(api, "POST", f"/sheets/{talks}/entries/{'0' * 32}/outcome", ADMIN_TOKEN, 404,
            "not_found", json_body={"outcome": "given"})
    # A talk given is history: its speaker's name stays on.
    refused(api, "DELETE", f"/sheets/{talks}/entries/me", cyd.token, 409, "conflict")
    # A dinner group has no speaking order.
    dinner = post_sheet(api, ADMIN_TOKEN)
    join(api, dinner, ann)
    refused(api, "PUT", f"/sheets/{dinner}/order", ADMIN_TOKEN, 400, "invalid_input",
            json_body={"order": [ann.id]})


# -- retries and limits ---------------------------------------------------------------


def test_idempotent_retries_answer_the_first_answer_and_store_nothing_more(api: Api) -> None:
    ann = api.register("Ann")
    body = sheet_body()
    first = api.post("/sheets", ann.token, json_body=body, headers={"Idempotency-Key": "s1"})
    assert first.status_code == 201
    stored = api.stored()
    again = api.post("/sheets", ann.token, json_body=body, headers={"Idempotency-Key": "s1"})
    assert (again.status_code, again.get_json()) == (201, first.get_json())
    assert api.stored() == stored and list(sheets(api)) == [first.get_json()["id"]]
    # The same key with another request is refused, not replayed.
    refused(api, "POST", "/sheets", ann.token, 400, "invalid_input",
            json_body={**body, "title": "Another"}, headers={"Idempotency-Key": "s1"})

    bob = api.register("Bob")
    entry = f"/sheets/{first.get_json()['id']}/entries"
    joined = api.post(entry, bob.token, headers={"Idempotency-Key": "e1"})
    assert joined.status_code == 201
    stored = api.stored()
    for _ in range(3):
        retry = api.post(entry, bob.token, headers={"Idempotency-Key": "e1"})
        assert (retry.status_code, retry.get_data()) == (201, joined.get_data())
    assert api.stored() == stored
    assert names(api, first.get_json()["id"]) == ["Bob"]
    # Without the key, a second try is refused as the domain says.
    refused(api, "POST", entry, bob.token, 409, "already_signed_up")
    refused(api, "POST", entry, bob.token, 400, "invalid_input",
            headers={"Idempotency-Key": "k" * 201})


def test_entries_are_rate_limited_per_person(api: Api) -> None:
    owner, ann = api.register("Owner"), api.register("Ann")
    dinner = post_sheet(api, owner.token)
    statuses = []
    for _ in range(20):
        statuses.append(api.post(f"/sheets/{dinner}/entries", ann.token).status_code)
        statuses.append(api.delete(f"/sheets/{dinner}/entries/me", ann.token).status_code)
    assert statuses == [201, 200] * 20
    refused(api, "POST", f"/sheets/{dinner}/entries", ann.token, 429, "rate_limited")
    assert names(api, dinner) == []
