"""The benchmark's outputs: the goals, the table, the JSON file and the charts."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REQUIRED = (
    "claims_per_s", "http_claims_per_s", "baseline_sqlite_inserts_per_s",
    "fanout_clients", "fanout_latency_ms_p50", "fanout_latency_ms_p99",
    "replay_events_per_s", "baseline_read_events_per_s", "time_travel_ms_p99",
    "peak_rss_mb", "naive_http_claims_per_s", "http_claims_vs_naive",
)


@dataclass(frozen=True)
class Goal:
    key: str
    text: str
    met: Callable[[dict[str, Any]], bool]
    # Whether this run can tell (the fan-out goal needs 500 clients; --quick has 50).
    judged: Callable[[dict[str, Any]], bool] = lambda _: True


GOALS = [
    Goal("claims_per_s", ">= 0.2 x baseline inserts",
         lambda r: r["claims_per_s"] >= 0.2 * r["baseline_sqlite_inserts_per_s"]),
    Goal("http_claims_per_s", ">= 1,000", lambda r: r["http_claims_per_s"] >= 1000),
    Goal("fanout_latency_ms_p99", "<= 50 with 500 clients",
         lambda r: r["fanout_latency_ms_p99"] <= 50,
         judged=lambda r: r["fanout_clients"] >= 500),
    Goal("replay_events_per_s", ">= 0.5 x baseline read",
         lambda r: r["replay_events_per_s"] >= 0.5 * r["baseline_read_events_per_s"]),
    Goal("time_travel_ms_p99", "<= 200", lambda r: r["time_travel_ms_p99"] <= 200),
    Goal("peak_rss_mb", "<= 300", lambda r: r["peak_rss_mb"] <= 300),
]


def goals_met(results: dict[str, Any]) -> dict[str, bool]:
    """Each goal this run can judge: met or not (the others are left out)."""
    return {goal.key: bool(goal.met(results)) for goal in GOALS if goal.judged(results)}


def _number(value: float) -> str:
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def table(results: dict[str, Any]) -> str:
    """The results people read: the contract's keys, the goals, the fan-out table."""
    met = goals_met(results)
    goal_text = {g.key: g.text for g in GOALS}
    rows = [
        ("claims_per_s", "claims answered per second (Application, threads)"),
        ("claims_acknowledged_per_s", "  of which stored (acknowledged) per second"),
        ("claim_latency_ms_p50", "  latency p50 (ms)"),
        ("claim_latency_ms_p99", "  latency p99 (ms)"),
        ("http_claims_per_s", "claims answered per second (HTTP)"),
        ("http_claim_latency_ms_p50", "  latency p50 (ms)"),
        ("http_claim_latency_ms_p99", "  latency p99 (ms)"),
        ("http_scaled_claims_per_s", "  the same against several servers on one store"),
        ("naive_http_claims_per_s", "sign-up rush: naive server's claims per second"),
        ("http_claims_vs_naive", "  Coordinator / naive, same rush, same run"),
        ("baseline_sqlite_inserts_per_s", "raw sqlite3 one-row transactions per second"),
        ("claims_vs_baseline", "  claims_per_s / baseline"),
        ("fanout_clients", "Socket.IO clients (largest N)"),
        ("fanout_latency_ms_p50", "  answer -> patch latency p50 (ms)"),
        ("fanout_latency_ms_p99", "  answer -> patch latency p99 (ms)"),
        ("replay_events_per_s", "events folded into every projection per second"),
        ("baseline_read_events_per_s", "raw sqlite3 read + JSON decode, events per second"),
        ("library_read_events_per_s", "library read + decode to domain events per second"),
        ("replay_vs_baseline_read", "  replay / baseline read"),
        ("time_travel_ms_p99", "board at a random past position, p99 (ms)"),
        ("peak_rss_mb", "peak resident memory of the server (MB)"),
    ]
    width = max(len(k) for k, _ in rows)
    lines = [f"{'key':<{width}}  {'value':>12}  {'goal':<34}  what"]
    lines.append("-" * (width + 80))
    for key, what in rows:
        if key not in results:
            continue
        goal = ""
        if key in goal_text:
            verdict = ("not judged here" if key not in met
                       else "met" if met[key] else "MISSED")
            goal = f"{goal_text[key]} {verdict}"
        lines.append(f"{key:<{width}}  {_number(float(results[key])):>12}  {goal:<34}  {what}")
    lines.append("")
    lines.append("fan-out    clients  workers  p50 ms   p99 ms   max ms  deliveries  missed"
                 "  server MB")
    for n in fanout_counts(results):
        p = f"fanout_{n}_"
        lines.append(
            f"{'':9}  {n:>7}  {results[p + 'workers']:>7.0f}  {results[p + 'latency_ms_p50']:>6.1f}"
            f"  {results[p + 'latency_ms_p99']:>7.1f}  {results[p + 'latency_ms_max']:>7.1f}"
            f"  {results[p + 'deliveries']:>10.0f}  {results[p + 'missed']:>6.0f}"
            f"  {results.get(p + 'server_rss_mb', 0):>9.0f}")
    lines.append("")
    from web.benchmark import rush  # the rush's table sits with the rush

    lines.extend(rush.table(results))
    lines.append("")
    lines.extend(multi_table(results))
    checks = {k: v for k, v in results.items() if "_check_" in k}
    broken = {k: v for k, v in checks.items() if v}
    lines.append("")
    lines.append("invariant checks: " + ("all hold" if not broken else
                                          f"BROKEN {broken}"))
    return "\n".join(lines)


