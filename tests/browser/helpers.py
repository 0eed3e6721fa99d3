"""Helpers for the browser tests: the API of a real ``coordinator serve`` (see
tests/support/server.py), the seeded conference, and a Playwright page that records
dialogs and script errors."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

from tests.support.server import ROOT, ApiClient, ServerProcess

CHROMIUM = Path("/usr/bin/chromium")
VENDOR_JS = ROOT / "web" / "static" / "vendor" / "socket.io.min.js"
SCREENSHOTS = ROOT / "docs" / "images"
ARTIFACTS = ROOT / "test-artifacts" / "screenshots"  # ignored by git
# Where the seeded venue's QR codes point (COORDINATOR_PUBLIC_URL): phones never reach
# 127.0.0.1, and the screenshots in docs/ look like a real set-up.
PUBLIC_URL = "https://coordinator.example.org"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1920, "height": 1080}


class Api(ApiClient):
    """The JSON API of a running server, as an organizer or a person."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.tokens: dict[str, str] = {}  # person id -> token

    def person(self, name: str) -> str:
        who = self.register(name)
        self.tokens[who.id] = who.token
        return who.id

    def as_person(self, person_id: str, method: str, path: str,
                  body: dict[str, Any] | None = None) -> dict[str, Any]:
        return self.ok(method, path, self.tokens[person_id], body)

    def room(self, name: str, capacity: int = 30) -> str:
        room_id: str = self.admin("POST", "/rooms", {"name": name, "capacity": capacity})["id"]
        return room_id

    def slot(self, room_id: str, starts_at: datetime, minutes: int = 60) -> str:
        body = {"room_id": room_id, "starts_at": starts_at.isoformat(),
                "ends_at": (starts_at + timedelta(minutes=minutes)).isoformat()}
        slot_id: str = self.admin("POST", "/open-space/slots", body)["id"]
        return slot_id

    def claim(self, slot_id: str, person_id: str, topic: str) -> int:
        answer = self.as_person(person_id, "POST", f"/open-space/slots/{slot_id}/claim",
                                {"topic": topic})
        position: int = answer["position"]
        return position

    def shift(self, role: str, location: str, starts_at: datetime, hours: float,
              capacity: int) -> str:
        body = {"role": role, "location": location, "starts_at": starts_at.isoformat(),
                "ends_at": (starts_at + timedelta(hours=hours)).isoformat(),
                "capacity": capacity}
        shift_id: str = self.admin("POST", "/shifts", body)["id"]
        return shift_id

    def board(self, name: str) -> dict[str, Any]:
        return self.ok("GET", f"/boards/{name}")


def store_app(database_url: str, clock: Callable[[], datetime] | None = None) -> Any:
    """The store opened from the test process: another writer, as a second server would be."""
    from coordinator.application import Coordinator

    return Coordinator(database_url, clock=clock)


def claim_directly(database_url: str, slot_id: str, person_id: str, topic: str,
                   clock: Callable[[], datetime] | None = None) -> None:
    """Claim a slot without the server (e.g. while it is down, or back-dated)."""
    app = store_app(database_url, clock)
    try:
        app.claim_slot(UUID(hex=slot_id), UUID(hex=person_id), topic)
    finally:
        app.close()


def this_hour() -> datetime:
    return datetime.now(UTC).replace(minute=0, second=0, microsecond=0)


@dataclass
class Venue:
    """What the seeded conference holds, for the tests to look for."""

    server: ServerProcess
    api: Api
    rooms: dict[str, str] = field(default_factory=dict)  # name -> id
    free_slots: list[tuple[str, datetime]] = field(default_factory=list)  # future, unclaimed
    people: dict[str, str] = field(default_factory=dict)  # name -> id

    @property
    def url(self) -> str:
        return self.server.url

    def take_free_slot(self) -> tuple[str, datetime]:
        return self.free_slots.pop()


FREE_SLOTS_NEEDED = 2  # by the tests that claim one (venue.take_free_slot)
PEOPLE = ["Ana Lima", "Ben Okafor", "Chen Wei", "Dana Novak", "Eli Cohen", "Fatima Zahra",
          "Gus Pereira", "Hana Sato"]
TOPICS = [
    "Packaging in 2026: what is new in pip, uv and friends",
    "Async Python for web scrapers",
    "Teaching Python to kids: swap your stories",
    "Type hints: gradual typing in big codebases",
    "Rust extensions for Python with PyO3",
    "Maintainers' circle: burnout and boundaries",
    "Board games hallway meetup",
    "Data science without notebooks?",
    "First-time contributors: ask us anything",
    "Django and HTMX show and tell",
    "Accessibility in scientific plotting",
    "Running a local Python meetup",
]


