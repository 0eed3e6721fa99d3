"""Socket.IO clients that flood /boards with events, for tests/integration/test_board_limits.py.

    python -m tests.support.flood URL COUNT

prints ``flooding`` once every client is sending, floods until a line arrives on
stdin, then prints one JSON line per client: how often it was dropped, and the
``board_error`` codes it was sent.
"""

from __future__ import annotations

import json
import sys
import threading
import time

import socketio

from web.board_limits import EVENT_BURST

SENDS_PER_CONNECTION = 10 * EVENT_BURST
# Before connecting again, as python-socketio's own reconnection waits (1 s by default):
# a flood of new connections is another attack, answered per address by a proxy.
RECONNECT_PAUSE = 0.2


class Flooder:
    """Sends subscribe after subscribe as fast as it can; connects again when dropped."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.stopping = threading.Event()
        self.started = threading.Event()
        self.dropped = 0
        self.refusals: list[str] = []
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stopping.is_set():
            client = socketio.Client(reconnection=False)
            client.on("board_error", lambda data: self.refusals.append(data["code"]),
                      namespace="/boards")
            try:
                client.connect(self.url, namespaces=["/boards"], transports=["websocket"],
                               wait_timeout=10)
                self.started.set()
                for index in range(SENDS_PER_CONNECTION):
                    if self.stopping.is_set() or not client.connected:
                        break
                    client.emit("subscribe", {"board": f"nope-{index}"}, namespace="/boards")
                deadline = time.monotonic() + 5
                while client.connected and time.monotonic() < deadline:
                    time.sleep(0.01)
                if not client.connected:
                    self.dropped += 1
            except (socketio.exceptions.SocketIOError, OSError):
                pass
            finally:
                client.disconnect()
            self.stopping.wait(RECONNECT_PAUSE)

    def stop(self) -> dict[str, object]:
        self.stopping.set()
        self.thread.join(timeout=30)
        return {"dropped": self.dropped, "refusals": sorted(set(self.refusals))}


def main(url: str, count: int) -> None:
    flooders = [Flooder(url) for _ in range(count)]
    for flooder in flooders:
        flooder.started.wait(30)
    print("flooding", flush=True)
    sys.stdin.readline()
    for flooder in flooders:
        print(json.dumps(flooder.stop()), flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