def multi_counts(results: dict[str, Any]) -> list[int]:
    """The process counts of the multi-process run (PostgreSQL and Redis)."""
    return sorted(int(k.split("_")[1]) for k in results
                  if k.startswith("multi_") and k.endswith("_http_claims_per_s"))


def multi_table(results: dict[str, Any]) -> list[str]:
    """One process on SQLite beside 2 and 4 on PostgreSQL and Redis, in one run."""
    if not results.get("multi_available"):
        return ["several processes (PostgreSQL, Redis): skipped (see the note above)"]
    n = int(results["multi_fanout_clients"])
    lines = [f"{'several processes':<18}  {'store':<10}  {'claims/s':>8}  {'claim p99':>9}  "
             f"{'CPU ms/claim':>12}  {'busy %':>6}  {'fan-out':>7}  {'p50 ms':>6}  "
             f"{'p99 ms':>6}  {'p99 same / other':>16}  {'server MB':>9}"]
    single = f"fanout_{n}_"

    def row(label: str, store: str, prefix: str,
            fan: tuple[float, float, str, float] | None) -> str:
        cpu = (results.get(prefix + "server_cpu_ms_per_claim", 0)
               + results.get(prefix + "postgres_cpu_ms_per_claim", 0))
        text = (f"{label:<18}  {store:<10}  {results[prefix + 'claims_per_s']:>8,.0f}  "
                f"{results[prefix + 'claim_latency_ms_p99']:>9.0f}  {cpu:>12.1f}  "
                f"{results.get(prefix + 'machine_cpu_busy_pct', 0):>6.0f}")
        if fan is not None:
            p50, f99, split, mb = fan
            text += f"  {n:>7}  {p50:>6.1f}  {f99:>6.1f}  {split:>16}  {mb:>9.0f}"
        return text

    lines.append(row("1 process", "SQLite", "http_",
                     (results[single + "latency_ms_p50"], results[single + "latency_ms_p99"],
                      "", results.get(single + "server_rss_mb", 0))
                     if single + "latency_ms_p99" in results else None))
    if "http_scaled_claims_per_s" in results:
        lines.append(row(f"{results['http_servers']:.0f} processes", "SQLite", "http_scaled_",
                         None))
    for count in multi_counts(results):
        p = f"multi_{count}_"
        split = (f"{results[p + 'fanout_latency_ms_p99_same_process']:.1f} / "
                 f"{results[p + 'fanout_latency_ms_p99_other_process']:.1f}")
        lines.append(row(f"{count} processes", "PostgreSQL", p + "http_",
                         (results[p + "fanout_latency_ms_p50"],
                          results[p + "fanout_latency_ms_p99"], split,
                          results[p + "fanout_server_rss_mb"])))
    missed = sum(results.get(f"multi_{c}_fanout_missed", 0) for c in multi_counts(results))
    lines.append("(CPU ms/claim: the servers' CPU time, and PostgreSQL's, per claim of the "
                 "storm; busy %: the whole machine's CPU during the storm, 100 per core;")
    lines.append(f" server MB: the largest process with every client connected; "
                 f"patches missed in the multi-process fan-out: {missed:.0f})")
    return lines


def fanout_counts(results: dict[str, Any]) -> list[int]:
    return sorted(int(k.split("_")[1]) for k in results
                  if k.startswith("fanout_") and k.endswith("_latency_ms_p99")
                  and k.split("_")[1].isdigit())


