"""A real ``coordinator serve`` in a subprocess, and peak-memory sampling with psutil.

``COORDINATOR_BENCH_ASYNC_MODE`` (read here only, never by the server itself) picks the
servers' ``--async-mode``: ``gevent`` (the default, as for ``coordinator serve``) or
``threading``.
"""

from __future__ import annotations

import os
import resource
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import psutil

from web.modes import ASYNC_MODES, DEFAULT_MODE

ADMIN_TOKEN = "bench-admin-token-0123456789"
SECRET_KEY = "bench-secret-key-0123456789"


def async_mode_from_env() -> str:
    """The async mode the benchmark's servers run in (``COORDINATOR_BENCH_ASYNC_MODE``)."""
    mode = os.environ.get("COORDINATOR_BENCH_ASYNC_MODE", "").strip() or DEFAULT_MODE
    if mode not in ASYNC_MODES:
        raise ValueError(f"COORDINATOR_BENCH_ASYNC_MODE must be one of {', '.join(ASYNC_MODES)}"
                         f", not {mode!r}")
    return mode


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def own_peak_rss_mb() -> float:
    """This process's peak resident memory so far (the kernel's high-water mark)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def postgres_cpu_seconds() -> float:
    """The CPU time so far of this machine's PostgreSQL processes (0 if none is local)."""
    total = 0.0
    for process in psutil.process_iter(["name"]):
        try:
            if (process.info["name"] or "").startswith("postgres"):
                times = process.cpu_times()
                total += times.user + times.system
        except psutil.Error:
            continue
    return total


class MachineCpu:
    """How busy the whole machine's CPUs were between ``start`` and ``busy_pct``:
    100 is one core fully busy, 100 x cores all of them."""

    def __init__(self) -> None:
        self.began = psutil.cpu_times()

    def busy_pct(self) -> float:
        now = psutil.cpu_times()
        total = sum(now) - sum(self.began)
        idle = (now.idle - self.began.idle) + (getattr(now, "iowait", 0.0)
                                               - getattr(self.began, "iowait", 0.0))
        cores = psutil.cpu_count() or 1
        return 100.0 * cores * (total - idle) / total if total > 0 else 0.0


class RssSampler:
    """Samples a process's resident memory every ``interval`` seconds; keeps the peak."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        self.process = psutil.Process(pid)
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rss-sampler", daemon=True)

    def start(self) -> RssSampler:
        self._thread.start()
        return self

    def _sample(self) -> None:
        try:
            self.peak = max(self.peak, self.process.memory_info().rss)
            # The kernel's own high-water mark catches peaks between two samples.
            with open(f"/proc/{self.process.pid}/status", encoding="ascii") as status:
                for line in status:
                    if line.startswith("VmHWM:"):
                        self.peak = max(self.peak, int(line.split()[1]) * 1024)
        except (psutil.Error, OSError):
            pass

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self._sample()

    def stop(self) -> float:
        self._sample()
        self._stop.set()
        self._thread.join(timeout=5)
        return self.peak / 2**20

    @property
    def peak_mb(self) -> float:
        return self.peak / 2**20


class Server:
    """``coordinator serve`` on 127.0.0.1 and a free port, on the given store."""

    def __init__(self, database_url: str, workdir: Path, async_mode: str | None = None,
                 env: dict[str, str] | None = None) -> None:
        self.database_url = database_url
        self.async_mode = async_mode or async_mode_from_env()
        self.env = env or {}
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = workdir / f"server-{self.port}.log"
        self.process: subprocess.Popen[bytes] | None = None
        self.sampler: RssSampler | None = None

    def start(self, timeout: float = 60) -> Server:
        env = {**os.environ, "COORDINATOR_DATABASE_URL": self.database_url,
               "COORDINATOR_ADMIN_TOKEN": ADMIN_TOKEN, "COORDINATOR_SECRET_KEY": SECRET_KEY,
               "PYTHONUNBUFFERED": "1", **self.env}
        with open(self.log, "ab") as out:
            self.process = subprocess.Popen(self.command(), env=env, stdout=out,
                                            stderr=subprocess.STDOUT)
        self.sampler = RssSampler(self.process.pid).start()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"coordinator serve exited: {self.tail()}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=1) as answer:
                    if answer.status == 200:
                        return self
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"coordinator serve did not answer: {self.tail()}")

    def command(self) -> list[str]:
        return [sys.executable, "-m", "web.main", "serve", "--async-mode", self.async_mode,
                "--host", "127.0.0.1", "--port", str(self.port)]

    def tail(self) -> str:
        try:
            return self.log.read_text(errors="replace")[-3000:]
        except OSError:
            return ""

    @property
    def peak_rss_mb(self) -> float:
        return self.sampler.peak_mb if self.sampler else 0.0

    def rss_mb(self) -> float:
        """The server's resident memory now."""
        if self.process is None:
            return 0.0
        return float(psutil.Process(self.process.pid).memory_info().rss) / 2**20

    def cpu_seconds(self) -> float:
        """The server's CPU time so far (user and system)."""
        if self.process is None:
            return 0.0
        times = psutil.Process(self.process.pid).cpu_times()
        return float(times.user + times.system)

    def stop(self) -> float:
        """Stop the server; returns its peak resident memory in MB."""
        peak = self.sampler.stop() if self.sampler else 0.0
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.process = None
        return peak
