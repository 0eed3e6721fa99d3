"""The happy path of every endpoint in the contract, on SQLite and PostgreSQL.

Every command answers with `position` (increasing, and equal to the store's last
event), and a read right after a command shows its effect (read your writes).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import quote

from icalendar import Calendar

from tests.web.api_helpers import ADMIN_TOKEN, Api, Person, soon

EDT = timezone(timedelta(hours=-4))


def shifts_by_id(api: Api, since: int | None = None) -> dict[str, dict[str, Any]]:
    response = api.get("/shifts")
    assert response.status_code == 200
    payload = response.get_json()
    if since is not None:
        assert payload["position"] >= since
    return {s["id"]: s for s in payload["shifts"]}


def booths_by_id(api: Api) -> dict[str, dict[str, Any]]:
    response = api.get("/booths")
    assert response.status_code == 200
    payload = response.get_json()
    assert payload["position"] >= api.positions[-1]
    return {b["id"]: b for b in payload["booths"]}


def grid(api: Api) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    response = api.get("/open-space")
    assert response.status_code == 200
    payload = response.get_json()
    assert payload["position"] >= api.positions[-1]
    return ({r["id"]: r for r in payload["rooms"]}, {s["id"]: s for s in payload["slots"]})


def my_shifts(api: Api, who: Person) -> dict[str, dict[str, Any]]:
    response = api.get("/people/me/shifts", who.token)
    assert response.status_code == 200
    return {s["id"]: s for s in response.get_json()["shifts"]}


def test_healthz(api: Api) -> None:
    response = api.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_register_answers_id_token_name_and_position(api: Api) -> None:
    response = api.post("/people", json_body={"name": "Ann Lee", "email": "ann@example.org"})
    payload = api.ok(response, 201)
    assert set(payload) >= {"id", "token", "name", "position"}
    assert payload["name"] == "Ann Lee"
    assert len(payload["id"]) == 32
    me = api.get("/people/me/shifts", payload["token"])
    assert me.status_code == 200
    assert me.get_json() == {"shifts": []}
    # Limits are inclusive: a 100-character name is fine, and so is non-ASCII text.
    api.register("N" * 100)
    api.register("Zoë 🐍 Ñandú")


def test_shift_create_list_patch_delete(api: Api) -> None:
    start = soon(days=3)
    shift_id = api.schedule(starts_at=start, capacity=4, role="Runner", location="Hall B",
                            description="Carry boxes.\nTwo floors.\tBring water.")
    shifts = shifts_by_id(api, since=api.positions[-1])
    shift = shifts[shift_id]
    assert shift["role"] == "Runner"
    assert shift["location"] == "Hall B"
    assert (shift["capacity"], shift["taken"]) == (4, 0)
    assert datetime.fromisoformat(shift["starts_at"]) == start
    assert datetime.fromisoformat(shift["ends_at"]) == start + timedelta(hours=2)
    assert shift["description"] == "Carry boxes.\nTwo floors.\tBring water."

    new_start = soon(days=4).astimezone(EDT)
    change = {"capacity": 6, "location": "Hall C", "description": "D" * 2000,
              "starts_at": new_start.isoformat(),
              "ends_at": (new_start + timedelta(hours=3)).isoformat()}
    api.ok(api.patch(f"/shifts/{shift_id}", ADMIN_TOKEN, json_body=change), 200)
    shift = shifts_by_id(api, since=api.positions[-1])[shift_id]
    assert (shift["capacity"], shift["location"]) == (6, "Hall C")
    assert shift["description"] == "D" * 2000
    assert datetime.fromisoformat(shift["starts_at"]) == new_start
    assert datetime.fromisoformat(shift["ends_at"]) == new_start + timedelta(hours=3)

    api.ok(api.patch(f"/shifts/{shift_id}", ADMIN_TOKEN, json_body={"capacity": 2}), 200)
    assert shifts_by_id(api, since=api.positions[-1])[shift_id]["capacity"] == 2

    api.ok(api.delete(f"/shifts/{shift_id}", ADMIN_TOKEN,
                      json_body={"reason": "Not needed after all."}), 200)
    assert shift_id not in shifts_by_id(api, since=api.positions[-1])
    # Cancelling without a body works too.
    other = api.schedule(starts_at=soon(days=5))
    api.ok(api.delete(f"/shifts/{other}", ADMIN_TOKEN), 200)
    assert other not in shifts_by_id(api, since=api.positions[-1])


def test_signup_and_cancel_signup(api: Api) -> None:
    ann, bob = api.register("Ann"), api.register("Bob")
    shift_id = api.schedule(starts_at=soon(days=2), capacity=2)

    api.sign_up(shift_id, ann)
    assert shifts_by_id(api, since=api.positions[-1])[shift_id]["taken"] == 1
    mine = my_shifts(api, ann)
    assert list(mine) == [shift_id]
    assert mine[shift_id]["checked_in"] is False
    assert my_shifts(api, bob) == {}

    api.sign_up(shift_id, bob)
    assert shifts_by_id(api, since=api.positions[-1])[shift_id]["taken"] == 2

    api.ok(api.delete(f"/shifts/{shift_id}/signups/me", ann.token), 200)
    assert shifts_by_id(api, since=api.positions[-1])[shift_id]["taken"] == 1
    assert my_shifts(api, ann) == {}
    assert list(my_shifts(api, bob)) == [shift_id]

    # The place is free again: Ann takes it back.
    api.sign_up(shift_id, ann)
    assert shifts_by_id(api, since=api.positions[-1])[shift_id]["taken"] == 2


def test_rescheduling_a_shift_moves_the_signed_up_peoples_shifts(api: Api) -> None:
    ann = api.register("Ann")
    shift_id = api.schedule(starts_at=soon(days=2))
    api.sign_up(shift_id, ann)
    later = soon(days=3)
    api.ok(api.patch(f"/shifts/{shift_id}", ADMIN_TOKEN, json_body={
        "starts_at": later.isoformat(), "ends_at": (later + timedelta(hours=1)).isoformat(),
    }), 200)
    mine = my_shifts(api, ann)[shift_id]
    assert datetime.fromisoformat(mine["starts_at"]) == later
    assert datetime.fromisoformat(mine["ends_at"]) == later + timedelta(hours=1)


def test_checkins_by_the_person_and_by_an_organizer_and_no_shows(api: Api) -> None:
    ann, bob, cyd = api.register("Ann"), api.register("Bob"), api.register("Cyd")
    # Check-in opens a while before the shift starts: this one starts in ten minutes.
    shift_id = api.schedule(starts_at=soon(hours=1 / 6), capacity=3)
    for who in (ann, bob, cyd):
        api.sign_up(shift_id, who)

    api.ok(api.post(f"/shifts/{shift_id}/checkins", ann.token), 201)
    assert my_shifts(api, ann)[shift_id]["checked_in"] is True
    assert my_shifts(api, bob)[shift_id]["checked_in"] is False

    api.ok(api.post(f"/shifts/{shift_id}/checkins", ADMIN_TOKEN,
                    json_body={"person_id": bob.id}), 201)
    assert my_shifts(api, bob)[shift_id]["checked_in"] is True

    api.ok(api.post(f"/shifts/{shift_id}/no-shows", ADMIN_TOKEN,
                    json_body={"person_id": cyd.id}), 201)
    # The effect shows in the next command: the same no-show cannot be marked twice.
    again = api.post(f"/shifts/{shift_id}/no-shows", ADMIN_TOKEN,
                     json_body={"person_id": cyd.id})
    assert again.status_code == 409
    # A late check-in (by an organizer) clears the no-show.
    api.ok(api.post(f"/shifts/{shift_id}/checkins", ADMIN_TOKEN,
                    json_body={"person_id": cyd.id}), 201)
    assert my_shifts(api, cyd)[shift_id]["checked_in"] is True


def test_my_shifts_as_icalendar(api: Api) -> None:
    ann = api.register("Ann")
    first = datetime(2031, 5, 15, 9, 0, tzinfo=EDT)
    second = datetime(2031, 5, 16, 14, 30, tzinfo=EDT)
    early = api.schedule(starts_at=first, hours=2, role="Registration", location="Lobby")
    late = api.schedule(starts_at=second, hours=1.5, role="Runner", location="Hall B",
                        description="Bring water.")
    api.schedule(starts_at=first, role="Not mine")
    api.sign_up(late, ann)
    api.sign_up(early, ann)

    response = api.get("/people/me/shifts.ics", ann.token)
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    calendar = Calendar.from_ical(response.get_data())
    events = [c for c in calendar.walk() if c.name == "VEVENT"]
    assert len(events) == 2
    by_location = {str(e["LOCATION"]): e for e in events}
    assert set(by_location) == {"Lobby", "Hall B"}
    lobby, hall = by_location["Lobby"], by_location["Hall B"]
    assert lobby["DTSTART"].dt == first
    assert lobby["DTEND"].dt == first + timedelta(hours=2)
    assert hall["DTSTART"].dt == second
    assert hall["DTEND"].dt == second + timedelta(hours=1.5)
    assert "Runner" in str(hall["SUMMARY"])
    assert str(hall["DESCRIPTION"]) == "Bring water."
    assert str(lobby["UID"]) != str(hall["UID"])

    # After cancelling, the calendar no longer has it.
    api.ok(api.delete(f"/shifts/{late}/signups/me", ann.token), 200)
    calendar = Calendar.from_ical(api.get("/people/me/shifts.ics", ann.token).get_data())
    events = [c for c in calendar.walk() if c.name == "VEVENT"]
    assert [str(e["LOCATION"]) for e in events] == ["Lobby"]


def test_booths_staff_handoffs_and_vacate(api: Api) -> None:
    ann, bob = api.register("Ann"), api.register("Bob")
    booth_id = api.open_booth("PSF booth", "Expo hall, stand 12")
    booth = booths_by_id(api)[booth_id]
    assert booth["name"] == "PSF booth"
    assert booth["location"] == "Expo hall, stand 12"
    assert booth["holder"] is None

    api.ok(api.post(f"/booths/{booth_id}/staff", ann.token), 201)
    booth = booths_by_id(api)[booth_id]
    assert booth["holder"] == {"id": ann.id, "name": "Ann"}
    assert booth["since"]
    datetime.fromisoformat(booth["since"])

    # Offer, declined.
    offer = api.ok(api.post(f"/booths/{booth_id}/handoffs", ann.token,
                            json_body={"to": bob.id, "note": "Lunch break?\nBack at 2."}), 201)
    assert len(offer["handoff_id"]) == 32
    api.ok(api.post(f"/booths/{booth_id}/handoffs/{offer['handoff_id']}/decline", bob.token),
           200)
    assert booths_by_id(api)[booth_id]["holder"]["id"] == ann.id

    # Offer, withdrawn by the holder.
    offer = api.ok(api.post(f"/booths/{booth_id}/handoffs", ann.token,
                            json_body={"to": bob.id}), 201)
    api.ok(api.post(f"/booths/{booth_id}/handoffs/{offer['handoff_id']}/withdraw", ann.token),
           200)
    withdrawn = api.post(f"/booths/{booth_id}/handoffs/{offer['handoff_id']}/accept",
                         bob.token)
    assert withdrawn.status_code == 404
    assert booths_by_id(api)[booth_id]["holder"]["id"] == ann.id

    # Offer, accepted: Bob holds the booth.
    offer = api.ok(api.post(f"/booths/{booth_id}/handoffs", ann.token,
                            json_body={"to": bob.id}), 201)
    api.ok(api.post(f"/booths/{booth_id}/handoffs/{offer['handoff_id']}/accept", bob.token),
           200)
    assert booths_by_id(api)[booth_id]["holder"] == {"id": bob.id, "name": "Bob"}

    api.ok(api.post(f"/booths/{booth_id}/vacate", bob.token), 200)
    booth = booths_by_id(api)[booth_id]
    assert booth["holder"] is None
    assert booth["since"] is None


def test_rooms_slots_claim_interest_move_release(api: Api) -> None:
    ann, bob = api.register("Ann"), api.register("Bob")
    room_a = api.add_room("Room A", 40)
    room_b = api.add_room("Room B", 25)
    rooms, _ = grid(api)
    assert rooms[room_a]["name"] == "Room A"
    assert rooms[room_b]["capacity"] == 25

    start = soon(days=1).astimezone(EDT)
    slot_1 = api.open_slot(room_a, start)
    slot_2 = api.open_slot(room_b, start)
    slot_3 = api.open_slot(room_a, start + timedelta(hours=1))
    _, slots = grid(api)
    assert slots[slot_1]["room_id"] == room_a
    assert datetime.fromisoformat(slots[slot_1]["starts_at"]) == start
    assert datetime.fromisoformat(slots[slot_1]["ends_at"]) == start + timedelta(hours=1)
    assert all(slots[s]["session"] is None for s in (slot_1, slot_2, slot_3))

    api.ok(api.post(f"/open-space/slots/{slot_1}/claim", ann.token, json_body={
        "topic": "T" * 200, "description": "Bring a laptop.\nOr not."}), 201)
    _, slots = grid(api)
    assert slots[slot_1]["session"] == {
        "topic": "T" * 200, "host_id": ann.id, "host_name": "Ann",
        "description": "Bring a laptop.\nOr not.", "interested": 0,
    }

    api.ok(api.post(f"/open-space/slots/{slot_1}/interest", bob.token), 200)
    _, slots = grid(api)
    assert slots[slot_1]["session"]["interested"] == 1

    # The host moves the session; its interest goes with it.
    api.ok(api.post(f"/open-space/slots/{slot_1}/move", ann.token,
                    json_body={"to": slot_2}), 200)
    _, slots = grid(api)
    assert slots[slot_1]["session"] is None
    assert slots[slot_2]["session"]["topic"] == "T" * 200
    assert slots[slot_2]["session"]["interested"] == 1

    # An organizer moves it on.
    api.ok(api.post(f"/open-space/slots/{slot_2}/move", ADMIN_TOKEN,
                    json_body={"to": slot_3}), 200)
    _, slots = grid(api)
    assert slots[slot_2]["session"] is None
    assert slots[slot_3]["session"]["host_id"] == ann.id

    # The host releases it; then Bob claims the slot and an organizer releases that.
    api.ok(api.delete(f"/open-space/slots/{slot_3}/claim", ann.token), 200)
    _, slots = grid(api)
    assert slots[slot_3]["session"] is None

    api.claim(slot_3, bob, "Packaging")
    _, slots = grid(api)
    assert slots[slot_3]["session"]["host_name"] == "Bob"
    api.ok(api.delete(f"/open-space/slots/{slot_3}/claim", ADMIN_TOKEN), 200)
    _, slots = grid(api)
    assert slots[slot_3]["session"] is None


def test_conference_settings_and_join_code(api: Api) -> None:
    shown = api.get("/conference")
    assert shown.status_code == 200
    assert "join_code" not in shown.get_json()

    change = {"name": "PyCon Test", "time_zone": "America/New_York", "join_code": "snake-42",
              "cancellation_cutoff_minutes": 60, "claim_closes_minutes_before": 5}
    answer = api.ok(api.patch("/conference", ADMIN_TOKEN, json_body=change), 200)
    assert answer["join_code"] == "snake-42"

    public = api.get("/conference").get_json()
    assert "join_code" not in public
    assert public["name"] == "PyCon Test"
    assert public["time_zone"] == "America/New_York"
    assert public["cancellation_cutoff_minutes"] == 60
    assert public["claim_closes_minutes_before"] == 5
    organizers = api.get("/conference", ADMIN_TOKEN).get_json()
    assert organizers == {k: answer[k] for k in organizers}
    assert {k: organizers[k] for k in change} == change


def test_join_code_is_required_once_set(api: Api) -> None:
    api.ok(api.patch("/conference", ADMIN_TOKEN, json_body={"join_code": "snake-42"}), 200)
    organizer_view = api.get("/conference", ADMIN_TOKEN).get_json()
    assert organizer_view["join_code"] == "snake-42"
    assert "join_code" not in api.get("/conference").get_json()

    before = api.stored()
    for body in ({"name": "Ann"}, {"name": "Ann", "join_code": "wrong"},
                 {"name": "Ann", "join_code": "SNAKE-42"}):
        refused = api.post("/people", json_body=body)
        assert refused.status_code == 403, refused.get_json()
        assert refused.get_json()["error"]["code"] == "forbidden"
    assert api.stored() == before

    ann_payload = api.ok(api.post("/people", json_body={"name": "Ann", "join_code": "snake-42"}),
                         201)
    assert "join_code" not in api.get("/conference", ann_payload["token"]).get_json()

    # Removing the code opens registration again.
    api.ok(api.patch("/conference", ADMIN_TOKEN, json_body={"join_code": ""}), 200)
    assert api.get("/conference", ADMIN_TOKEN).get_json()["join_code"] is None
    api.register("Bob")


def test_boards(api: Api) -> None:
    ann = api.register("Ann")
    shift_id = api.schedule(starts_at=soon(days=1), capacity=2)
    api.sign_up(shift_id, ann)
    booth_id = api.open_booth("Info desk")
    api.ok(api.post(f"/booths/{booth_id}/staff", ann.token), 201)
    room = api.add_room("Room A")
    slot = api.open_slot(room, soon(days=1))
    api.claim(slot, ann, "Type hints")

    last = api.positions[-1]
    boards: dict[str, Any] = {}
    for name in ("shifts", "booths", "open-space"):
        response = api.get(f"/boards/{name}")
        assert response.status_code == 200
        payload = response.get_json()
        assert payload["board"] == name
        assert payload["position"] >= last
        boards[name] = payload["data"]
    taken = {s["id"]: s["taken"] for s in boards["shifts"]["shifts"]}
    assert taken == {shift_id: 1}
    holders = {b["id"]: b["holder"] for b in boards["booths"]["booths"]}
    assert holders == {booth_id: {"id": ann.id, "name": "Ann"}}
    sessions = {s["id"]: s["session"] for s in boards["open-space"]["slots"]}
    assert sessions[slot]["topic"] == "Type hints"
    assert [r["id"] for r in boards["open-space"]["rooms"]] == [room]


def test_positions_are_the_store_positions_and_increase(api: Api) -> None:
    # Api.ok checks each answer against the store; here, across every kind of command.
    ann, bob = api.register("Ann"), api.register("Bob")
    shift_id = api.schedule(starts_at=soon(days=1))
    api.sign_up(shift_id, ann)
    api.ok(api.delete(f"/shifts/{shift_id}/signups/me", ann.token), 200)
    booth = api.open_booth("Booth")
    api.ok(api.post(f"/booths/{booth}/staff", bob.token), 201)
    room = api.add_room("Room")
    slot = api.open_slot(room, soon(days=1))
    api.claim(slot, ann, "Topic")
    api.ok(api.post(f"/open-space/slots/{slot}/interest", bob.token), 200)
    api.ok(api.patch("/conference", ADMIN_TOKEN, json_body={"name": "Renamed"}), 200)
    assert api.positions == sorted(set(api.positions))
    assert len(api.positions) == 12


# -- Idempotency-Key ---------------------------------------------------------------


def test_same_key_and_token_replays_the_first_answer_and_stores_nothing_more(api: Api) -> None:
    ann = api.register("Ann")
    shift_id = api.schedule(starts_at=soon(days=1), capacity=5)
    headers = {"Idempotency-Key": "signup-1"}
    first = api.post(f"/shifts/{shift_id}/signups", ann.token, headers=headers)
    assert first.status_code == 201
    stored = api.stored()
    assert first.get_json() == {"position": stored}
    for _ in range(3):
        again = api.post(f"/shifts/{shift_id}/signups", ann.token, headers=headers)
        assert again.status_code == first.status_code
        assert again.get_data() == first.get_data()
    assert api.stored() == stored
    assert shifts_by_id(api)[shift_id]["taken"] == 1
    # Other commands (after the first) do not change the replayed answer.
    api.schedule(starts_at=soon(days=2))
    again = api.post(f"/shifts/{shift_id}/signups", ann.token, headers=headers)
    assert (again.status_code, again.get_data()) == (first.status_code, first.get_data())


def test_idempotent_create_gives_the_same_id(api: Api) -> None:
    headers = {"Idempotency-Key": "create-shift-7"}
    start = soon(days=1)
    body = {"role": "Runner", "location": "Hall", "starts_at": start.isoformat(),
            "ends_at": (start + timedelta(hours=1)).isoformat(), "capacity": 2}
    first = api.post("/shifts", ADMIN_TOKEN, json_body=body, headers=headers)
    assert first.status_code == 201
    stored = api.stored()
    again = api.post("/shifts", ADMIN_TOKEN, json_body=body, headers=headers)
    assert (again.status_code, again.get_json()) == (201, first.get_json())
    assert api.stored() == stored
    assert list(shifts_by_id(api)) == [first.get_json()["id"]]

    # Registering: the same person (same id and token) again.
    person_headers = {"Idempotency-Key": "register-ann"}
    registered = api.post("/people", json_body={"name": "Ann"}, headers=person_headers)
    assert registered.status_code == 201
    stored = api.stored()
    again = api.post("/people", json_body={"name": "Ann"}, headers=person_headers)
    assert (again.status_code, again.get_json()) == (201, registered.get_json())
    assert api.stored() == stored


def test_same_key_from_another_person_is_independent(api: Api) -> None:
    ann, bob = api.register("Ann"), api.register("Bob")
    shift_id = api.schedule(starts_at=soon(days=1), capacity=5)
    headers = {"Idempotency-Key": "shared-key"}
    first = api.post(f"/shifts/{shift_id}/signups", ann.token, headers=headers)
    assert first.status_code == 201
    second = api.post(f"/shifts/{shift_id}/signups", bob.token, headers=headers)
    assert second.status_code == 201
    assert second.get_json()["position"] > first.get_json()["position"]
    assert shifts_by_id(api)[shift_id]["taken"] == 2
    assert shift_id in my_shifts(api, bob)
    # The organizers' key space is their own, too.
    booth = api.post("/booths", ADMIN_TOKEN, json_body={"name": "B", "location": "L"},
                     headers=headers)
    assert booth.status_code == 201
    assert booth.get_json()["position"] > second.get_json()["position"]


def test_same_key_with_a_different_request_is_refused(api: Api) -> None:
    ann = api.register("Ann")
    room = api.add_room("Room")
    slot = api.open_slot(room, soon(days=1))
    other_slot = api.open_slot(room, soon(days=1, hours=1))
    headers = {"Idempotency-Key": "claim-1"}
    first = api.post(f"/open-space/slots/{slot}/claim", ann.token,
                     json_body={"topic": "Asyncio"}, headers=headers)
    assert first.status_code == 201
    stored = api.stored()
    for path, body in ((f"/open-space/slots/{slot}/claim", {"topic": "Trio"}),
                       (f"/open-space/slots/{other_slot}/claim", {"topic": "Asyncio"})):
        refused = api.post(path, ann.token, json_body=body, headers=headers)
        assert refused.status_code == 400
        assert refused.get_json()["error"]["code"] == "invalid_input"
    assert api.stored() == stored
    _, slots = grid_after(api, stored)
    assert slots[slot]["session"]["topic"] == "Asyncio"
    assert slots[other_slot]["session"] is None


def grid_after(api: Api, position: int) -> tuple[dict[str, Any], dict[str, Any]]:
    payload = api.get("/open-space").get_json()
    assert payload["position"] >= position
    return ({r["id"]: r for r in payload["rooms"]}, {s["id"]: s for s in payload["slots"]})


def test_room_board_and_boards_in_the_past(api: Api) -> None:
    ann = api.register("Ann")
    room = api.add_room("Room A", 40)
    other_room = api.add_room("Room B")
    slot = api.open_slot(room, soon(days=1))
    api.open_slot(other_room, soon(days=1))
    before_claim = api.positions[-1]
    api.claim(slot, ann, "Pattern matching")

    response = api.get(f"/boards/rooms/{room}")
    assert response.status_code == 200
    payload = response.get_json()
    assert payload["board"] == f"rooms/{room}"
    assert payload["position"] >= api.positions[-1]
    assert payload["data"]["room"]["id"] == room
    assert [s["id"] for s in payload["data"]["slots"]] == [slot]
    assert payload["data"]["slots"][0]["session"]["topic"] == "Pattern matching"

    # Organizers see the past: at a position, and as of a moment.
    past = api.get(f"/boards/open-space?at={before_claim}", ADMIN_TOKEN)
    assert past.status_code == 200
    assert past.get_json()["position"] == before_claim
    sessions = {s["id"]: s["session"] for s in past.get_json()["data"]["slots"]}
    assert sessions[slot] is None
    now = api.get(f"/boards/open-space?at={api.positions[-1]}", ADMIN_TOKEN).get_json()
    assert {s["id"]: s["session"] for s in now["data"]["slots"]}[slot]["host_id"] == ann.id
    as_of = quote("2000-01-01T00:00:00+00:00")
    long_ago = api.get(f"/boards/open-space?as_of={as_of}", ADMIN_TOKEN)
    assert long_ago.status_code == 200
    assert long_ago.get_json()["data"]["slots"] == []
    # ... and only organizers.
    assert api.get(f"/boards/open-space?at={before_claim}").status_code == 401
    assert api.get(f"/boards/open-space?at={before_claim}", ann.token).status_code == 403


def test_event_log_for_organizers(api: Api) -> None:
    ann = api.register("Ann")
    shift_id = api.schedule(starts_at=soon(days=1))
    api.sign_up(shift_id, ann)
    response = api.get("/events", ADMIN_TOKEN)
    assert response.status_code == 200
    payload = response.get_json()
    assert payload["last_position"] == api.positions[-1]
    positions = [e["position"] for e in payload["events"]]
    assert positions == sorted(positions)
    assert positions[-1] == api.positions[-1]
    for event in payload["events"]:
        assert set(event) >= {"position", "type", "aggregate_id", "version", "timestamp",
                              "data"}
    types = [e["type"] for e in payload["events"]]
    assert "Shift.SignedUp" in types
    page = api.get(f"/events?after={api.positions[0]}&limit=1", ADMIN_TOKEN).get_json()
    assert [e["position"] for e in page["events"]] == [
        p for p in positions if p > api.positions[0]][:1]
