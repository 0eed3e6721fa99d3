"""The claim storm: every person tries to claim 1 to 4 shifts at once, from many threads.

Run in a process of its own (its peak memory is the kernel's high-water mark),
first through the Application's commands; ``http_storm`` does the same over HTTP.
After the storm, every shift and person is read back from the store to check
the invariants: no shift over capacity, nobody on two overlapping shifts, and
every acknowledged claim present on both the shift and the person.
"""

from __future__ import annotations

import random
import sqlite3
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from typing import Any
from uuid import UUID

from coordinator.application import Coordinator
from coordinator.errors import DomainError
from coordinator.people.aggregate import Person
from coordinator.shifts.aggregate import Shift
from web.benchmark.conference import Layout, generate, overlapping
from web.benchmark.server import own_peak_rss_mb
from web.benchmark.sizes import Sizes
from web.benchmark.stats import summary_ms

# (person id hex, shift id hex)
Attempt = tuple[str, str]


def claim_plan(layout: Layout, sizes: Sizes, seed: int = 11) -> list[Attempt]:
    """Each person picks 1 to ``claims_per_person`` shifts; all of them are sent at once."""
    rng = random.Random(seed)
    attempts = [
        (person.hex, shift.id.hex)
        for person in layout.people
        for shift in rng.sample(layout.shifts, rng.randint(1, sizes.claims_per_person))
    ]
    rng.shuffle(attempts)
    return attempts


def check_store(app: Coordinator, layout: Layout, acknowledged: list[Attempt]) -> dict[str, int]:
    """Read every shift and person back and count what breaks an invariant."""
    shifts = {s.id.hex: app.repository.get(s.id) for s in layout.shifts}
    people = {p.hex: app.repository.get(p) for p in layout.people}
    over = sum(1 for s in shifts.values() if isinstance(s, Shift) and s.taken > s.capacity)
    overlaps = sum(
        1 for p in people.values()
        if isinstance(p, Person) and overlapping([(a, b) for a, b in p.commitments.values()])
    )
    lost = 0
    for person_hex, shift_hex in acknowledged:
        shift, person = shifts[shift_hex], people[person_hex]
        assert isinstance(shift, Shift) and isinstance(person, Person)
        if person_hex not in shift.signups or shift_hex not in person.commitments:
            lost += 1
    # Both sides of every signup agree (a shift's list and a person's commitments).
    mismatched = sum(
        1 for s in shifts.values() if isinstance(s, Shift)
        for person_hex in s.signups
        if s.id.hex not in getattr(people.get(person_hex), "commitments", {})
    )
    return {"over_capacity": over, "overlapping": overlaps, "lost_acks": lost,
            "mismatched": mismatched}


def stored_row_bytes(database_path: str, after: int) -> float:
    """The mean size of the rows stored after position ``after`` (id, version, topic, state)."""
    with closing(sqlite3.connect(database_path)) as conn:
        row = conn.execute(
            "SELECT AVG(LENGTH(originator_id) + 8 + LENGTH(topic) + LENGTH(state)), COUNT(*) "
            "FROM stored_events WHERE rowid > ?", (after,)).fetchone()
    return float(row[0] or 0.0)


KNOWN = ("acknowledged", "shift_full", "overlapping_shift", "already_signed_up", "conflict")


def outcome_counts(outcomes: list[str]) -> dict[str, int]:
    """How many claims ended each way; anything unexpected counts as an error."""
    counts = Counter(o if o in KNOWN else "error" for o in outcomes)
    return {f"claims_{code}": counts.get(code, 0) for code in (*KNOWN, "error")}


def app_storm(database_url: str, sizes: Sizes) -> dict[str, Any]:
    """Generate a conference, storm it through the Application; numbers and checks."""
    with Coordinator(database_url) as app:
        layout = generate(app, sizes)
        setup_position = app.recorder.max_notification_id() or 0
        attempts = claim_plan(layout, sizes)
        outcomes: list[str] = [""] * len(attempts)
        latencies: list[float] = [0.0] * len(attempts)
        start_gate = threading.Barrier(sizes.claim_threads)

        def claim(i: int) -> None:
            person_hex, shift_hex = attempts[i]
            began = time.perf_counter()
            try:
                app.sign_up(UUID(hex=shift_hex), UUID(hex=person_hex))
                outcomes[i] = "acknowledged"
            except DomainError as error:
                outcomes[i] = error.code if error.code != "invalid_input" else "error"
            except Exception:
                outcomes[i] = "error"
            latencies[i] = time.perf_counter() - began

        def wait_for_all(_: int) -> None:
            start_gate.wait()

        with ThreadPoolExecutor(sizes.claim_threads) as pool:
            # Every thread is up before the first claim goes out.
            list(pool.map(wait_for_all, range(sizes.claim_threads)))
            began = time.perf_counter()
            list(pool.map(claim, range(len(attempts))))
            elapsed = time.perf_counter() - began
        acknowledged = [a for a, o in zip(attempts, outcomes, strict=True)
                        if o == "acknowledged"]
        checks = check_store(app, layout, acknowledged)
        path = app.store_url.sqlite_path
    latency = summary_ms(latencies)
    return {
        "claims_per_s": len(attempts) / elapsed,
        "claims_acknowledged_per_s": len(acknowledged) / elapsed,
        "claims_attempted": len(attempts),
        "claims_seconds": elapsed,
        "claim_latency_ms_p50": latency["p50"],
        "claim_latency_ms_p99": latency["p99"],
        "claim_latency_ms_max": latency["max"],
        **outcome_counts(outcomes),
        **{f"claims_check_{k}": v for k, v in checks.items()},
        "claim_row_bytes": stored_row_bytes(path, setup_position),
        "peak_rss_mb_app_storm": own_peak_rss_mb(),
    }
