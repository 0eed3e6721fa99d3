"""The HTTP servers side by side (web/benchmark/candidates.py), in one run.

    python -m web.benchmark.servers [--rounds 3] [--screens 300] [--json FILE]
                                    [--servers gevent-simple,gunicorn-gevent,...]

Every round runs every server (the order turns each round, so a busier minute of the
shared machine does not always fall on the same one), each on fresh SQLite stores:

1. the sign-up rush of ``rush.py`` on kept-alive connections, after 200 sequential
   ``GET /healthz``, alternately on one kept-alive connection and on new ones (medians);
2. the rush again on a new connection per claim;
3. fan-out: ``--screens`` WebSocket screens on the open-space board, commands at 10 a
   second, answer -> patch latency.

Claims per second, latency, the server's CPU per claim (a gunicorn worker's too) and
its peak memory, with the rush's invariant checks. The numbers behind
docs/deployment.md, "Async mode", come from this module.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psutil

from web.benchmark import conference, fanout, http_storm, rush
from web.benchmark.candidates import CANDIDATES
from web.benchmark.server import RssSampler, Server
from web.benchmark.sizes import FULL, QUICK

SEQUENTIAL = 200


class _TreeSampler(RssSampler):
    """The resident memory of a process and its children (a gunicorn worker)."""

    def _sample(self) -> None:
        with contextlib.suppress(psutil.Error):  # a worker that has just gone
            tree = [self.process, *self.process.children(recursive=True)]
            self.peak = max(self.peak, sum(p.memory_info().rss for p in tree))


class CandidateServer(Server):
    def __init__(self, name: str, database_url: str, workdir: Path) -> None:
        super().__init__(database_url, workdir)
        self.name = name

    def command(self) -> list[str]:
        return [sys.executable, "-m", "web.benchmark.candidates", self.name, str(self.port)]

    def start(self, timeout: float = 60) -> CandidateServer:
        super().start(timeout)
        assert self.process is not None and self.sampler is not None
        self.sampler.stop()
        self.sampler = _TreeSampler(self.process.pid).start()
        return self

    def cpu_seconds(self) -> float:
        if self.process is None:
            return 0.0
        root = psutil.Process(self.process.pid)
        return sum(t.user + t.system for t in
                   (p.cpu_times() for p in [root, *root.children(recursive=True)]))


def kept_vs_new(port: int) -> dict[str, float]:
    """Median ms of ``GET /healthz``, alternately on one kept-alive connection and new."""
    kept = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    times: dict[str, list[float]] = {"kept": [], "new": []}
    try:
        for i in range(SEQUENTIAL):
            conn = kept if i % 2 == 0 else http.client.HTTPConnection("127.0.0.1", port,
                                                                        timeout=30)
            began = time.perf_counter()
            conn.request("GET", "/healthz")
            conn.getresponse().read()
            times["kept" if i % 2 == 0 else "new"].append(time.perf_counter() - began)
            if conn is not kept:
                conn.close()
    finally:
        kept.close()
    return {f"{k}_ms_p50": statistics.median(v) * 1000 for k, v in times.items()}


def one_round(name: str, screens: int, folder: Path, n: int) -> dict[str, float]:
    from coordinator.application import Coordinator

    row: dict[str, float] = {}
    plan = rush.make_plan(FULL)
    peaks = []
    for keep_alive in (True, False):
        url = f"sqlite:///{folder}/rush-{name}-{n}-{keep_alive}.db"
        layout = rush.store_for_coordinator(url, plan)
        server = CandidateServer(name, url, folder).start()
        try:
            if keep_alive:
                row.update(kept_vs_new(server.port))
            people = [p.hex for p in layout.people]
            shifts = [s.id.hex for s in layout.shifts]
            found = http_storm.measured_storm(
                server.url, url, layout, FULL, {"server": server.cpu_seconds},
                processes=FULL.rush_processes, threads=FULL.rush_threads,
                attempts=rush.attempts(plan, people, shifts), keep_alive=keep_alive)
        finally:
            peaks.append(server.stop())
        kind = "keepalive" if keep_alive else "new"
        for key in ("claims_per_s", "claim_latency_ms_p50", "claim_latency_ms_p99",
                    "server_cpu_ms_per_claim", "claims_error"):
            row[f"rush_{kind}_{key}"] = found[key]
        row[f"rush_{kind}_broken"] = sum(v for k, v in found.items()
                                         if k.startswith("claims_check_"))
    url = f"sqlite:///{folder}/fanout-{name}-{n}.db"
    with Coordinator(url) as app:
        layout = conference.generate(app, QUICK)
    server = CandidateServer(name, url, folder).start()
    try:
        commands = fanout.Commands(server.url, layout.people[:50], layout.slots)
        try:
            found = fanout.fanout(server.url, screens, FULL.fanout_workers, commands, 100,
                                  FULL.fanout_rate, server.rss_mb, server.cpu_seconds)
        finally:
            commands.close()
        row.update({"fanout_ms_p50": found["latency_ms_p50"],
                    "fanout_ms_p99": found["latency_ms_p99"], "fanout_missed": found["missed"],
                    "fanout_cpu_ms_per_command": found["server_cpu_ms_per_command"]})
    finally:
        peaks.append(server.stop())
    row["peak_rss_mb"] = max(peaks)
    return row


def compare(names: list[str], rounds: int, screens: int, out: Any = sys.stdout
            ) -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(prefix="coordinator-servers-"))
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in names}
    try:
        for r in range(rounds):
            for name in names[r % len(names):] + names[:r % len(names)]:
                row = one_round(name, screens, folder, r)
                runs[name].append(row)
                print(f"round {r + 1}, {name}: " + ", ".join(
                    f"{k} {v:.1f}" for k, v in row.items()), file=out, flush=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    results: dict[str, Any] = {"servers_rounds": rounds, "servers_screens": screens}
    for name, rows in runs.items():
        for key in rows[0]:
            values = [row[key] for row in rows]
            results[f"servers_{name}_{key}"] = statistics.median(values)
            results[f"servers_{name}_{key}_range"] = [min(values), max(values)]
    print(table(results, names), file=out)
    return results


def table(results: dict[str, Any], names: list[str]) -> str:
    keys = [k.removeprefix(f"servers_{names[0]}_") for k in results
            if k.startswith(f"servers_{names[0]}_") and not k.endswith("_range")]
    lines = [f"{'':<32}" + "".join(f"  {n:>20}" for n in names)]
    for key in keys:
        cells = []
        for name in names:
            low, high = results[f"servers_{name}_{key}_range"]
            cells.append(f"{low:.1f}-{high:.1f}" if low != high else f"{low:.1f}")
        lines.append(f"{key:<32}" + "".join(f"  {c:>20}" for c in cells))
    return "\n".join(lines)


def available() -> list[str]:
    """Every candidate whose packages are installed (gevent-websocket no longer is, with
    the project: ``pip install gevent-websocket`` to measure it again)."""
    import importlib.util

    found = importlib.util.find_spec("geventwebsocket") is not None
    return [name for name in CANDIDATES if found or name != "gevent-websocket"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m web.benchmark.servers")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--screens", type=int, default=300)
    parser.add_argument("--servers", default=",".join(available()))
    parser.add_argument("--json", metavar="FILE")
    args = parser.parse_args(argv)
    names = [n.strip() for n in args.servers.split(",") if n.strip()]
    unknown = set(names) - set(CANDIDATES)
    if unknown:
        parser.error(f"unknown servers {sorted(unknown)}: use {', '.join(CANDIDATES)}")
    results = compare(names, args.rounds, args.screens)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2, sort_keys=True) + "\n",
                                   encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
