"""The claim storm over HTTP, against a running ``coordinator serve``.

The claims are split between a few client processes (so that the clients' own
Python does not bottleneck on one GIL), each with many threads holding a
keep-alive connection (or, for the sign-up rush, opening a new one per claim). Every
process waits at a barrier, then all of them go.

With several servers, every thread holds a keep-alive connection to each and sends
its claims to them in turn (round robin, each thread starting at another server), as
a proxy spreading requests evenly would.
"""

from __future__ import annotations

import http.client
import json
import multiprocessing
import os
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any
from urllib.parse import urlsplit
from uuid import UUID

from coordinator.application import Coordinator
from coordinator.core.tokens import TokenSigner
from web.benchmark.claims import Attempt, check_store, claim_plan, outcome_counts
from web.benchmark.conference import Layout
from web.benchmark.server import SECRET_KEY, MachineCpu
from web.benchmark.sizes import Sizes
from web.benchmark.stats import summary_ms

# (person hex, shift hex, outcome, seconds)
Result = tuple[str, str, str, float]


def _client_process(urls: list[str], attempts: list[Attempt], threads: int, first: int,
                    gate: Any, keep_alive: bool = True) -> tuple[float, float, list[Result]]:
    """One client process: ``threads`` threads, each with a keep-alive connection to every
    server (without ``keep_alive``, a new connection for every claim, as a client that
    closes after each answer), working through a queue; thread t starts at server
    ``first + t``."""
    signer = TokenSigner(SECRET_KEY)
    servers = [urlsplit(url) for url in urls]
    work: queue.SimpleQueue[Attempt] = queue.SimpleQueue()
    for attempt in attempts:
        work.put(attempt)
    results: list[Result] = []
    lock = threading.Lock()
    ready = threading.Barrier(threads + 1)

    def connect(server: int) -> http.client.HTTPConnection:
        parts = servers[server]
        return http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)

    def run(thread: int) -> None:
        conns = [connect(i) for i in range(len(servers))]
        for conn in conns:
            conn.connect()
        ready.wait()
        mine: list[Result] = []
        turn = first + thread
        while True:
            try:
                person_hex, shift_hex = work.get_nowait()
            except queue.Empty:
                break
            server = turn % len(conns)
            turn += 1
            conn = conns[server]
            token = signer.token_for(UUID(hex=person_hex))
            began = time.perf_counter()
            try:
                conn.request("POST", f"/api/v1/shifts/{shift_hex}/signups", body=b"",
                             headers={"Authorization": f"Bearer {token}",
                                      "Content-Length": "0"})
                answer = conn.getresponse()
                body = answer.read()
                if not keep_alive:
                    conn.close()  # the next request on it connects afresh
                if answer.status == 201:
                    outcome = "acknowledged"
                else:
                    outcome = json.loads(body).get("error", {}).get("code", "error") \
                        if answer.status < 500 else "error"
            except (OSError, http.client.HTTPException, ValueError):
                outcome = "error"
                conn.close()
                conns[server] = connect(server)
            mine.append((person_hex, shift_hex, outcome, time.perf_counter() - began))
        for conn in conns:
            conn.close()
        with lock:
            results.extend(mine)

    workers = [threading.Thread(target=run, args=(t,), daemon=True) for t in range(threads)]
    for worker in workers:
        worker.start()
    ready.wait()
    gate.wait()
    began = time.monotonic()
    for worker in workers:
        worker.join()
    return began, time.monotonic(), results


def http_storm(url: str | list[str], attempts: list[Attempt], processes: int,
               threads: int, keep_alive: bool = True) -> tuple[float, list[Result]]:
    """Send every attempt; returns the wall time from the first to the last answer.
    With several server URLs, every thread sends its claims to each in turn."""
    urls = [url] if isinstance(url, str) else url
    context = multiprocessing.get_context("spawn")
    manager = context.Manager()
    try:
        gate = manager.Barrier(processes)
        shares = [attempts[i::processes] for i in range(processes)]
        with ProcessPoolExecutor(processes, mp_context=context) as pool:
            futures = [pool.submit(_client_process, urls, share, threads, i * threads, gate,
                                   keep_alive)
                       for i, share in enumerate(shares)]
            done = [f.result() for f in futures]
    finally:
        manager.shutdown()
    began = min(d[0] for d in done)
    ended = max(d[1] for d in done)
    return ended - began, [r for d in done for r in d[2]]


def measured_storm(url: str | list[str], store_url: str, layout: Layout, sizes: Sizes,
                   cpu: dict[str, Callable[[], float]],
                   processes: int | None = None, threads: int | None = None,
                   attempts: list[Attempt] | None = None, keep_alive: bool = True,
                   check: Callable[[list[Attempt]], dict[str, int]] | None = None,
                   ) -> dict[str, float]:
    """The storm of every planned claim, with what the bench reports of it (its callers
    prefix the keys): claims per second, latency, ``NAME_cpu_ms_per_claim`` for each CPU
    meter in ``cpu`` (read just before and just after the storm), how busy the machine
    was, how the claims ended, and the invariant checks read back from ``store_url``.

    ``attempts`` (default: ``claim_plan``) and ``check`` (default: ``check_store`` of
    the acknowledged claims) let the sign-up rush send its own plan to a server that is
    not a Coordinator (``rush.py``)."""
    os.sync()  # earlier work's writes are not still being flushed meanwhile
    began = {name: meter() for name, meter in cpu.items()}
    machine = MachineCpu()
    plan = claim_plan(layout, sizes) if attempts is None else attempts
    elapsed, answers = http_storm(url, plan, processes or sizes.http_processes,
                                  threads or sizes.http_threads, keep_alive)
    spent = {name: meter() - began[name] for name, meter in cpu.items()}
    busy = machine.busy_pct()
    acknowledged = [(a[0], a[1]) for a in answers if a[2] == "acknowledged"]
    if check is not None:
        checks = check(acknowledged)
    else:
        with Coordinator(store_url) as app:
            checks = check_store(app, layout, acknowledged)
    latency = summary_ms([a[3] for a in answers])
    return {
        "claims_per_s": len(answers) / elapsed,
        "claims_acknowledged_per_s": len(acknowledged) / elapsed,
        "claims_attempted": len(answers),
        "claim_latency_ms_p50": latency["p50"],
        "claim_latency_ms_p99": latency["p99"],
        "claim_latency_ms_max": latency["max"],
        **{f"{name}_cpu_ms_per_claim": seconds / max(1, len(answers)) * 1000
           for name, seconds in spent.items()},
        "machine_cpu_busy_pct": busy,
        **outcome_counts([a[2] for a in answers]),
        **{f"claims_check_{k}": v for k, v in checks.items()},
    }
