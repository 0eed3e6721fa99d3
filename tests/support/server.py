"""A real ``coordinator serve`` in a subprocess, and a small client for its JSON API."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parents[2]
ADMIN_TOKEN = "test-admin-token-0123456789"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def coordinator_command() -> list[str]:
    script = Path(sys.executable).parent / "coordinator"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "web.cli"]


class ServerProcess:
    """``coordinator serve`` on 127.0.0.1:PORT; can be killed and started again."""

    def __init__(self, database_url: str, log: Path, port: int | None = None,
                 env: dict[str, str] | None = None) -> None:
        self.database_url = database_url
        self.port = port or free_port()
        self.log = log
        self.env = env or {}
        self.process: subprocess.Popen[bytes] | None = None
        self.url = f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30) -> ServerProcess:
        env = {**os.environ, "COORDINATOR_DATABASE_URL": self.database_url,
               "COORDINATOR_ADMIN_TOKEN": ADMIN_TOKEN, "PYTHONUNBUFFERED": "1", **self.env}
        with open(self.log, "ab") as out:
            self.process = subprocess.Popen(
                [*coordinator_command(), "serve", "--host", "127.0.0.1",
                 "--port", str(self.port)],
                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"coordinator serve exited: {self.log.read_text()[-3000:]}")
            try:
                if requests.get(f"{self.url}/healthz", timeout=1).ok:
                    return self
            except requests.ConnectionError:
                pass
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"coordinator serve did not answer: {self.log.read_text()[-3000:]}")

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

    @property
    def code(self) -> str | None:
        error = self.body.get("error")
        return error.get("code") if isinstance(error, dict) else None


class ApiClient:
    def __init__(self, url: str, admin_token: str = ADMIN_TOKEN) -> None:
        self.url = url
        self.admin_token = admin_token
        self.session = requests.Session()

    def call(self, method: str, path: str, token: str | None = None,
             body: dict[str, Any] | None = None, key: str | None = None) -> Answer:
        headers = {}
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        if key is not None:
            headers["Idempotency-Key"] = key
        response = self.session.request(method, f"{self.url}/api/v1{path}", json=body,
                                        headers=headers, timeout=30)
        assert response.status_code < 500, response.text
        return Answer(response.status_code, response.json())

    def ok(self, method: str, path: str, token: str | None = None,
           body: dict[str, Any] | None = None) -> dict[str, Any]:
        answer = self.call(method, path, token, body)
        assert answer.status in (200, 201), (method, path, answer)
        return answer.body

    def admin(self, method: str, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        return self.ok(method, path, self.admin_token, body)

    def register(self, name: str) -> tuple[str, str]:
        """A new person's id and token."""
        body = self.ok("POST", "/people", body={"name": name})
        return body["id"], body["token"]
