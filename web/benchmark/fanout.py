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

With several servers (the multi-process run), each client sticks to one server, as
behind a proxy with sticky sessions (a hash of the client's name picks it), and the
commands go to the servers in turn: the latency then runs from a command's answer on
one process to the patch on clients of every process.
"""

from __future__ import annotations

import asyncio
import http.client
import json
import multiprocessing
import time
import zlib
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any
from urllib.parse import urlsplit
from uuid import UUID

from coordinator.core.tokens import TokenSigner
from web.benchmark.server import SECRET_KEY
from web.benchmark.stats import percentile

BOARD = "open-space"
# (position, monotonic seconds) per client
Receipts = list[list[tuple[int, float]]]


def sticky(clients: int, servers: int) -> list[int]:
    """The server of each client, as a proxy hashing on the client would pick it
    (roughly even, not exactly: like nginx's ``ip_hash`` over many addresses)."""
    return [zlib.crc32(f"screen-{i}".encode()) % servers for i in range(clients)]


def _worker(urls: list[str], ready: Any, stop: Any) -> Receipts:
    return asyncio.run(_clients(urls, ready, stop))


async def _clients(urls: list[str], ready: Any, stop: Any) -> Receipts:
    import socketio

    count = len(urls)
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
            await sio.connect(urls[i], namespaces=["/boards"], transports=["websocket"],
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
    """Claims and releases open-space slots over one keep-alive connection per server;
    with several servers, the commands go to each in turn."""

    def __init__(self, url: str | list[str], hosts: list[UUID], slots: list[UUID]) -> None:
        urls = [url] if isinstance(url, str) else url
        self.conns = []
        for each in urls:
            parts = urlsplit(each)
            self.conns.append(http.client.HTTPConnection(parts.hostname, parts.port,
                                                         timeout=30))
        self.server = 0  # the server that answered the last command
        signer = TokenSigner(SECRET_KEY)
        self.tokens = [signer.token_for(h) for h in hosts]
        self.slots = slots
        self.count = 0

    def next(self) -> int:
        """Send the next command; returns the position in its answer."""
        i = self.count
        self.count += 1
        # Claims and releases alternate, so (i + i // 2) rather than i: with 2 servers,
        # i modulo 2 would send every claim to one and every release to the other.
        self.server = (i + i // 2) % len(self.conns)
        conn = self.conns[self.server]
        slot = self.slots[(i // 2) % len(self.slots)]
        token = self.tokens[(i // 2) % len(self.tokens)]
        path = f"/api/v1/open-space/slots/{slot.hex}/claim"
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        if i % 2 == 0:
            body = json.dumps({"topic": f"Bench session {i // 2}"}).encode()
            conn.request("POST", path, body=body, headers=headers)
        else:
            conn.request("DELETE", path, body=b"", headers=headers)
        answer = conn.getresponse()
        payload = json.loads(answer.read())
        if answer.status not in (200, 201):
            raise RuntimeError(f"fan-out command failed: {answer.status} {payload}")
        return int(payload["position"])

    def close(self) -> None:
        for conn in self.conns:
            conn.close()


def fanout(url: str | list[str], clients: int, workers: int, commands: Commands, count: int,
           rate: float, server_rss_mb: Callable[[], float] | None = None,
           server_cpu_s: Callable[[], float] | None = None) -> dict[str, Any]:
    """Latency from each command's answer to each client's patch, for ``clients`` clients.

    With several server URLs the clients stick to servers (``sticky``) and the keys
    ``latency_ms_p99_same_process`` / ``_other_process`` split the latency by whether
    the client's server answered the command. ``server_cpu_s`` (the servers' CPU time
    so far) gives ``server_cpu_s_connect`` (connecting and subscribing everyone) and
    ``server_cpu_ms_per_command`` (the commands and every client's patches)."""
    urls = [url] if isinstance(url, str) else url
    home = sticky(clients, len(urls))
    workers = max(1, min(workers, clients))
    # Worker w holds clients w, w + workers, ...: every worker has clients of every server.
    shares = [list(range(w, clients, workers)) for w in range(workers)]
    cpu = server_cpu_s or (lambda: 0.0)
    context = multiprocessing.get_context("spawn")
    manager = context.Manager()
    try:
        ready = manager.Queue()
        stop = manager.Event()
        cpu_began = cpu()
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            futures = [pool.submit(_worker, [urls[home[i]] for i in share], ready, stop)
                       for share in shares]
            subscribed = 0
            for _ in range(workers):
                subscribed += ready.get(timeout=180)
            connected_rss = server_rss_mb() if server_rss_mb else 0.0
            cpu_connected = cpu()
            answers: list[tuple[int, float, int]] = []
            began = time.monotonic()
            for i in range(count):
                wait = began + i / rate - time.monotonic()
                if wait > 0:
                    time.sleep(wait)
                position = commands.next()
                answers.append((position, time.monotonic(), commands.server))
            time.sleep(1.0)  # stragglers
            cpu_done = cpu()
            stop.set()
            by_worker = [f.result(timeout=120) for f in futures]
    finally:
        manager.shutdown()
    receipts: list[tuple[int, list[tuple[int, float]]]] = [
        (home[i], got) for share, worker_receipts in zip(shares, by_worker, strict=True)
        for i, got in zip(share, worker_receipts, strict=True)]
    latencies: list[float] = []
    same: list[float] = []
    other: list[float] = []
    missed = early = 0
    for server, client in receipts:
        arrived = dict(client)
        for position, answered, answered_by in answers:
            at = arrived.get(position)
            if at is None:
                missed += 1
                continue
            if at < answered:
                early += 1
            latency = max(0.0, at - answered) * 1000
            latencies.append(latency)
            (same if server == answered_by else other).append(latency)
    row: dict[str, Any] = {
        "clients": clients, "workers": workers, "subscribed": subscribed,
        "server_rss_mb": connected_rss,
        "commands": count, "rate_per_s": rate,
        "deliveries": len(latencies), "missed": missed, "before_answer": early,
        "latency_ms_p50": round(percentile(latencies, 50), 3),
        "latency_ms_p99": round(percentile(latencies, 99), 3),
        "latency_ms_max": round(max(latencies), 3) if latencies else 0.0,
    }
    if server_cpu_s is not None:
        row["server_cpu_s_connect"] = round(cpu_connected - cpu_began, 3)
        row["server_cpu_ms_per_command"] = round((cpu_done - cpu_connected) / count * 1000, 3)
    if len(urls) > 1:
        counts = [home.count(s) for s in range(len(urls))]
        row.update({
            "servers": len(urls),
            "clients_per_server_min": min(counts), "clients_per_server_max": max(counts),
            "latency_ms_p50_same_process": round(percentile(same, 50), 3),
            "latency_ms_p99_same_process": round(percentile(same, 99), 3),
            "latency_ms_p50_other_process": round(percentile(other, 50), 3),
            "latency_ms_p99_other_process": round(percentile(other, 99), 3),
        })
    return row
