"""A real ``coordinator serve`` in a subprocess, and a small client for its JSON API.

Used by the integration tests (races over HTTP, live boards) and the browser tests.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import requests

ROOT = Path(__file__).resolve().parents[2]
ADMIN_TOKEN = "test-admin-token-0123456789"
START_ATTEMPTS = 3  # a free port can be taken between finding and binding it


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def coordinator_command() -> list[str]:
    script = Path(sys.executable).parent / "coordinator"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "web.main"]


def server_environment(database_url: str, extra: dict[str, str]) -> dict[str, str]:
    """This process's environment without its ``COORDINATOR_*`` settings (a developer's
    public URL or secret key must not leak into the server under test), then the store,
    the admin token and ``extra``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("COORDINATOR_")}
    env.update(COORDINATOR_DATABASE_URL=database_url, COORDINATOR_ADMIN_TOKEN=ADMIN_TOKEN,
               PYTHONUNBUFFERED="1")
    env.update(extra)
    return env


class ServerProcess:
    """``coordinator serve`` on 127.0.0.1:PORT; can be killed and started again.

    Without a ``port`` a free one is picked, and a first start that fails (the port was
    taken meanwhile) tries again on another. Once it has answered, the port stays: a
    restart is on the same URL, as the screens that reconnect expect.
    """

    def __init__(self, database_url: str, log: Path, port: int | None = None,
                 env: dict[str, str] | None = None, args: Sequence[str] = ()) -> None:
        self.database_url = database_url
        self.log = log
        self.env = env or {}
        self.args = list(args)  # more ``serve`` options, e.g. --async-mode threading
        self.port = port or free_port()
        self.port_fixed = port is not None
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> ServerProcess:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def start(self, timeout: float = 30) -> ServerProcess:
        for attempt in range(START_ATTEMPTS):
            if self._start_once(timeout):
                self.port_fixed = True
                return self
            if self.port_fixed or attempt == START_ATTEMPTS - 1:
                break
            self.port = free_port()
        raise RuntimeError(f"coordinator serve did not answer on {self.url}:\n"
                           f"{self.log.read_text()[-3000:]}")

    def _start_once(self, timeout: float) -> bool:
        with open(self.log, "ab") as out:
            self.process = subprocess.Popen(
                [*coordinator_command(), "serve", "--host", "127.0.0.1",
                 "--port", str(self.port), *self.args],
                cwd=ROOT, env=server_environment(self.database_url, self.env),
                stdout=out, stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                if requests.get(f"{self.url}/healthz", timeout=2).status_code == 200:
                    return True
            except requests.RequestException:  # not listening yet, or not answering
                pass
            time.sleep(0.05)
        self.stop()
        return False

    def kill(self) -> None:
        """Stop it the hard way, as a crash or a pulled plug would."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)
        self.process = None

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.process = None


@dataclass(frozen=True)
class Answer:
    status: int
    body: dict[str, Any]
    raw: bytes = b""  # the body as sent, to compare answers byte for byte

    @property
    def code(self) -> str | None:
        error = self.body.get("error")
        return error.get("code") if isinstance(error, dict) else None


class Person(NamedTuple):
    id: str
    token: str


class ApiClient:
    """The JSON API of a running server. Each call is a request of its own (no shared
    session), so that threads can call at once; a 5xx answer fails the test."""

    def __init__(self, url: str, admin_token: str = ADMIN_TOKEN, timeout: float = 30) -> None:
        self.url = url
        self.admin_token = admin_token
        self.timeout = timeout

    def call(self, method: str, path: str, token: str | None = None,
             body: dict[str, Any] | None = None, key: str | None = None,
             unavailable_ok: bool = False) -> Answer:
        """Any answer below 500 (and 503 with ``unavailable_ok``, for outage tests);
        ``key`` is sent as the ``Idempotency-Key``."""
        headers = {}
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        if key is not None:
            headers["Idempotency-Key"] = key
        response = requests.request(method, f"{self.url}/api/v1{path}", json=body,
                                    headers=headers, timeout=self.timeout)
        allowed = response.status_code < 500 or (unavailable_ok and response.status_code == 503)
        assert allowed, (method, path, response.status_code, response.text)
        return Answer(response.status_code, response.json(), response.content)

    def ok(self, method: str, path: str, token: str | None = None,
           body: dict[str, Any] | None = None) -> dict[str, Any]:
        """The body of a 200 or 201 answer."""
        answer = self.call(method, path, token, body)
        assert answer.status in (200, 201), (method, path, answer)
        return answer.body

    def admin(self, method: str, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        return self.ok(method, path, self.admin_token, body)

    def register(self, name: str) -> Person:
        """A new person's id and token."""
        answer = self.call("POST", "/people", body={"name": name})
        assert answer.status == 201, answer.body
        return Person(answer.body["id"], answer.body["token"])
