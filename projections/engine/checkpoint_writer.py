"""Checkpoints encoded and written by a process of their own, while a catch-up folds on.

A checkpoint is every projection's whole state as JSON: half a megabyte, whose encoding
holds the GIL for milliseconds, and whose write takes as long again. A long catch-up
hands each one over ``marshal``-ed (ten times quicker than JSON, and exact for plain
data) through a pipe to this file, run as a script with ``python -I`` (the standard
library and the database driver only, so it starts in tens of milliseconds); there it
becomes the very text ``compact_json`` makes, inserted with a connection of its own.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import marshal
import struct
import subprocess
import sys
from typing import IO, Any

# Each checkpoint: position, then the lengths of the timestamp and of the states.
HEADER = struct.Struct("!QII")
# Room in the pipe for a whole checkpoint: handing one over does not wait for the
# previous one to be written.
PIPE_BYTES = 1 << 20


def compact_json(data: Any) -> str:
    # Plain data, never circular: the encoder need not keep track of what it has seen.
    return json.dumps(data, separators=(",", ":"), check_circular=False)


class CheckpointWriter:
    """``save(position, timestamp, states)`` as ``CheckpointStore.save`` does it, done by
    the process, which starts at the first save; leaving the block waits until every
    checkpoint is written, and raises if one was not.

    ``target`` is ``{"sqlite": path}`` or ``{"postgres": conninfo}``; ``statement``
    inserts (position, timestamp, version, states) with the driver's placeholders."""

    def __init__(self, target: dict[str, str], statement: str, version: str) -> None:
        self.settings = json.dumps({**target, "statement": statement, "version": version})
        self._process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> CheckpointWriter:
        return self

    def __exit__(self, failed: type[BaseException] | None, *_: object) -> None:
        if self._process is None:
            return
        process, self._process = self._process, None
        with contextlib.suppress(BrokenPipeError):
            assert process.stdin is not None
            process.stdin.close()  # the process writes what it was given, then ends
        if process.wait() and failed is None:
            raise RuntimeError(f"The checkpoint writer failed (exit status {process.returncode}).")

    def save(self, position: int, timestamp: str, states: dict[str, Any]) -> None:
        marshalled = marshal.dumps(states)  # the states as they are now
        stamp = timestamp.encode()
        pipe = self._pipe()
        try:
            pipe.write(HEADER.pack(position, len(stamp), len(marshalled)))
            pipe.write(stamp)
            pipe.write(marshalled)
            pipe.flush()
        except BrokenPipeError:
            assert self._process is not None
            raise RuntimeError("The checkpoint writer failed "
                               f"(exit status {self._process.wait()}).") from None

    def _pipe(self) -> IO[bytes]:
        if self._process is None:
            self._process = subprocess.Popen([sys.executable, "-I", __file__],
                                             stdin=subprocess.PIPE)
            assert self._process.stdin is not None
            with contextlib.suppress(AttributeError, OSError):  # Linux only
                fcntl.fcntl(self._process.stdin, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
            self._process.stdin.write(self.settings.encode() + b"\n")
        assert self._process.stdin is not None
        return self._process.stdin


def serve(checkpoints: IO[bytes]) -> None:
    settings = json.loads(checkpoints.readline())
    statement, version = settings["statement"], settings["version"]
    if "sqlite" in settings:
        import sqlite3

        connection: Any = sqlite3.connect(settings["sqlite"], timeout=30)

        def insert(row: tuple[int, str, str, str]) -> None:
            with connection:  # a transaction each, as ``CheckpointStore.save``
                connection.execute(statement, row)
    else:
        import psycopg

        connection = psycopg.connect(settings["postgres"], autocommit=True)

        def insert(row: tuple[int, str, str, str]) -> None:
            connection.execute(statement, row)

    with contextlib.closing(connection):
        while header := checkpoints.read(HEADER.size):
            position, stamp_bytes, states_bytes = HEADER.unpack(header)
            timestamp = checkpoints.read(stamp_bytes).decode()
            states = marshal.loads(checkpoints.read(states_bytes))
            insert((position, timestamp, version, compact_json(states)))


if __name__ == "__main__":
    serve(sys.stdin.buffer)
