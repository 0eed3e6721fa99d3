"""Fan-out: N real Socket.IO clients watching the open-space board while slots change.

The clients are python-socketio ``AsyncClient``s on the WebSocket transport, spread
evenly over a few worker processes (one asyncio loop each: N = 500 on 4 workers is
125 clients a process), so that 2 cores can hold them all. Each client subscribes
to ``open-space`` and notes the arrival time of every patch on the system-wide
monotonic clock. When every client has its snapshot, the driver sends commands at
a steady rate over HTTP (a claim, then the release of the same slot, and so on)
and notes when each answer arrived; the latency of a (command, client) pair is
the client's receipt of the patch carrying the answer's position minus the time
of the answer. A patch that overtakes the answer counts as 0.
"""

from __future__ import annotations

import asyncio
import http.client
import json
import multiprocessing
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any
from urllib.parse import urlsplit
from uuid import UUID

from coordinator.tokens import TokenSigner
from web.benchmark.server import SECRET_KEY
from web.benchmark.stats import percentile

BOARD = "open-space"
# (position, monotonic seconds) per client
Receipts = list[list[tuple[int, float]]]


def _worker(url: str, count: int, ready: Any, stop: Any) -> Receipts:
    return asyncio.run(_clients(url, count, ready, stop))


async def _clients(url: str, count: int, ready: Any, stop: Any) -> Receipts:
    import socketio

    receipts: Receipts = [[] for _ in range(count)]
    snapshots = [False] * count
    clients: list[Any] = []
    opening = asyncio.Semaphore(20)

    def client(i: int) -> Any:
        sio = socketio.AsyncClient(reconnection=False)
        got = receipts[i]

        def on_snapshot(data: dict[str, Any]) -> None:
            snapshots[i] = True

        def on_patch(data: dict[str, Any]) -> None:
            if data.get("board") == BOARD:
                got.append((data["position"], time.monotonic()))

        sio.on("board_snapshot", on_snapshot, namespace="/boards")
        sio.on("board_patch", on_patch, namespace="/boards")
        return sio

    async def open_one(i: int) -> None:
        sio = client(i)
        async with opening:
            await sio.connect(url, namespaces=["/boards"], transports=["websocket"],
                              wait_timeout=60)
            await sio.emit("subscribe", {"board": BOARD}, namespace="/boards")
        clients.append(sio)

    await asyncio.gather(*(open_one(i) for i in range(count)))
    deadline = time.monotonic() + 60
    while not all(snapshots) and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    ready.put(sum(snapshots))
    while not stop.is_set():
        await asyncio.sleep(0.05)
    await asyncio.gather(*(sio.disconnect() for sio in clients), return_exceptions=True)
    return receipts


class Commands:
    """Claims and releases open-space slots over one keep-alive connection."""

    def __init__(self, url: str, hosts: list[UUID], slots: list[UUID]) -> None:
        parts = urlsplit(url)
        self.conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        signer = TokenSigner(SECRET_KEY)
        self.tokens = [signer.token_for(h) for h in hosts]
        self.slots = slots
        self.count = 0

    def next(self) -> int:
        """Send the next command; returns the position in its answer."""
        i = self.count
        self.count += 1
        slot = self.slots[(i // 2) % len(self.slots)]
        token = self.tokens[(i // 2) % len(self.tokens)]
        path = f"/api/v1/open-space/slots/{slot.hex}/claim"
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        if i % 2 == 0:
            body = json.dumps({"topic": f"Bench session {i // 2}"}).encode()
            self.conn.request("POST", path, body=body, headers=headers)
        else:
            self.conn.request("DELETE", path, body=b"", headers=headers)
        answer = self.conn.getresponse()
        payload = json.loads(answer.read())
        if answer.status not in (200, 201):
            raise RuntimeError(f"fan-out command failed: {answer.status} {payload}")
        return int(payload["position"])

    def close(self) -> None:
        self.conn.close()


def fanout(url: str, clients: int, workers: int, commands: Commands, count: int,
           rate: float, server_rss_mb: Callable[[], float] | None = None) -> dict[str, Any]:
    """Latency from each command's answer to each client's patch, for ``clients`` clients."""
    workers = max(1, min(workers, clients))
    shares = [clients // workers + (1 if i < clients % workers else 0) for i in range(workers)]
    context = multiprocessing.get_context("spawn")
    manager = context.Manager()
    try:
        ready = manager.Queue()
        stop = manager.Event()
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            futures = [pool.submit(_worker, url, share, ready, stop) for share in shares]
            subscribed = 0
            for _ in range(workers):
                subscribed += ready.get(timeout=180)
            connected_rss = server_rss_mb() if server_rss_mb else 0.0
            answers: list[tuple[int, float]] = []
            began = time.monotonic()
            for i in range(count):
                wait = began + i / rate - time.monotonic()
                if wait > 0:
                    time.sleep(wait)
                position = commands.next()
                answers.append((position, time.monotonic()))
            time.sleep(1.0)  # stragglers
            stop.set()
            receipts = [r for f in futures for r in f.result(timeout=120)]
    finally:
        manager.shutdown()
    latencies: list[float] = []
    missed = early = 0
    for client in receipts:
        arrived = dict(client)
        for position, answered in answers:
            at = arrived.get(position)
            if at is None:
                missed += 1
                continue
            if at < answered:
                early += 1
            latencies.append(max(0.0, at - answered) * 1000)
    return {
        "clients": clients, "workers": workers, "subscribed": subscribed,
        "server_rss_mb": connected_rss,
        "commands": count, "rate_per_s": rate,
        "deliveries": len(latencies), "missed": missed, "before_answer": early,
        "latency_ms_p50": round(percentile(latencies, 50), 3),
        "latency_ms_p99": round(percentile(latencies, 99), 3),
        "latency_ms_max": round(max(latencies), 3) if latencies else 0.0,
    }
