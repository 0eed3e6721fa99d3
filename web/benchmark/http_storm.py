"""The claim storm over HTTP, against a running ``coordinator serve``.

The claims are split between a few client processes (so that the clients' own
Python does not bottleneck on one GIL), each with many threads holding a
keep-alive connection. Every process waits at a barrier, then all of them go.

With several servers, every thread holds a keep-alive connection to each and sends
its claims to them in turn (round robin, each thread starting at another server), as
a proxy spreading requests evenly would.
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


def _client_process(urls: list[str], attempts: list[Attempt], threads: int, first: int,
                    gate: Any) -> tuple[float, float, list[Result]]:
    """One client process: ``threads`` threads, each with a keep-alive connection to every
    server, working through a queue; thread t starts at server ``first + t``."""
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
               threads: int) -> tuple[float, list[Result]]:
    """Send every attempt; returns the wall time from the first to the last answer.
    With several server URLs, every thread sends its claims to each in turn."""
    urls = [url] if isinstance(url, str) else url
    context = multiprocessing.get_context("spawn")
    manager = context.Manager()
    try:
        gate = manager.Barrier(processes)
        shares = [attempts[i::processes] for i in range(processes)]
        with ProcessPoolExecutor(processes, mp_context=context) as pool:
            futures = [pool.submit(_client_process, urls, share, threads, i * threads, gate)
                       for i, share in enumerate(shares)]
            done = [f.result() for f in futures]
    finally:
        manager.shutdown()
    began = min(d[0] for d in done)
    ended = max(d[1] for d in done)
    return ended - began, [r for d in done for r in d[2]]