def seed(server: ServerProcess) -> Venue:
    """A conference in UTC with rooms, slots, sessions, shifts and booths around now."""
    api = Api(server.url)
    venue = Venue(server, api)
    api.admin("PATCH", "/conference", {"name": "PyCon Test", "time_zone": "UTC"})
    for name in PEOPLE:
        venue.people[name] = api.person(name)
    for name, capacity in [("Room 250A", 40), ("Room 250B", 40), ("Room 251", 30),
                           ("Hallway Lounge", 15)]:
        venue.rooms[name] = api.room(name, capacity)

    now = datetime.now(UTC)
    hour = this_hour()
    today = hour.replace(hour=0)
    first = max(today, hour - timedelta(hours=2))
    last = min(today + timedelta(hours=23), hour + timedelta(hours=3))
    starts = [first + timedelta(hours=i) for i in range(int((last - first).seconds / 3600) + 1)]
    # The room board needs a next slot even late in the evening (then it is tomorrow).
    extra = [s for s in (hour + timedelta(hours=1), hour + timedelta(hours=2)) if s not in starts]
    slots: dict[tuple[str, datetime], str] = {}
    for start in starts:
        for name, room_id in venue.rooms.items():
            slots[name, start] = api.slot(room_id, start)
    for start in extra:
        slots["Room 250A", start] = api.slot(venue.rooms["Room 250A"], start)

    # Sessions: about two slots in three are taken, always Room 250A now and next (for
    # its room board). Started slots were claimed back then, through the store with an
    # earlier clock, since a started slot cannot be claimed any more.
    people = list(venue.people.values())
    room_names = list(venue.rooms)
    taken: set[tuple[str, datetime]] = set()
    topics = iter(TOPICS * 4)
    for room, start in sorted(slots, key=lambda key: (key[1], room_names.index(key[0]))):
        offset = int((start - hour).total_seconds() // 3600)
        forced = room == "Room 250A" and offset in (0, 1)
        if not forced and (offset + room_names.index(room)) % 3 == 2:
            continue
        host = people[len(taken) % len(people)]
        if start <= now:
            claim_directly(server.database_url, slots[room, start], host, next(topics),
                           clock=lambda start=start: start - timedelta(hours=1))
        else:
            api.claim(slots[room, start], host, next(topics))
        taken.add((room, start))
    for n, key in enumerate(sorted(taken, key=lambda k: (k[1], k[0]))):
        for who in people[: n % 4]:
            if key[1] > now:
                api.as_person(who, "POST", f"/open-space/slots/{slots[key]}/interest")
    venue.free_slots = [(slot_id, start) for (room, start), slot_id in slots.items()
                        if (room, start) not in taken and start > now]
    # From 23:00 UTC the grid above leaves one free future slot, too few for the tests:
    # spare ones go in the small hours of tomorrow, off today's board.
    spare = hour + timedelta(hours=3)
    while len(venue.free_slots) < FREE_SLOTS_NEEDED:
        if ("Hallway Lounge", spare) not in slots:
            slots["Hallway Lounge", spare] = api.slot(venue.rooms["Hallway Lounge"], spare)
            venue.free_slots.append((slots["Hallway Lounge", spare], spare))
        spare += timedelta(hours=1)
    venue.free_slots.sort(key=lambda item: item[1], reverse=True)

    # Shifts: one running short of people, one soon, one later, one full.
    api_shifts = [
        ("Registration", "Registration Desk, Main Lobby", hour - timedelta(hours=1), 3, 4, 1),
        ("Session runner", "Ballroom A", hour + timedelta(hours=1), 2, 3, 1),
        ("Info desk", "Main Hall entrance", hour + timedelta(minutes=30), 2, 2, 0),
        ("Green room", "Room 240", hour - timedelta(hours=2), 4, 2, 2),
        ("Lightning-talk wrangler", "Ballroom A", hour + timedelta(hours=4), 2, 3, 1),
        ("Teardown", "Expo Hall", hour + timedelta(hours=2), 2, 6, 0),
    ]
    volunteers = iter(people)  # one shift each: nobody holds two overlapping shifts
    for role, location, start, hours, capacity, signed in api_shifts:
        if start.date() != hour.date():
            start = hour  # keep every shift on today, whatever the hour
        shift_id = api.shift(role, location, start, hours, capacity)
        for _ in range(signed):
            api.as_person(next(volunteers), "POST", f"/shifts/{shift_id}/signups")

    # Booths: two staffed (one with a handoff on offer), two waiting for someone.
    booths = {}
    for name, location in [("Registration Desk", "Main Lobby, Level 1"),
                           ("PSF Booth", "Expo Hall, booth 1"),
                           ("Packaging Project Booth", "Expo Hall, booth 14"),
                           ("Info Desk", "Main Hall entrance")]:
        booths[name] = api.admin("POST", "/booths", {"name": name, "location": location})["id"]
    api.as_person(people[0], "POST", f"/booths/{booths['Registration Desk']}/staff")
    api.as_person(people[1], "POST", f"/booths/{booths['PSF Booth']}/staff")
    api.as_person(people[1], "POST", f"/booths/{booths['PSF Booth']}/handoffs",
                  {"to": people[2], "note": "Back from lunch at 13:30"})
    return venue


class Page:
    """A Playwright page at 1920x1080 that records dialogs and script errors."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        page.on("dialog", self._dialog)
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.page, name)

    def wait_live(self, timeout: float = 15_000) -> None:
        from playwright.sync_api import expect

        expect(self.page.locator("#status")).to_have_text("Live", timeout=timeout)

    def screenshot_to(self, name: str) -> Path:
        """Save a screenshot in test-artifacts/screenshots/ (every run) and in docs/images/
        when it is not there yet or ``UPDATE_SCREENSHOTS=1`` (so that a test run does not
        leave the committed pictures changed)."""
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / name
        self.page.screenshot(path=str(path))
        documented = SCREENSHOTS / name
        if os.environ.get("UPDATE_SCREENSHOTS") == "1" or not documented.exists():
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, documented)
        return path