def write_json(results: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def charts(results: dict[str, Any], folder: Path) -> list[Path]:
    """bench-fanout.png (latency against clients), bench-throughput.png (against the
    baseline) and, after a multi-process run, bench-multi.png (1 process against 2 and
    4), drawn with matplotlib's Agg backend."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    folder.mkdir(parents=True, exist_ok=True)
    made: list[Path] = []

    counts = fanout_counts(results)
    fig, ax = plt.subplots(figsize=(7, 4.2), dpi=110)
    for stat, style in (("p50", "o-"), ("p99", "s-"), ("max", "^:")):
        ax.plot(counts, [results[f"fanout_{n}_latency_ms_{stat}"] for n in counts], style,
                label=stat)
    ax.axhline(50, color="grey", linestyle="--", linewidth=1, label="goal: p99 <= 50 ms")
    ax.set_xlabel("Socket.IO clients on the open-space board")
    ax.set_ylabel("command answer -> patch received (ms)")
    ax.set_title(f"Fan-out latency at {results.get('fanout_rate_per_s', 0):.0f} commands/s")
    ax.set_xticks(counts)
    ax.grid(True, alpha=0.3)
    ax.legend()
    fig.tight_layout()
    path = folder / "bench-fanout.png"
    fig.savefig(path)
    plt.close(fig)
    made.append(path)

    fig, (writes, reads) = plt.subplots(1, 2, figsize=(10, 4.2), dpi=110)
    labels = ["raw sqlite3\n1-row txns", "claims\n(Application)", "claims\n(HTTP)",
              f"claims (HTTP,\n{results.get('http_servers', 2):.0f} servers)"]
    values = [results["baseline_sqlite_inserts_per_s"], results["claims_per_s"],
              results["http_claims_per_s"], results.get("http_scaled_claims_per_s", 0)]
    bars = writes.bar(labels, values, color=["#999999", "#1f77b4", "#ff7f0e", "#ffbb78"])
    writes.bar_label(bars, fmt="{:,.0f}")
    writes.axhline(0.2 * results["baseline_sqlite_inserts_per_s"], color="grey",
                   linestyle="--", linewidth=1, label="goal: claims >= 0.2 x baseline")
    writes.axhline(1000, color="#ff7f0e", linestyle=":", linewidth=1,
                   label="goal: HTTP claims >= 1,000")
    writes.set_ylabel("per second")
    writes.set_title("Writes against the baseline")
    writes.legend()
    labels = ["raw sqlite3\nread + json", "library read\n+ decode", "replay into\nprojections"]
    values = [results["baseline_read_events_per_s"], results["library_read_events_per_s"],
              results["replay_events_per_s"]]
    bars = reads.bar(labels, values, color=["#999999", "#2ca02c", "#1f77b4"])
    reads.bar_label(bars, fmt="{:,.0f}")
    reads.axhline(0.5 * results["baseline_read_events_per_s"], color="grey", linestyle="--",
                  linewidth=1, label="goal: 0.5 x baseline")
    reads.set_ylabel("events per second")
    reads.set_title(f"Reads of a {results['replay_events']:,.0f}-event log")
    reads.legend()
    fig.tight_layout()
    path = folder / "bench-throughput.png"
    fig.savefig(path)
    plt.close(fig)
    made.append(path)

    if results.get("multi_available") and multi_counts(results):
        made.append(_multi_chart(results, folder, plt))
    return made


def _multi_chart(results: dict[str, Any], folder: Path, plt: Any) -> Path:
    """bench-multi.png: claims per second and fan-out latency, 1 process against N."""
    counts = multi_counts(results)
    n = int(results["multi_fanout_clients"])
    fig, (writes, fan) = plt.subplots(1, 2, figsize=(10, 4.2), dpi=110)
    labels = ["1 process\nSQLite"]
    values = [results["http_claims_per_s"]]
    colors = ["#ff7f0e"]
    if "http_scaled_claims_per_s" in results:
        labels.append(f"{results['http_servers']:.0f} processes\nSQLite")
        values.append(results["http_scaled_claims_per_s"])
        colors.append("#ffbb78")
    for count in counts:
        labels.append(f"{count} processes\nPostgreSQL")
        values.append(results[f"multi_{count}_http_claims_per_s"])
        colors.append("#1f77b4")
    bars = writes.bar(labels, values, color=colors)
    writes.bar_label(bars, fmt="{:,.0f}")
    writes.axhline(1000, color="#ff7f0e", linestyle=":", linewidth=1,
                   label="goal: HTTP claims >= 1,000")
    writes.set_ylabel("claims answered per second")
    writes.set_title("HTTP claim storm")
    writes.legend()
    labels = ["1 process\nSQLite"] + [f"{c} processes\nPostgreSQL" for c in counts]
    prefixes = [f"fanout_{n}_"] + [f"multi_{c}_fanout_" for c in counts]
    width = 0.38
    xs = list(range(len(labels)))
    for offset, stat in ((-width / 2, "p50"), (width / 2, "p99")):
        heights = [results.get(p + f"latency_ms_{stat}", 0) for p in prefixes]
        bars = fan.bar([x + offset for x in xs], heights, width, label=stat)
        fan.bar_label(bars, fmt="{:.0f}")
    fan.axhline(50, color="grey", linestyle="--", linewidth=1, label="goal: p99 <= 50 ms")
    fan.set_xticks(xs, labels)
    fan.set_ylabel("command answer -> patch received (ms)")
    fan.set_title(f"Fan-out to {n} clients")
    fan.legend()
    fig.tight_layout()
    path = folder / "bench-multi.png"
    fig.savefig(path)
    plt.close(fig)
    return path
