"""A real ``coordinator serve`` in a subprocess, and peak-memory sampling with psutil."""

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

ADMIN_TOKEN = "bench-admin-token-0123456789"
SECRET_KEY = "bench-secret-key-0123456789"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def own_peak_rss_mb() -> float:
    """This process's peak resident memory so far (the kernel's high-water mark)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


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

    def __init__(self, database_url: str, workdir: Path) -> None:
        self.database_url = database_url
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = workdir / f"server-{self.port}.log"
        self.process: subprocess.Popen[bytes] | None = None
        self.sampler: RssSampler | None = None

    def start(self, timeout: float = 60) -> Server:
        env = {**os.environ, "COORDINATOR_DATABASE_URL": self.database_url,
               "COORDINATOR_ADMIN_TOKEN": ADMIN_TOKEN, "COORDINATOR_SECRET_KEY": SECRET_KEY,
               "PYTHONUNBUFFERED": "1"}
        with open(self.log, "ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "web.cli", "serve", "--host", "127.0.0.1",
                 "--port", str(self.port)],
                env=env, stdout=out, stderr=subprocess.STDOUT,
            )
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
