"""Plain regression tests for what the fuzzing found, each a 4xx that stores nothing.

- A time zone name that is a folder of the zone database ("America", "Europe") made
  ZoneInfo raise IsADirectoryError, an OSError, and the settings answered 500: now
  coordinator.validation.time_zone reads every time zone name (API, settings form,
  set-up files).
- A form's ``next`` that does not parse as a URL ("http://[", "A://[") made urlsplit
  raise ValueError in web.forms.safe_next, and every form that goes back to its page
  answered 500: now such a target is no path here, and the form goes to its default.
- A set-up file nested thousands of levels deep ("[[[[...", or JSON, which is YAML)
  made the YAML composer raise RecursionError: the set-up form answered 500. Now
  setup_file.parse refuses it as a SetupFileError.
"""

from __future__ import annotations

from collections.abc import Iterator
from importlib import resources

import pytest

from coordinator.setup import file as setup_file
from tests.fuzz.forms import organizer, person
from tests.fuzz.world import World, seeded
from tests.web.api_helpers import ADMIN_TOKEN, close_flask_app

FOLDERS = ["America", "Europe", "Etc", "America/Argentina"]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    made = seeded(tmp_path_factory.mktemp("found"))
    yield made
    close_flask_app(made.api.flask_app)


@pytest.mark.parametrize("zone", FOLDERS)
def test_a_zone_folder_is_no_time_zone_on_the_api(world: World, zone: str) -> None:
    before = world.stored()
    response = world.api.patch("/conference", ADMIN_TOKEN, json_body={"time_zone": zone})
    assert response.status_code == 400, response.get_data(as_text=True)
    assert response.get_json()["error"]["code"] == "invalid_input"
    assert zone in response.get_json()["error"]["message"]
    assert world.stored() == before


@pytest.mark.parametrize("zone", FOLDERS)
def test_a_zone_folder_is_no_time_zone_on_the_settings_form(world: World, zone: str) -> None:
    client = organizer(world.api.flask_app)
    page = client.get("/organizer/setup").get_data(as_text=True)
    token = page.split('name="csrf-token" content="')[1].split('"')[0]
    before = world.stored()
    response = client.post("/organizer/setup/settings", data={
        "csrf_token": token, "name": "Conference", "time_zone": zone,
        "cancellation_cutoff_minutes": "0", "claim_closes_minutes_before": "0"})
    assert response.status_code == 303
    with client.session_transaction() as session:
        flashes = session.get("_flashes", [])
    assert any(category == "error" and zone in message for category, message in flashes)
    assert world.stored() == before


@pytest.mark.parametrize("zone", FOLDERS)
def test_a_zone_folder_is_no_time_zone_in_a_set_up_file(zone: str) -> None:
    demo = resources.files("coordinator").joinpath("demo", setup_file.DEMO_FILE).read_text(
        encoding="utf-8")
    assert "America/New_York" in demo
    with pytest.raises(setup_file.SetupFileError, match="not a time zone name"):
        setup_file.parse(demo.replace("America/New_York", zone), "setup.yaml")


@pytest.mark.parametrize("target", ["http://[", "A://[", "//[::1", "/x?next=http://["])
def test_a_next_that_is_no_url_goes_to_the_default(world: World, target: str) -> None:
    client = person(world.api.flask_app, str(world.tokens["ann"]))
    page = client.get("/open-space").get_data(as_text=True)
    token = page.split('name="csrf-token" content="')[1].split('"')[0]
    claimed = world.ids["slot_id"][0]
    response = client.post(f"/open-space/slots/{claimed}/interest",
                           data={"csrf_token": token, "next": target})
    assert response.status_code == 303
    location = response.headers["Location"]
    assert location.startswith("/open-space") or location.startswith("/x?"), location


@pytest.mark.parametrize("text", ["[" * 100_000, '{"a": ' * 20_000 + "1" + "}" * 20_000,
                                  "- " * 5_000 + "x"])
def test_a_deeply_nested_set_up_file_is_refused(text: str) -> None:
    with pytest.raises(setup_file.SetupFileError, match="nested too deeply"):
        setup_file.parse(text, "setup.yaml")
