"""``coordinator bench``: the worst minute of a conference, against this machine's baseline.

Workloads, in one run (see docs/performance.md):

1. claim storm through the Application (threads) and over HTTP (a real server);
2. raw sqlite3 one-row transactions with the store's durability settings;
3. fan-out of board patches to N Socket.IO clients;
4. replay of a long log into every projection, beside a raw read of the same log,
   and time travel to random past positions;
5. peak resident memory of the processes serving all of the above;
6. the sign-up rush over HTTP against ``coordinator serve`` and against a naive
   reference server (Flask, Werkzeug, sqlite3, one lock), on kept-alive and on new
   connections (``rush.py``);
7. the HTTP storm and fan-out again against 2 and 4 server processes on PostgreSQL and
   Redis (``multi.py``; skipped with a note when they are not reachable).

Every store lives in a temporary folder (or ``workdir``), removed afterwards.
"""

from __future__ import annotations

import multiprocessing
import os
import platform
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from tqdm import tqdm

from web.benchmark.sizes import FULL, QUICK, Sizes

__all__ = ["FULL", "QUICK", "Sizes", "run"]

# Rough shares of the run's time, for the progress bar.
WEIGHTS = {"storm": 8, "baseline": 4, "http": 10, "fanout": 34, "scaleout": 6, "rush": 20,
           "multi": 40, "log": 24, "replay": 14}


