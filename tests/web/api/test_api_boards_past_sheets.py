"""Time travel over the sheets and announcements boards: an organizer asks for
``/boards/sheets?at=P`` and gets the board as it was then."""

from __future__ import annotations

from typing import Any

from tests.web.api.test_api_sheets import post_sheet
from tests.web.api_helpers import ADMIN_TOKEN, Api, soon


def board(api: Api, name: str, query: str, token: str | None = ADMIN_TOKEN) -> dict[str, Any]:
    response = api.get(f"/boards/{name}?{query}", token)
    assert response.status_code == 200, response.get_data(as_text=True)
    payload: dict[str, Any] = response.get_json()
    return payload


def by_id(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    sheets = data["sheets"]
    return {s["id"]: s for s in (sheets.values() if isinstance(sheets, dict) else sheets)}


def test_the_sheets_board_as_it_was(api: Api) -> None:
    ann, bob = api.register("Ann"), api.register("Bob")
    dinner = post_sheet(api, ann.token, "dinner", capacity=2)
    posted = api.positions[-1]
    api.ok(api.post(f"/sheets/{dinner}/entries", bob.token, json_body={}), 201)
    joined = api.positions[-1]
    api.ok(api.request("DELETE", f"/sheets/{dinner}", ann.token,
                       json_body={"reason": "Rain"}), 200)

    then = board(api, "sheets", f"at={posted}")
    assert then["position"] == posted
    assert by_id(then["data"])[dinner]["entries"] == []
    later = by_id(board(api, "sheets", f"at={joined}")["data"])[dinner]
    assert [e["name"] for e in later["entries"]] == ["Bob"] and later["places_left"] == 1
    # A cancelled sheet leaves the board.
    assert dinner not in by_id(board(api, "sheets", f"at={api.positions[-1]}")["data"])
    assert dinner not in by_id(board(api, "sheets", f"at={posted - 1}")["data"])
    # Only organizers see the past.
    assert api.get(f"/boards/sheets?at={posted}").status_code == 401
    assert api.get(f"/boards/sheets?at={posted}", ann.token).status_code == 403


def test_the_announcements_board_as_it_was(api: Api) -> None:
    api.register("Ann")  # the store's first events
    first = api.ok(api.post("/announcements", ADMIN_TOKEN, json_body={
        "text": "Coffee in the lobby", "until": soon(hours=2).isoformat()}), 201)["id"]
    posted = api.positions[-1]
    api.ok(api.request("DELETE", f"/announcements/{first}", ADMIN_TOKEN), 200)
    withdrawn = api.positions[-1]

    def texts(at: int) -> list[str]:
        data = board(api, "announcements", f"at={at}")["data"]["announcements"]
        items = data.values() if isinstance(data, dict) else data
        return [a["text"] for a in items]

    assert texts(posted) == ["Coffee in the lobby"]
    assert texts(withdrawn) == []
    assert texts(posted - 1) == []
