"""``coordinator bench --quick``: it runs, and writes every key of the contract as a number.

Never a threshold: the numbers depend on the machine (see docs/performance.md).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from web.benchmark.report import REQUIRED

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_quick_bench_writes_every_key(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    charts = tmp_path / "charts"
    done = subprocess.run(
        [sys.executable, "-m", "web.cli", "bench", "--quick", "--json", str(out),
         "--charts", str(charts), "--no-progress"],
        cwd=ROOT, capture_output=True, text=True, timeout=240,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    results = json.loads(out.read_text())
    for key in REQUIRED:
        assert key in results, key
        value = results[key]
        assert isinstance(value, int | float) and not isinstance(value, bool), (key, value)
        assert value == value and value >= 0, (key, value)  # not NaN
    assert all(isinstance(v, int | float) for v in results.values())
    # The claim storms kept every invariant, and every fan-out client got its patches.
    assert {k: v for k, v in results.items() if "_check_" in k and v} == {}
    assert results["fanout_clients"] == max(int(k.split("_")[1]) for k in results
                                            if k.endswith("_latency_ms_p99")
                                            and k.split("_")[1].isdigit())
    # The table was printed, and the charts drawn.
    for key in REQUIRED:
        assert key in done.stdout
    assert (charts / "bench-fanout.png").stat().st_size > 1000
    assert (charts / "bench-throughput.png").stat().st_size > 1000
