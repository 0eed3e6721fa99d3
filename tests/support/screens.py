"""A board screen in tests: a real python-socketio client following the live protocol."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import socketio

WAIT = 15.0


class Screen:
    """Subscribes on every (re)connect and keeps every message it gets.

    With several ``urls`` it fails over as a screen behind a proxy would: when its
    server goes away it connects to the next one that answers.
    """

    def __init__(self, urls: str | list[str], boards: list[str],
                 transports: list[str] | None = None) -> None:
        self.urls = [urls] if isinstance(urls, str) else list(urls)
        self.boards = boards
        self.transports = transports
        self.messages: list[tuple[str, dict[str, Any]]] = []
        self.connected_to: list[str] = []
        self.lock = threading.Condition()
        self.closing = False
        self.failing_over = threading.Event()
        failover = len(self.urls) > 1
        self.client = socketio.Client(reconnection=not failover, reconnection_delay=0.2,
                                      reconnection_delay_max=1.0)
        self.client.on("connect", self._subscribe, namespace="/boards")
        self.client.on("board_snapshot", lambda d: self._got("board_snapshot", d),
                       namespace="/boards")
        self.client.on("board_patch", lambda d: self._got("board_patch", d), namespace="/boards")
        if failover:
            self.client.on("disconnect", self._fail_over, namespace="/boards")
        self._connect(self.urls[0])

    def _connect(self, url: str) -> None:
        self.client.connect(url, namespaces=["/boards"], transports=self.transports,
                            wait_timeout=10)
        self.connected_to.append(url)

    def _fail_over(self, *_: Any) -> None:
        if self.closing or self.failing_over.is_set():
            return
        self.failing_over.set()

        def elsewhere() -> None:
            try:
                while not self.closing:
                    for url in self.urls:
                        try:
                            self._connect(url)
                            return
                        except (socketio.exceptions.ConnectionError, ValueError):
                            time.sleep(0.2)
            finally:
                self.failing_over.clear()

        threading.Thread(target=elsewhere, daemon=True).start()

    def _subscribe(self) -> None:
        for board in self.boards:
            self.client.emit("subscribe", {"board": board}, namespace="/boards")

    def _got(self, kind: str, data: dict[str, Any]) -> None:
        with self.lock:
            self.messages.append((kind, data))
            self.lock.notify_all()

    def wait_for(self, match: Callable[[str, dict[str, Any]], bool],
                 timeout: float = WAIT) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        with self.lock:
            while True:
                for kind, data in self.messages:
                    if match(kind, data):
                        return data
                left = deadline - time.monotonic()
                assert left > 0, f"no matching message; got {self.messages[-5:]}"
                self.lock.wait(left)

    def snapshot_of(self, board: str, at_least: int = 0) -> dict[str, Any]:
        return self.wait_for(lambda k, d: k == "board_snapshot" and d["board"] == board
                             and d["position"] >= at_least)

    def patch_of(self, board: str, at_least: int) -> dict[str, Any]:
        return self.wait_for(lambda k, d: k == "board_patch" and d["board"] == board
                             and d["position"] >= at_least)

    def received(self, board: str) -> list[tuple[str, dict[str, Any]]]:
        with self.lock:
            return [(k, d) for k, d in self.messages if d.get("board") == board]

    def close(self) -> None:
        self.closing = True
        self.client.disconnect()
