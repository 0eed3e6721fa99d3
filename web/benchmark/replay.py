"""Replay and time travel on a long generated log.

``generate`` and ``replay`` run in processes of their own, so the replay's peak
memory is that of a process doing nothing else (as ``coordinator rebuild`` would).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from coordinator.application import Coordinator
from projections.engine.runner import ProjectionRunner
from web.benchmark.baseline import sqlite_reads
from web.benchmark.eventlog import generate_log
from web.benchmark.server import own_peak_rss_mb
from web.benchmark.sizes import Sizes
from web.benchmark.stats import summary_ms


def generate(database_url: str, sizes: Sizes,
             progress: Callable[[int], None] | None = None) -> dict[str, Any]:
    began = time.perf_counter()
    with Coordinator(database_url) as app:
        stored = generate_log(app, sizes, sizes.replay_events, progress=progress)
    elapsed = time.perf_counter() - began
    return {"replay_log_events": stored, "replay_log_generate_s": elapsed,
            "replay_log_generate_events_per_s": stored / elapsed}


def library_reads(app: Coordinator) -> float:
    """Events per second read through the library: notifications decoded to domain events."""
    began = time.perf_counter()
    count = 0
    after = 0
    to_domain_event = app.mapper.to_domain_event
    while True:
        page = app.recorder.select_notifications(after, 1000, inclusive_of_start=False)
        for notification in page:
            to_domain_event(notification)
        count += len(page)
        if len(page) < 1000:
            break
        after = page[-1].id
    return count / (time.perf_counter() - began)


def replay(database_url: str, sizes: Sizes, seed: int = 5) -> dict[str, Any]:
    """Fold the whole log into every projection, then visit random past positions."""
    with Coordinator(database_url) as app:
        path = Path(app.store_url.sqlite_path)
        reads = sqlite_reads(path)
        library = library_reads(app)
        runner = ProjectionRunner(app)
        began = time.perf_counter()
        last = runner.rebuild()
        elapsed = time.perf_counter() - began
        rng = random.Random(seed)
        boards = ["open-space", "shifts", "booths"]
        durations: list[float] = []
        # A fresh runner, as a server answering ``GET /boards/B?at=P`` would use.
        past = ProjectionRunner(app)
        for _ in range(sizes.time_travel_samples):
            position = rng.randint(1, last)
            board = rng.choice(boards)
            began = time.perf_counter()
            past.board_at(board, position)
            durations.append(time.perf_counter() - began)
    travel = summary_ms(durations)
    return {
        "replay_events_per_s": last / elapsed,
        "replay_seconds": elapsed,
        "replay_events": last,
        **reads,
        "library_read_events_per_s": library,
        "time_travel_ms_p50": travel["p50"],
        "time_travel_ms_p99": travel["p99"],
        "time_travel_ms_max": travel["max"],
        "peak_rss_mb_replay": own_peak_rss_mb(),
    }
