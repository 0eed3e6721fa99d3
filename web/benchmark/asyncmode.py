"""Threading against gevent: the benchmark's fan-out and HTTP claim storm per async mode.

    python -m web.benchmark.asyncmode [--clients 500] [--rounds 2] [--json FILE]
                                      [--modes threading,gevent] [--no-storm]

For each round and each mode (the order turns every round, so a busier minute of
the shared machine does not always fall on the same mode), on a fresh SQLite store
with the full run's conference:

1. one server in that mode (``coordinator serve --async-mode MODE``: gevent's server,
   or gunicorn's threaded worker, simple-websocket in both);
2. ``--clients`` Socket.IO clients on the open-space board, then the full run's
   commands (150 at 10 a second): answer -> patch latency, the server's CPU time
   while connecting everyone and per command, its memory with everyone connected;
3. then the HTTP claim storm on the same server: claims per second, latency, CPU per
   claim, and the invariant checks.

The numbers are printed per mode (median over the rounds, and every round) and, with
``--json``, written as ``asyncmode_MODE_KEY`` (median) and ``asyncmode_MODE_rN_KEY``.
The results in docs/performance.md ("Async mode") come from this module; the servers
themselves are compared in web/benchmark/servers.py.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from web.benchmark.sizes import FULL, Sizes
from web.modes import ASYNC_MODES

KEYS = (
    ("fanout_latency_ms_p50", "answer -> patch p50 (ms)"),
    ("fanout_latency_ms_p99", "answer -> patch p99 (ms)"),
    ("fanout_latency_ms_max", "answer -> patch max (ms)"),
    ("fanout_missed", "patches missed"),
    ("server_cpu_s_connect", "server CPU to connect + subscribe all (s)"),
    ("server_cpu_ms_per_command", "server CPU per command + its patches (ms)"),
    ("server_rss_mb_connected", "server RSS, all clients connected (MB)"),
    ("server_peak_rss_mb", "server peak RSS (MB)"),
    ("http_claims_per_s", "HTTP claims answered per second"),
    ("http_claim_latency_ms_p50", "HTTP claim latency p50 (ms)"),
    ("http_claim_latency_ms_p99", "HTTP claim latency p99 (ms)"),
    ("server_cpu_ms_per_claim", "server CPU per claim (ms)"),
    ("http_claims_errors", "HTTP claims answered with an error"),
    ("http_claims_broken", "invariant checks broken"),
)


def one_run(mode: str, clients: int, sizes: Sizes, folder: Path, storm: bool) -> dict[str, Any]:
    """One server in ``mode``: fan-out to ``clients`` clients, then the claim storm."""
    from coordinator.application import Coordinator
    from web.benchmark import conference, fanout, http_storm
    from web.benchmark.server import Server

    url = f"sqlite:///{folder}/{mode}-{time.monotonic_ns()}.db"
    with Coordinator(url) as app:
        layout = conference.generate(app, sizes)
    server = Server(url, folder, async_mode=mode).start()
    row: dict[str, Any] = {}
    try:
        commands = fanout.Commands(server.url, layout.people[:50], layout.slots)
        try:
            found = fanout.fanout(server.url, clients, sizes.fanout_workers, commands,
                                  sizes.fanout_commands, sizes.fanout_rate, server.rss_mb,
                                  server.cpu_seconds)
        finally:
            commands.close()
        row.update({
            "fanout_latency_ms_p50": found["latency_ms_p50"],
            "fanout_latency_ms_p99": found["latency_ms_p99"],
            "fanout_latency_ms_max": found["latency_ms_max"],
            "fanout_missed": found["missed"],
            "server_cpu_s_connect": found["server_cpu_s_connect"],
            "server_cpu_ms_per_command": found["server_cpu_ms_per_command"],
            "server_rss_mb_connected": found["server_rss_mb"],
        })
        if storm:
            stormed = http_storm.measured_storm(server.url, url, layout, sizes,
                                                {"server": server.cpu_seconds})
            row.update({
                "http_claims_per_s": stormed["claims_per_s"],
                "http_claim_latency_ms_p50": stormed["claim_latency_ms_p50"],
                "http_claim_latency_ms_p99": stormed["claim_latency_ms_p99"],
                "server_cpu_ms_per_claim": stormed["server_cpu_ms_per_claim"],
                "http_claims_errors": stormed["claims_error"],
                "http_claims_broken": sum(1 for k, v in stormed.items()
                                          if k.startswith("claims_check_") and v),
            })
    finally:
        row["server_peak_rss_mb"] = server.stop()
    return row


def compare(modes: list[str], clients: int, rounds: int, sizes: Sizes = FULL,
            storm: bool = True, workdir: Path | None = None,
            out: Any = sys.stdout) -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(prefix="coordinator-asyncmode-", dir=workdir))
    results: dict[str, Any] = {"asyncmode_clients": clients, "asyncmode_rounds": rounds,
                               "machine_load_before": os.getloadavg()[0]}
    runs: dict[str, list[dict[str, Any]]] = {m: [] for m in modes}
    began = time.perf_counter()
    try:
        for r in range(rounds):
            order = modes[r % len(modes):] + modes[:r % len(modes)]
            for mode in order:
                load = os.getloadavg()[0]
                row = one_run(mode, clients, sizes, folder, storm)
                row["machine_load"] = load
                runs[mode].append(row)
                print(f"round {r + 1}, {mode}: " + ", ".join(
                    f"{k} {v:.1f}" for k, v in row.items()), file=out, flush=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    results["machine_load_after"] = os.getloadavg()[0]
    results["asyncmode_seconds"] = time.perf_counter() - began
    for mode, rows in runs.items():
        for key in rows[0]:
            results[f"asyncmode_{mode}_{key}"] = statistics.median(r[key] for r in rows)
            for i, r in enumerate(rows):
                results[f"asyncmode_{mode}_r{i + 1}_{key}"] = r[key]
    print("", file=out)
    print(table(results, modes), file=out)
    return results


def _number(value: float) -> str:
    return f"{value:.0f}" if abs(value) >= 100 else f"{value:.1f}"


def table(results: dict[str, Any], modes: list[str]) -> str:
    rounds = int(results["asyncmode_rounds"])
    lines = [f"{results['asyncmode_clients']:.0f} clients on one server, median of {rounds} "
             f"round(s) (each round in brackets); load average "
             f"{results['machine_load_before']:.1f} before, "
             f"{results['machine_load_after']:.1f} after", ""]
    width = max(len(w) for _, w in KEYS)
    lines.append(f"{'':<{width}}" + "".join(f"  {m:>28}" for m in modes))
    for key, what in KEYS:
        if f"asyncmode_{modes[0]}_{key}" not in results:
            continue
        cells = []
        for mode in modes:
            each = "/".join(_number(results[f"asyncmode_{mode}_r{i + 1}_{key}"])
                            for i in range(rounds))
            cells.append(f"{_number(results[f'asyncmode_{mode}_{key}'])} [{each}]")
        lines.append(f"{what:<{width}}" + "".join(f"  {c:>28}" for c in cells))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m web.benchmark.asyncmode")
    parser.add_argument("--clients", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=2)
    # threading first in the first round, as when the numbers in docs/performance.md were taken
    parser.add_argument("--modes", default="threading,gevent")
    parser.add_argument("--no-storm", action="store_true", help="fan-out only")
    parser.add_argument("--json", metavar="FILE")
    args = parser.parse_args(argv)
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    unknown = set(modes) - set(ASYNC_MODES)
    if unknown:
        parser.error(f"unknown modes {sorted(unknown)}: use {', '.join(ASYNC_MODES)}")
    results = compare(modes, args.clients, args.rounds, storm=not args.no_storm)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2, sort_keys=True) + "\n",
                                   encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