def _in_child(function: Callable[..., dict[str, Any]], *args: Any) -> dict[str, Any]:
    """Run ``function`` in a fresh process: its peak memory is its own."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=context) as pool:
        return pool.submit(function, *args).result()


class _Bar:
    def __init__(self, file: TextIO, enabled: bool) -> None:
        self.bar = tqdm(total=sum(WEIGHTS.values()), file=file, disable=not enabled,
                        bar_format="{desc:<34} {percentage:3.0f}%|{bar}| {elapsed}<{remaining}",
                        leave=False)
        self.done = 0.0

    @contextmanager
    def phase(self, name: str, description: str) -> Iterator[Callable[[float], None]]:
        start = self.done
        weight = WEIGHTS[name]
        self.bar.set_description_str(description)

        def part(fraction: float) -> None:
            self.bar.n = start + weight * min(1.0, fraction)
            self.bar.refresh()

        yield part
        self.done = start + weight
        self.bar.n = self.done
        self.bar.refresh()

    def close(self) -> None:
        self.bar.close()


def machine() -> dict[str, Any]:
    import psutil

    model = platform.processor() or ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {
        "cpu": model, "cores": os.cpu_count() or 0,
        "memory_gb": psutil.virtual_memory().total / 2**30,
        "python": platform.python_version(), "system": platform.platform(),
    }


def run(quick: bool = False, json_path: Path | None = None, charts_dir: Path | None = None,
        sizes: Sizes | None = None, out: TextIO = sys.stdout, progress: bool = True,
        workdir: Path | None = None) -> dict[str, Any]:
    """Run every workload; print the table; write the JSON file and the charts."""
    sizes = sizes or (QUICK if quick else FULL)
    folder = Path(tempfile.mkdtemp(prefix="coordinator-bench-", dir=workdir))
    bar = _Bar(sys.stderr, progress)
    load_before = os.getloadavg()[0]
    began = time.perf_counter()
    notes: list[str] = []
    try:
        results = _run(sizes, folder, bar, notes)
    finally:
        bar.close()
        shutil.rmtree(folder, ignore_errors=True)
    host = machine()
    results.update(
        quick=int(quick), bench_seconds=time.perf_counter() - began,
        machine_cores=host["cores"], machine_memory_gb=round(host["memory_gb"], 1),
        # Other work on the machine skews every number: the load average says how much.
        machine_load_before=load_before, machine_load_after=os.getloadavg()[0],
    )
    from web.benchmark import report

    results.update({f"goal_met_{k}": int(v) for k, v in report.goals_met(results).items()})
    print(f"Coordinator benchmark ({'quick' if quick else 'full'}): {sizes.describe()}",
          file=out)
    print(f"Machine: {host['cpu']}, {host['cores']} cores, {host['memory_gb']:.0f} GB, "
          f"Python {host['python']}, {host['system']}", file=out)
    print(f"Ran in {results['bench_seconds']:.0f} s; load average {load_before:.1f} before, "
          f"{results['machine_load_after']:.1f} after.", file=out)
    for note in notes:
        print(f"Note: {note}", file=out)
    print("", file=out)
    print(report.table(results), file=out)
    if json_path is not None:
        report.write_json(results, json_path)
        print(f"\nWrote {json_path}", file=out)
    if charts_dir is not None:
        for path in report.charts(results, charts_dir):
            print(f"Wrote {path}", file=out)
    return results


def _run(sizes: Sizes, folder: Path, bar: _Bar, notes: list[str]) -> dict[str, Any]:
    from coordinator.application import Coordinator
    from web.benchmark import baseline, claims, conference, fanout, http_storm, multi, replay, rush
    from web.benchmark.server import Server, async_mode_from_env
    from web.modes import DEFAULT_MODE

    results: dict[str, Any] = {}
    mode = async_mode_from_env()
    results["server_async_mode_gevent"] = int(mode == "gevent")
    if mode != DEFAULT_MODE:
        notes.append(f"the servers run in {mode} mode (COORDINATOR_BENCH_ASYNC_MODE), "
                     f"not in {DEFAULT_MODE} mode as coordinator serve runs them")

    with bar.phase("storm", "claim storm (Application)"):
        os.sync()
        results.update(_in_child(claims.app_storm, f"sqlite:///{folder}/storm.db", sizes))

    with bar.phase("baseline", "raw sqlite3 inserts (baseline)"):
        os.sync()  # the storm's writes are not still being flushed while we time fsyncs
        settings = baseline.store_pragmas(folder / "storm.db")
        results.update(baseline.sqlite_inserts(folder / "baseline.db",
                                               results["claim_row_bytes"],
                                               sizes.baseline_seconds, settings))
        results["store_synchronous"] = settings["synchronous"]
        results["claims_vs_baseline"] = (results["claims_per_s"]
                                         / results["baseline_sqlite_inserts_per_s"])

    url = f"sqlite:///{folder}/http.db"
    with Coordinator(url) as app:
        layout = conference.generate(app, sizes)
    server = Server(url, folder).start()
    try:
        with bar.phase("http", "claim storm (HTTP)"):
            found = http_storm.measured_storm(server.url, url, layout, sizes,
                                              {"server": server.cpu_seconds})
            results.update({f"http_{k}": v for k, v in found.items()})
            results["peak_rss_mb_server_http"] = server.peak_rss_mb
        with bar.phase("fanout", "fan-out to Socket.IO clients") as part:
            commands = fanout.Commands(server.url, layout.people[:50], layout.slots)
            try:
                for i, n in enumerate(sizes.fanout_clients):
                    row = fanout.fanout(server.url, n, sizes.fanout_workers, commands,
                                        sizes.fanout_commands, sizes.fanout_rate,
                                        server.rss_mb, server.cpu_seconds)
                    results.update({f"fanout_{n}_{k}": v for k, v in row.items()
                                    if k != "clients"})
                    part((i + 1) / len(sizes.fanout_clients))
            finally:
                commands.close()
            largest = max(sizes.fanout_clients)
            results["fanout_clients"] = largest
            results["fanout_latency_ms_p50"] = results[f"fanout_{largest}_latency_ms_p50"]
            results["fanout_latency_ms_p99"] = results[f"fanout_{largest}_latency_ms_p99"]
            results["fanout_rate_per_s"] = sizes.fanout_rate
    finally:
        results["peak_rss_mb_server"] = server.stop()

    with bar.phase("scaleout", f"claim storm (HTTP, {sizes.http_servers} servers)"):
        results.update(_scaled_out_storm(sizes, folder))

    with bar.phase("rush", "sign-up rush (beside a naive server)"):
        results.update(rush.run(sizes, folder))

    with bar.phase("multi", "several processes (PostgreSQL, Redis)") as part:
        found, skipped = multi.run(sizes, folder, part)
        results.update(found)
        if skipped:
            notes.append(f"the multi-process run (PostgreSQL and Redis) was skipped: "
                         f"{skipped}")

    log_url = f"sqlite:///{folder}/log.db"
    with bar.phase("log", "generating the event log") as part:
        results.update(replay.generate(log_url, sizes,
                                       lambda n: part(n / sizes.replay_events)))
    with bar.phase("replay", "replay and time travel"):
        os.sync()
        results.update(_in_child(replay.replay, log_url, sizes))
    results["replay_vs_baseline_read"] = (results["replay_events_per_s"]
                                          / results["baseline_read_events_per_s"])
    results["peak_rss_mb"] = max(results["peak_rss_mb_server"],
                                 results["peak_rss_mb_app_storm"],
                                 results["peak_rss_mb_replay"],
                                 results["peak_rss_mb_scaled_server"])
    return results


def _scaled_out_storm(sizes: Sizes, folder: Path) -> dict[str, Any]:
    """The HTTP claim storm against several ``coordinator serve`` processes on one store
    (client process i sends to server i): how far more processes take the same work."""
    from coordinator.application import Coordinator
    from web.benchmark import conference, http_storm
    from web.benchmark.server import Server

    url = f"sqlite:///{folder}/scaleout.db"
    with Coordinator(url) as app:
        layout = conference.generate(app, sizes)
    servers: list[Server] = []
    try:
        for _ in range(sizes.http_servers):
            servers.append(Server(url, folder).start())
        found = http_storm.measured_storm(
            [s.url for s in servers], url, layout, sizes,
            {"server": lambda: sum(s.cpu_seconds() for s in servers)},
            processes=max(sizes.http_processes, sizes.http_servers))
    finally:
        peaks = [s.stop() for s in servers]
    return {
        "http_servers": sizes.http_servers,
        **{f"http_scaled_{k}": v for k, v in found.items()},
        "peak_rss_mb_scaled_server": max(peaks),
    }
