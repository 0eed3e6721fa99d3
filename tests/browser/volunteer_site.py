"""A conference for the volunteer browser tests, and phones (360x800) to use it with.

The conference's time zone is chosen so that it is mid-morning there whenever the tests
run: every shift below is on "today" and the page's day rule shows it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.browser.helpers import Page
from tests.support.server import ApiClient, ServerProcess

PHONE = {"width": 360, "height": 800}


def mid_morning_zone(now: datetime) -> str:
    """An Etc/GMT zone in which ``now`` is between 10:00 and 11:00."""
    offset = (10 - now.hour + 12) % 24 - 12  # -12 .. 11 hours from UTC
    if offset == 0:
        return "Etc/GMT"
    # POSIX-style names: Etc/GMT-3 is three hours ahead of UTC.
    return f"Etc/GMT{'-' if offset > 0 else '+'}{abs(offset)}"


@dataclass
class Site:
    server: ServerProcess
    api: ApiClient
    shifts: dict[str, str] = field(default_factory=dict)  # role -> id
    booths: dict[str, str] = field(default_factory=dict)  # name -> id
    people: dict[str, tuple[str, str]] = field(default_factory=dict)  # name -> (id, token)

    @property
    def url(self) -> str:
        return self.server.url

    def shift(self, shift_id: str) -> dict[str, Any]:
        shifts = self.api.ok("GET", "/shifts")["shifts"]
        found: dict[str, Any] = next(s for s in shifts if s["id"] == shift_id)
        return found

    def booth(self, booth_id: str) -> dict[str, Any]:
        booths = self.api.ok("GET", "/booths")["booths"]
        found: dict[str, Any] = next(b for b in booths if b["id"] == booth_id)
        return found


SHIFTS = [  # role, location, start (minutes from now), hours, capacity, people signed up
    ("Registration", "Registration Desk, Main Lobby", -60, 3, 4, ["Ben Okafor"]),
    ("Info desk", "Info Desk, Main Hall entrance", 20, 2, 2, []),
    ("Green room", "Room 240", 150, 2, 2, ["Chen Wei", "Dana Novak"]),
    ("Session runner", "Ballroom A", 180, 2, 3, ["Eli Cohen"]),
    ("Lightning-talk wrangler", "Ballroom B", 300, 1, 1, []),
]
BOOTHS = [("Registration Desk", "Main Lobby, Level 1"), ("PSF Booth", "Expo Hall, booth 1"),
          ("Packaging Project Booth", "Expo Hall, booth 14")]


def seed(server: ServerProcess) -> Site:
    api = ApiClient(server.url)
    site = Site(server, api)
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    api.admin("PATCH", "/conference", {"name": "PyCon Test", "time_zone": mid_morning_zone(now),
                                       "cancellation_cutoff_minutes": 15})
    for name in ("Ben Okafor", "Chen Wei", "Dana Novak", "Eli Cohen"):
        site.people[name] = api.register(name)
    for role, location, start, hours, capacity, signed in SHIFTS:
        begins = now + timedelta(minutes=start)
        body = {"role": role, "location": location, "starts_at": begins.isoformat(),
                "ends_at": (begins + timedelta(hours=hours)).isoformat(),
                "capacity": capacity}
        site.shifts[role] = api.admin("POST", "/shifts", body)["id"]
        for name in signed:
            api.ok("POST", f"/shifts/{site.shifts[role]}/signups", site.people[name][1])
    tomorrow = now + timedelta(days=1)
    api.admin("POST", "/shifts", {"role": "Teardown", "location": "Expo Hall",
                                  "starts_at": tomorrow.isoformat(),
                                  "ends_at": (tomorrow + timedelta(hours=2)).isoformat(),
                                  "capacity": 6})
    for name, location in BOOTHS:
        site.booths[name] = api.admin("POST", "/booths", {"name": name, "location": location})["id"]
    ben, chen = site.people["Ben Okafor"][1], site.people["Chen Wei"][1]
    api.ok("POST", f"/booths/{site.booths['Registration Desk']}/staff", ben)
    api.ok("POST", f"/booths/{site.booths['PSF Booth']}/staff", chen)
    return site


def new_phone(browser: Any, javascript: bool = True) -> Page:
    context = browser.new_context(viewport=PHONE, device_scale_factor=1, accept_downloads=True,
                                  java_script_enabled=javascript)
    return Page(context.new_page())


def join(page: Page, site: Site, name: str) -> None:
    """Register on /volunteer with the join form, as a first-time visitor does."""
    page.goto(f"{site.url}/volunteer")
    page.fill("#join-name", name)
    page.click(".join button[type=submit]")
    page.wait_for_url(f"{site.url}/volunteer")


def sign_in(page: Page, site: Site, name: str) -> None:
    """Open the person's personal link (as on their second device)."""
    token = site.people[name][1]
    page.goto(f"{site.url}/signin/{token}?next=/volunteer")
    page.wait_for_url(f"{site.url}/volunteer")


def wait_live(page: Page, board: str) -> None:
    page.wait_for_selector(f'[data-live-board="{board}"][data-live="yes"]', timeout=15_000)
