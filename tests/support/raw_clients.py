"""Misbehaving clients on raw sockets: half-sent requests, bodies that never end, idle
WebSockets. Cheap enough (no thread each) to open hundreds in one test."""

from __future__ import annotations

import base64
import os
import socket
import struct
import time
from urllib.parse import urlsplit

HEADERS_TIMEOUT = 10.0


def connect(url: str, timeout: float = HEADERS_TIMEOUT) -> socket.socket:
    parts = urlsplit(url)
    sock = socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 80),
                                    timeout=timeout)
    return sock


def read_response_head(sock: socket.socket) -> tuple[int, dict[str, str], bytes]:
    """The status, the headers (lower-case names) and what came after them so far."""
    data = b""
    while b"\r\n\r\n" not in data:
        piece = sock.recv(65536)
        if not piece:
            raise ConnectionError(f"closed before the headers: {data!r}")
        data += piece
    head, _, rest = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(lines[0].split()[1]), headers, rest


def read_body(sock: socket.socket, headers: dict[str, str], rest: bytes) -> bytes:
    length = int(headers.get("content-length", "0"))
    while len(rest) < length:
        piece = sock.recv(65536)
        if not piece:
            break
        rest += piece
    return rest[:length]


def closed_by_server(sock: socket.socket, within: float) -> float | None:
    """Seconds until the server closes ``sock`` (reading and dropping what it sends),
    or None if it is still open after ``within``."""
    start = time.monotonic()
    sock.settimeout(0.2)
    while time.monotonic() - start < within:
        try:
            if not sock.recv(65536):
                return time.monotonic() - start
        except TimeoutError:
            continue
        except ConnectionError:
            return time.monotonic() - start
    return None


def masked_frame(payload: bytes, opcode: int = 1) -> bytes:
    """One client-to-server WebSocket frame (clients must mask)."""
    mask = os.urandom(4)
    length = len(payload)
    if length < 126:
        head = struct.pack("!BB", 0x80 | opcode, 0x80 | length)
    elif length < 65536:
        head = struct.pack("!BBH", 0x80 | opcode, 0x80 | 126, length)
    else:
        head = struct.pack("!BBQ", 0x80 | opcode, 0x80 | 127, length)
    return head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


def idle_websocket(url: str, namespace: str = "/boards") -> socket.socket:
    """A Socket.IO client over a raw WebSocket, connected to ``namespace``, that then
    says nothing (and never reads what the server sends)."""
    sock = connect(url)
    key = base64.b64encode(os.urandom(16)).decode()
    sock.sendall((f"GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\n"
                  f"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                  f"Sec-WebSocket-Version: 13\r\n\r\n").encode())
    status, _, _ = read_response_head(sock)
    assert status == 101, status
    sock.sendall(masked_frame(f"40{namespace},".encode()))  # Socket.IO CONNECT
    return sock


def start_slowloris(url: str, path: str = "/api/v1/people") -> socket.socket:
    """A request whose headers are never finished (trickle() sends one more line)."""
    sock = connect(url)
    sock.sendall(f"POST {path} HTTP/1.1\r\nHost: x\r\n".encode())
    return sock


def trickle(sock: socket.socket, index: int) -> bool:
    """One more header line; False once the server has cut the connection."""
    try:
        sock.sendall(f"X-Slow-{index}: a\r\n".encode())
        return True
    except OSError:
        return False
