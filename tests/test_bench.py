"""``coordinator bench --quick``: it runs, and writes every key of the contract as a number.

Never a threshold: the numbers depend on the machine (see docs/performance.md).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from web.benchmark import multi
from web.benchmark.report import REQUIRED, multi_counts
from web.benchmark.sizes import QUICK

ROOT = Path(__file__).resolve().parents[1]

# Every multi-process run writes these, for N = 2 and 4 (docs/performance.md).
MULTI_KEYS = (
    "http_claims_per_s", "http_claims_acknowledged_per_s", "http_claim_latency_ms_p50",
    "http_claim_latency_ms_p99", "http_server_cpu_ms_per_claim",
    "http_postgres_cpu_ms_per_claim", "http_machine_cpu_busy_pct", "fanout_clients",
    "fanout_latency_ms_p50", "fanout_latency_ms_p99", "fanout_latency_ms_max",
    "fanout_latency_ms_p99_same_process", "fanout_latency_ms_p99_other_process",
    "fanout_missed", "fanout_server_rss_mb", "fanout_server_cpu_ms_per_command",
    "peak_rss_mb_server",
)


def bench_environment() -> dict[str, str]:
    """The tests' PostgreSQL (CI sets COORDINATOR_TEST_POSTGRES_URL) for the bench too."""
    env = dict(os.environ)
    test_url = os.environ.get("COORDINATOR_TEST_POSTGRES_URL")
    if test_url and not env.get(multi.POSTGRES_ENV):
        env[multi.POSTGRES_ENV] = test_url
    return env


def assert_numeric(results: dict[str, object], key: str) -> None:
    assert key in results, key
    value = results[key]
    assert isinstance(value, int | float) and not isinstance(value, bool), (key, value)
    assert value == value and value >= 0, (key, value)  # not NaN


