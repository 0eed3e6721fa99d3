"""Writes are rate-limited per person: at least 30 in any 10 seconds pass, a flood is 429."""

from __future__ import annotations

import re

from tests.web.api_helpers import ADMIN_TOKEN, Api, soon
from web.limits import PERSON_LIMIT


def _limit() -> int:
    return int(PERSON_LIMIT.split()[0])


def _slot(api: Api) -> str:
    room = api.add_room("Room 1")
    return api.open_slot(room, soon(days=3))


def test_a_person_gets_thirty_writes_and_then_a_clear_429(api: Api) -> None:
    ann, bob = api.register("Ann"), api.register("Bob")
    slot = _slot(api)
    api.claim(slot, bob, "Typing")
    path = f"/open-space/slots/{slot}/interest"
    allowed = _limit()
    assert allowed >= 30, "the contract promises at least 30 writes in 10 seconds"
    for i in range(allowed):
        response = (api.post if i % 2 == 0 else api.delete)(path, ann.token)
        assert response.status_code == 200, (i, response.get_json())

    stored = api.stored()
    refused = api.post(path, ann.token)
    assert refused.status_code == 429
    assert refused.get_json()["error"]["code"] == "rate_limited"
    assert int(refused.headers["Retry-After"]) > 0
    assert api.stored() == stored, "a refused write stores nothing"

    # Someone else, and anyone reading, is not held back by Ann's flood.
    assert api.post(path, bob.token).status_code == 200
    assert api.get("/open-space").status_code == 200


def test_organizers_are_not_limited(api: Api) -> None:
    for i in range(_limit() + 5):
        response = api.post("/rooms", ADMIN_TOKEN, json_body={"name": f"R{i}", "capacity": 5})
        assert response.status_code == 201


def test_registrations_from_one_address_are_not_held_to_a_person_limit(api: Api) -> None:
    """A venue's Wi-Fi puts hundreds of people behind one address."""
    for i in range(_limit() + 20):
        assert api.post("/people", json_body={"name": f"Person {i}"}).status_code == 201


def test_page_forms_are_limited_too(api: Api) -> None:
    client = api.client

    def csrf_token() -> str:
        found = re.search(r'name="csrf_token" value="([^"]+)"',
                          client.get("/register").get_data(as_text=True))
        assert found is not None
        return found.group(1)

    assert client.post("/register", data={"name": "Cat", "csrf_token": csrf_token()}
                       ).status_code == 303
    token = csrf_token()  # signing in starts a new session, with a new CSRF token
    slot = _slot(api)
    answers = [client.post(f"/open-space/slots/{slot}/interest",
                           data={"csrf_token": token}).status_code
               for _ in range(_limit() + 1)]
    assert set(answers[:_limit()]) == {303} and answers[-1] == 429
