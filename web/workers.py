"""``coordinator serve --workers N``: N server processes on N consecutive ports.

For a quick local try of the multi-process set-up (docs/deployment.md): each worker
is an ordinary ``coordinator serve`` on one port, all sharing one store (and the
message queue, when set). Put a proxy with sticky sessions in front for one address.
If a worker dies it is started again; Ctrl-C (or SIGTERM) stops them all.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from types import FrameType

RESTART_PAUSE = 1.0


def _command(host: str, port: int, async_mode: str, extra: Sequence[str]) -> list[str]:
    script = Path(sys.executable).parent / "coordinator"
    head = [str(script)] if script.exists() else [sys.executable, "-m", "web.main"]
    return [*head, "serve", "--host", host, "--port", str(port), "--async-mode", async_mode,
            *extra]


def run_workers(host: str, first_port: int, count: int, async_mode: str,
                extra: Sequence[str] = ()) -> int:
    """``extra``: more ``serve`` options for every worker (the limits)."""
    ports = [first_port + i for i in range(count)]
    workers: dict[int, subprocess.Popen[bytes]] = {}
    stopping = False

    def stop(_signum: int, _frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for port in ports:
        workers[port] = subprocess.Popen(_command(host, port, async_mode, extra))
    print(f"{count} workers: " + ", ".join(f"http://{host}:{p}/" for p in ports), flush=True)
    try:
        while not stopping:
            time.sleep(0.2)
            for port, process in list(workers.items()):
                if process.poll() is not None and not stopping:
                    print(f"worker on port {port} exited ({process.returncode}); restarting",
                          file=sys.stderr, flush=True)
                    time.sleep(RESTART_PAUSE)
                    workers[port] = subprocess.Popen(_command(host, port, async_mode, extra))
    finally:
        for process in workers.values():
            if process.poll() is None:
                process.terminate()
        for process in workers.values():
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
    return 0
