"""The claim storm over HTTP, against a running ``coordinator serve``.

The claims are split between a few client processes (so that the clients' own
Python does not bottleneck on one GIL), each with many threads holding a
keep-alive connection. Every process waits at a barrier, then all of them go.
"""

from __future__ import annotations

import http.client
import json
import multiprocessing
import queue
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from typing import Any
from urllib.parse import urlsplit
from uuid import UUID

from coordinator.tokens import TokenSigner
from web.benchmark.claims import Attempt
from web.benchmark.server import SECRET_KEY

# (person hex, shift hex, outcome, seconds)
Result = tuple[str, str, str, float]


def _client_process(url: str, attempts: list[Attempt], threads: int,
                    gate: Any) -> tuple[float, float, list[Result]]:
    """One client process: ``threads`` keep-alive connections working through a queue."""
    signer = TokenSigner(SECRET_KEY)
    parts = urlsplit(url)
    work: queue.SimpleQueue[Attempt] = queue.SimpleQueue()
    for attempt in attempts:
        work.put(attempt)
    results: list[Result] = []
    lock = threading.Lock()
    ready = threading.Barrier(threads + 1)

    def run() -> None:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        conn.connect()
        ready.wait()
        mine: list[Result] = []
        while True:
            try:
                person_hex, shift_hex = work.get_nowait()
            except queue.Empty:
                break
            token = signer.token_for(UUID(hex=person_hex))
            began = time.perf_counter()
            try:
                conn.request("POST", f"/api/v1/shifts/{shift_hex}/signups", body=b"",
                             headers={"Authorization": f"Bearer {token}",
                                      "Content-Length": "0"})
                answer = conn.getresponse()
                body = answer.read()
                if answer.status == 201:
                    outcome = "acknowledged"
                else:
                    outcome = json.loads(body).get("error", {}).get("code", "error") \
                        if answer.status < 500 else "error"
            except (OSError, http.client.HTTPException, ValueError):
                outcome = "error"
                conn.close()
                conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
            mine.append((person_hex, shift_hex, outcome, time.perf_counter() - began))
        conn.close()
        with lock:
            results.extend(mine)

    workers = [threading.Thread(target=run, daemon=True) for _ in range(threads)]
    for worker in workers:
        worker.start()
    ready.wait()
    gate.wait()
    began = time.monotonic()
    for worker in workers:
        worker.join()
    return began, time.monotonic(), results


def http_storm(url: str | list[str], attempts: list[Attempt], processes: int,
               threads: int) -> tuple[float, list[Result]]:
    """Send every attempt; returns the wall time from the first to the last answer.
    With several server URLs, client process i sends to server i (round robin)."""
    urls = [url] if isinstance(url, str) else url
    context = multiprocessing.get_context("spawn")
    manager = context.Manager()
    try:
        gate = manager.Barrier(processes)
        shares = [attempts[i::processes] for i in range(processes)]
        with ProcessPoolExecutor(processes, mp_context=context) as pool:
            futures = [pool.submit(_client_process, urls[i % len(urls)], share, threads, gate)
                       for i, share in enumerate(shares)]
            done = [f.result() for f in futures]
    finally:
        manager.shutdown()
    began = min(d[0] for d in done)
    ended = max(d[1] for d in done)
    return ended - began, [r for d in done for r in d[2]]
