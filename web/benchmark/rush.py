"""The sign-up rush over HTTP: Coordinator beside the naive reference server, in one run.

Hundreds of shifts of capacity 1 to 10 and over a thousand people, each wanting 0 to 10
shifts at once, from 16 concurrent clients (``http_storm``): once on kept-alive
connections and once on a new connection per claim, against ``coordinator serve`` and
against ``naive.py`` (Flask, Werkzeug, sqlite3, one lock). Every run has a fresh store
and server, and the same plan; the order of the two servers turns with the kind of
connection. After each run the invariants are read back from its store: no shift over
capacity, nobody on two overlapping shifts, every acknowledged claim stored.
"""

from __future__ import annotations

import http.client
import json
import random
import sqlite3
import sys
from collections import defaultdict
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from uuid import uuid4

from coordinator.application import Coordinator
from coordinator.conference.aggregate import Conference
from coordinator.people.aggregate import Person
from coordinator.shifts.aggregate import Shift
from web.benchmark import http_storm
from web.benchmark.claims import Attempt
from web.benchmark.conference import Layout, ShiftSpec, overlapping, save_in_pages
from web.benchmark.server import ADMIN_TOKEN, Server
from web.benchmark.sizes import Sizes

SERVERS = ("coordinator", "naive")
KINDS = ("keepalive", "new")


@dataclass(frozen=True)
class Plan:
    shifts: list[ShiftSpec]  # the ids are placeholders: each store makes its own
    wants: list[list[int]]  # per person, the shifts (by index) they try for at once


def make_plan(sizes: Sizes, seed: int = 23) -> Plan:
    rng = random.Random(seed)
    first = datetime.combine((datetime.now(UTC) + timedelta(days=30)).date(),
                             datetime.min.time(), UTC)
    shifts = []
    for _ in range(sizes.rush_shifts):
        begins = first + timedelta(days=rng.randrange(sizes.days),
                                   hours=rng.randrange(8, 19), minutes=rng.choice((0, 30)))
        ends = begins + timedelta(hours=rng.choice((1, 2, 2, 3, 3, 4)))
        shifts.append(ShiftSpec(uuid4(), begins, ends, rng.randint(1, sizes.rush_capacity)))
    wants = [rng.sample(range(len(shifts)), rng.randint(0, sizes.rush_wants))
             for _ in range(sizes.rush_people)]
    return Plan(shifts, wants)


def attempts(plan: Plan, people: list[str], shifts: list[str], seed: int = 29) -> list[Attempt]:
    """Every wanted claim with these ids, in one shuffled order (the same for both)."""
    flat = [(people[p], shifts[s]) for p, mine in enumerate(plan.wants) for s in mine]
    random.Random(seed).shuffle(flat)
    return flat


def store_for_coordinator(url: str, plan: Plan) -> Layout:
    """The plan's shifts and people, saved straight into a new Coordinator store."""
    layout = Layout(conference_start=plan.shifts[0].starts_at.date())
    aggregates: list[Any] = [Conference({"name": "Rush Con", "time_zone": "UTC"})]
    for spec in plan.shifts:
        shift = Shift(role="Rush", location="Hall A", starts_at=spec.starts_at,
                      ends_at=spec.ends_at, capacity=spec.capacity, description="")
        aggregates.append(shift)
        layout.shifts.append(ShiftSpec(shift.id, spec.starts_at, spec.ends_at, spec.capacity))
    for n in range(len(plan.wants)):
        person = Person(name=f"Volunteer {n + 1}", email=None, roles=["volunteer"])
        aggregates.append(person)
        layout.people.append(person.id)
    with Coordinator(url) as app:
        layout.events = save_in_pages(app, aggregates)
    return layout


def store_for_naive(url: str, plan: Plan) -> tuple[list[str], list[str]]:
    """The plan's shifts and people, added through the naive server's own endpoints."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)

    def post(path: str, body: dict[str, Any], token: str | None = None) -> dict[str, Any]:
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        conn.request("POST", path, body=json.dumps(body).encode(), headers=headers)
        answer = conn.getresponse()
        found: dict[str, Any] = json.loads(answer.read())
        if answer.status != 201:
            raise RuntimeError(f"naive server: POST {path} answered {answer.status} {found}")
        return found

    try:
        shifts = [post("/api/v1/shifts", {
            "role": "Rush", "location": "Hall A", "capacity": spec.capacity,
            "starts_at": spec.starts_at.isoformat(), "ends_at": spec.ends_at.isoformat(),
        }, ADMIN_TOKEN)["id"] for spec in plan.shifts]
        people = [post("/api/v1/people", {"name": f"Volunteer {n + 1}"})["id"]
                  for n in range(len(plan.wants))]
    finally:
        conn.close()
    return people, shifts


def check_naive(path: Path, acknowledged: list[Attempt]) -> dict[str, int]:
    """The invariants, read back from the naive server's SQLite file."""
    with closing(sqlite3.connect(path)) as db:
        over = db.execute(
            "SELECT COUNT(*) FROM shifts WHERE capacity < "
            "(SELECT COUNT(*) FROM signups WHERE shift_id = shifts.id)").fetchone()[0]
        spans: dict[str, list[tuple[datetime, datetime]]] = defaultdict(list)
        stored = set()
        for person, shift, starts, ends in db.execute(
                "SELECT person_id, shift_id, starts_at, ends_at FROM signups "
                "JOIN shifts ON shifts.id = shift_id"):
            spans[person].append((datetime.fromisoformat(starts), datetime.fromisoformat(ends)))
            stored.add((person, shift))
    return {"over_capacity": int(over),
            "overlapping": sum(1 for mine in spans.values() if overlapping(mine)),
            "lost_acks": sum(1 for claim in acknowledged if claim not in stored)}