@pytest.mark.slow
def test_quick_bench_writes_every_key(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    charts = tmp_path / "charts"
    done = subprocess.run(
        [sys.executable, "-m", "web.main", "bench", "--quick", "--json", str(out),
         "--charts", str(charts), "--no-progress"],
        cwd=ROOT, capture_output=True, text=True, timeout=300, env=bench_environment(),
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    results = json.loads(out.read_text())
    for key in REQUIRED:
        assert_numeric(results, key)
    assert all(isinstance(v, int | float) for v in results.values())
    # The claim storms kept every invariant, and every fan-out client got its patches.
    assert {k: v for k, v in results.items() if "_check_" in k and v} == {}
    assert results["fanout_clients"] == max(int(k.split("_")[1]) for k in results
                                            if k.startswith("fanout_")
                                            and k.endswith("_latency_ms_p99")
                                            and k.split("_")[1].isdigit())
    # The multi-process run ran (PostgreSQL and Redis reachable) or says why it did not.
    assert results["multi_available"] in (0, 1)
    if results["multi_available"]:
        assert multi_counts(results) == list(QUICK.multi_processes)
        for count in QUICK.multi_processes:
            for key in MULTI_KEYS:
                assert_numeric(results, f"multi_{count}_{key}")
            assert results[f"multi_{count}_fanout_missed"] == 0
        assert (charts / "bench-multi.png").stat().st_size > 1000
    else:
        assert not any(k.startswith("multi_") and k != "multi_available" for k in results)
        assert "multi-process run (PostgreSQL and Redis) was skipped" in done.stdout
    # The quick run's 50 clients cannot judge the 500-client goal: it says so.
    assert "goal_met_fanout_latency_ms_p99" not in results
    assert "goal_met_replay_events_per_s" in results
    assert re.search(r"fanout_latency_ms_p99 .* not judged here", done.stdout)
    # The table was printed, and the charts drawn.
    for key in REQUIRED:
        assert key in done.stdout
    assert "several processes" in done.stdout
    assert (charts / "bench-fanout.png").stat().st_size > 1000
    assert (charts / "bench-throughput.png").stat().st_size > 1000
    # The sign-up rush beside the naive server ran within the same bench.
    check_rush(results, done.stdout)


def test_multi_process_run_is_skipped_when_postgres_is_not_reachable(tmp_path: Path) -> None:
    results, reason = multi.run(QUICK, tmp_path, postgres_url="postgresql://postgres@127.0.0.1:1/x",
                                redis_url=multi.DEFAULT_REDIS_URL)
    assert results == {"multi_available": 0}
    assert reason is not None and "PostgreSQL" in reason and multi.POSTGRES_ENV in reason


def test_multi_process_run_can_be_turned_off(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(multi.POSTGRES_ENV, "off")
    results, reason = multi.run(QUICK, tmp_path)
    assert results == {"multi_available": 0}
    assert reason is not None and "off" in reason


TINY = replace(QUICK, people=40, shifts=20, shift_places=50, booths=2, rooms=2,
               slots_per_room=4, http_processes=1, http_threads=4, fanout_workers=1,
               fanout_commands=6, fanout_rate=20.0)


@pytest.mark.slow
def test_the_threading_server_serves_claims_and_patches(tmp_path: Path) -> None:
    """The fallback mode, as the async-mode comparison runs it: same app, every patch
    delivered, claims stored. (Every other server test runs the default, gevent.)"""
    from web.benchmark import asyncmode

    row = asyncmode.one_run("threading", 6, TINY, tmp_path, storm=True)
    assert row["fanout_missed"] == 0
    assert row["http_claims_errors"] == 0 and row["http_claims_broken"] == 0
    for key, _ in asyncmode.KEYS:
        assert_numeric(row, key)


def check_rush(results: dict[str, object], stdout: str) -> None:
    """The quick run's rush: Coordinator and the naive server, kept-alive and new
    connections, every claim answered and every invariant held on both."""
    from web.benchmark import rush

    for key in ("naive_http_claims_per_s", "http_claims_vs_naive"):
        assert_numeric(results, key)
    plan = rush.make_plan(QUICK)
    wanted = sum(len(mine) for mine in plan.wants)
    places = sum(s.capacity for s in plan.shifts)
    for server in rush.SERVERS:
        for kind in rush.KINDS:
            prefix = f"rush_{server}_{kind}_"
            for key in ("claims_per_s", "claim_latency_ms_p99", "server_cpu_ms_per_claim"):
                assert_numeric(results, prefix + key)
            assert results[prefix + "claims_attempted"] == wanted
            assert results[prefix + "claims_error"] == 0
            # A rush: some claims stored, never more than there are places.
            acknowledged = results[prefix + "claims_acknowledged"]
            assert isinstance(acknowledged, int | float) and 0 < acknowledged <= places
            checks = {k: v for k, v in results.items() if k.startswith(prefix + "claims_check_")}
            assert len(checks) >= 3 and not any(checks.values()), checks
    coordinator, naive = (results["rush_coordinator_keepalive_claims_per_s"],
                          results["naive_http_claims_per_s"])
    assert isinstance(coordinator, float) and isinstance(naive, float)
    assert results["http_claims_vs_naive"] == pytest.approx(coordinator / naive)
    assert "naive keepalive" in stdout


def test_the_naive_server_answers_as_the_contract_says(tmp_path: Path) -> None:
    """The reference is only worth comparing with if it is right: the same answers for
    the same claims, 4xx for bad input."""
    from werkzeug.test import TestResponse

    from coordinator.core.tokens import TokenSigner
    from web.benchmark import naive

    client = naive.create_app(str(tmp_path / "naive.db"), "admin-token", "secret").test_client()
    admin = {"Authorization": "Bearer admin-token"}

    def shift(hour: int, length: int = 1, capacity: int = 1) -> str:
        answer = client.post("/api/v1/shifts", headers=admin, json={
            "role": "Desk", "location": "Foyer", "capacity": capacity,
            "starts_at": f"2030-06-01T{hour:02}:00:00+02:00",
            "ends_at": f"2030-06-01T{hour + length:02}:00:00+02:00"})
        assert answer.status_code == 201, answer.json
        return str(answer.json["id"])

    def person(name: str) -> dict[str, str]:
        answer = client.post("/api/v1/people", json={"name": name})
        assert answer.status_code == 201 and answer.json["name"] == name
        assert TokenSigner("secret").person_id(answer.json["token"]).hex == answer.json["id"]
        return {"Authorization": f"Bearer {answer.json['token']}"}

    def code(answer: TestResponse) -> tuple[int, str | None]:
        return answer.status_code, (answer.json or {}).get("error", {}).get("code")

    first, overlapping, later = shift(9, 2), shift(10), shift(12, capacity=2)
    ana, bo = person("Ana"), person("Bo")
    assert code(client.post(f"/api/v1/shifts/{first}/signups", headers=ana)) == (201, None)
    assert code(client.post(f"/api/v1/shifts/{first}/signups", headers=ana)) == \
        (409, "already_signed_up")
    assert code(client.post(f"/api/v1/shifts/{first}/signups", headers=bo)) == (409, "shift_full")
    assert code(client.post(f"/api/v1/shifts/{overlapping}/signups", headers=ana)) == \
        (409, "overlapping_shift")
    assert code(client.post(f"/api/v1/shifts/{later}/signups", headers=ana)) == (201, None)
    assert code(client.post(f"/api/v1/shifts/{later}/signups", headers=bo)) == (201, None)
    assert code(client.post("/api/v1/shifts/nope/signups", headers=bo)) == (404, "not_found")
    forged = {"Authorization": "Bearer " + "0" * 32 + "." + "0" * 40}
    assert code(client.post(f"/api/v1/shifts/{later}/signups", headers=forged)) == \
        (401, "unauthorized")
    for body in ({}, {"name": ""}, {"name": "x" * 101}, {"name": 7}):
        assert code(client.post("/api/v1/people", json=body)) == (400, "invalid_input")
    assert code(client.post("/api/v1/shifts", json={})) == (401, "unauthorized")
    good = {"role": "Desk", "location": "Foyer", "capacity": 2,
            "starts_at": "2030-06-01T09:00:00+00:00", "ends_at": "2030-06-01T10:00:00+00:00"}
    for wrong in ({"capacity": 0}, {"capacity": "2"}, {"capacity": True},
                  {"starts_at": "2030-06-01T09:00:00"}, {"ends_at": "2030-06-01T08:00:00Z"},
                  {"role": None}):
        assert code(client.post("/api/v1/shifts", headers=admin, json={**good, **wrong})) == \
            (400, "invalid_input"), wrong
    taken = {s["id"]: s["taken"] for s in client.get("/api/v1/shifts").json["shifts"]}
    assert taken == {first: 1, overlapping: 0, later: 2}