class NaiveServer(Server):
    """``python -m web.benchmark.naive`` on a free port, on an SQLite file."""

    def __init__(self, path: Path, workdir: Path) -> None:
        super().__init__(f"sqlite:///{path}", workdir)
        self.path = path

    def command(self) -> list[str]:
        return [sys.executable, "-m", "web.benchmark.naive", "--host", "127.0.0.1",
                "--port", str(self.port), "--database", str(self.path)]


def one_run(which: str, keep_alive: bool, plan: Plan, sizes: Sizes,
            folder: Path, n: int) -> dict[str, float]:
    """A fresh store and server of one kind, then the rush on one kind of connection."""
    path = folder / f"rush-{which}-{n}.db"
    url = f"sqlite:///{path}"
    check: Callable[[list[Attempt]], dict[str, int]] | None = None
    if which == "coordinator":
        layout = store_for_coordinator(url, plan)
        server: Server = Server(url, folder).start()
    else:
        layout = Layout(conference_start=plan.shifts[0].starts_at.date())
        server = NaiveServer(path, folder).start()
        check = partial(check_naive, path)
    try:
        if which == "naive":
            people, shifts = store_for_naive(server.url, plan)
        else:
            people = [p.hex for p in layout.people]
            shifts = [s.id.hex for s in layout.shifts]
        return http_storm.measured_storm(
            server.url, url, layout, sizes, {"server": server.cpu_seconds},
            processes=sizes.rush_processes, threads=sizes.rush_threads,
            attempts=attempts(plan, people, shifts), keep_alive=keep_alive, check=check)
    finally:
        server.stop()


def run(sizes: Sizes, folder: Path) -> dict[str, float]:
    """Both servers, both kinds of connection: ``rush_SERVER_KIND_KEY``, and the
    contract's ``naive_http_claims_per_s`` and ``http_claims_vs_naive`` (kept-alive)."""
    plan = make_plan(sizes)
    results: dict[str, float] = {
        "rush_people": len(plan.wants), "rush_shifts": len(plan.shifts),
        "rush_places": sum(s.capacity for s in plan.shifts),
        "rush_clients": sizes.rush_processes * sizes.rush_threads,
    }
    for n, kind in enumerate(KINDS):
        for which in (SERVERS if n % 2 == 0 else SERVERS[::-1]):
            found = one_run(which, kind == "keepalive", plan, sizes, folder, n)
            results.update({f"rush_{which}_{kind}_{k}": v for k, v in found.items()})
    for kind in KINDS:
        results[f"rush_{kind}_vs_naive"] = (results[f"rush_coordinator_{kind}_claims_per_s"]
                                            / results[f"rush_naive_{kind}_claims_per_s"])
    results["naive_http_claims_per_s"] = results["rush_naive_keepalive_claims_per_s"]
    results["http_claims_vs_naive"] = results["rush_keepalive_vs_naive"]
    return results


ROWS = (
    ("claims_per_s", "claims answered per second", "{:,.0f}"),
    ("claims_acknowledged_per_s", "  of which stored, per second", "{:,.0f}"),
    ("claim_latency_ms_p50", "latency p50 (ms)", "{:.1f}"),
    ("claim_latency_ms_p99", "latency p99 (ms)", "{:.1f}"),
    ("server_cpu_ms_per_claim", "server CPU per claim (ms)", "{:.2f}"),
    ("claims_acknowledged", "claims stored", "{:,.0f}"),
    ("claims_error", "claims answered with an error", "{:,.0f}"),
)


def table(results: dict[str, Any]) -> list[str]:
    """Coordinator and the naive server side by side, on both kinds of connection."""
    if "rush_naive_keepalive_claims_per_s" not in results:
        return []
    heads = [f"{w} {k}" for k in KINDS for w in SERVERS]
    lines = [f"sign-up rush over HTTP: {results['rush_people']:.0f} people, "
             f"{results['rush_shifts']:.0f} shifts ({results['rush_places']:.0f} places), "
             f"{results['rush_clients']:.0f} clients",
             f"{'':<30}" + "".join(f"  {h:>22}" for h in heads)]
    for key, what, form in ROWS:
        cells = [form.format(results.get(f"rush_{w}_{k}_{key}", 0.0))
                 for k in KINDS for w in SERVERS]
        lines.append(f"{what:<30}" + "".join(f"  {c:>22}" for c in cells))
    broken = [sum(v for key, v in results.items()
                  if key.startswith(f"rush_{w}_{k}_claims_check_")) for k in KINDS for w in SERVERS]
    lines.append(f"{'invariant checks broken':<30}" + "".join(f"  {b:>22.0f}" for b in broken))
    lines.append(f"Coordinator / naive, claims per second: "
                 f"{results['rush_keepalive_vs_naive']:.2f} kept-alive, "
                 f"{results['rush_new_vs_naive']:.2f} new connections")
    return lines
