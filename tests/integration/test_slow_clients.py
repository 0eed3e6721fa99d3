"""Slow and greedy HTTP clients against a real ``coordinator serve`` (both async modes):
bodies over the limit, requests whose headers never end, idle keep-alive connections,
more connections than the cap. Raw sockets, so the client does exactly what it says."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import socketio

from tests.support.raw_clients import (
    closed_by_server,
    connect,
    idle_websocket,
    masked_frame,
    read_body,
    read_response_head,
    start_slowloris,
    trickle,
)
from tests.support.server import ApiClient, ServerProcess
from web.server_limits import MESSAGE_LIMIT

FIFTY_MB = 50 * 1024 * 1024
SHORT = 1.5  # the header and idle timeouts of these servers, in seconds
PROMPTLY = 5.0  # generous: an answer that waited for 50 MB would never come


def short_limits_server(folder: Path, mode: str) -> ServerProcess:
    return ServerProcess(f"sqlite:///{folder}/store.db", folder / "server.log",
                         args=["--async-mode", mode, "--header-timeout", str(SHORT),
                               "--idle-timeout", str(SHORT)])


@pytest.fixture(scope="module", params=["gevent", "threading"])
def server(request: pytest.FixtureRequest,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    folder = tmp_path_factory.mktemp(request.param)
    with short_limits_server(folder, request.param) as process:
        yield process


def huge_request(path: str, content_type: str, first_bytes: bytes) -> bytes:
    return (f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {FIFTY_MB}\r\n\r\n").encode() + first_bytes


@pytest.mark.parametrize("path, content_type, start", [
    ("/api/v1/people", "application/json", b'{"name": "'),
    ("/api/v1/shifts/0123456789abcdef0123456789abcdef/signups", "application/json", b"{"),
])
def test_an_api_body_over_the_limit_gets_413_before_it_is_sent(
        server: ServerProcess, path: str, content_type: str, start: bytes) -> None:
    """The headers of a 50 MB body and a few bytes: 413 comes at once, JSON, and the
    connection closes (the rest is never read); a view that reads no body is no way
    round it."""
    with connect(server.url) as sock:
        began = time.monotonic()
        sock.sendall(huge_request(path, content_type, start))
        status, headers, rest = read_response_head(sock)
        waited = time.monotonic() - began
        body = json.loads(read_body(sock, headers, rest))
        assert status == 413 and waited < PROMPTLY
        assert headers["connection"].lower() == "close"
        assert body["error"]["code"] == "too_large" and "1 MB" in body["error"]["message"]
        assert closed_by_server(sock, PROMPTLY) is not None
    assert ApiClient(server.url).call("GET", "/shifts").status == 200


def test_a_client_that_goes_on_sending_reads_the_413_and_is_cut_off(
        server: ServerProcess) -> None:
    """A browser uploading too much: it gets the answer, not a reset, while the server
    reads a few MB of the 50 at most and closes."""
    sent = 0
    stopped: list[BaseException] = []

    def upload(sock: socket.socket) -> None:
        nonlocal sent
        piece = b"x" * 65536
        try:
            while sent < FIFTY_MB:
                sock.sendall(piece)
                sent += len(piece)
        except OSError as error:
            stopped.append(error)

    with connect(server.url, timeout=30) as sock:
        sock.sendall(huge_request("/api/v1/people", "application/json", b"{"))
        sender = threading.Thread(target=upload, args=(sock,), daemon=True)
        sender.start()
        status, headers, rest = read_response_head(sock)
        body = json.loads(read_body(sock, headers, rest))
        sender.join(timeout=30)
    assert status == 413 and body["error"]["code"] == "too_large"
    assert stopped and sent < FIFTY_MB / 2, sent


def test_a_form_over_the_limit_gets_a_413_page(server: ServerProcess) -> None:
    with connect(server.url) as sock:
        sock.sendall(huge_request("/register", "application/x-www-form-urlencoded",
                                  b"name=Ana&"))
        status, headers, rest = read_response_head(sock)
        page = read_body(sock, headers, rest).decode()
    assert status == 413 and headers["content-type"].startswith("text/html")
    assert "larger than 1 MB" in page


def chunked_post(sock: socket.socket, path: str, chunks: int) -> None:
    sock.sendall(f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                 f"Transfer-Encoding: chunked\r\n\r\n".encode())
    piece = b" " * 65536
    try:
        for _ in range(chunks):
            sock.sendall(b"%x\r\n%s\r\n" % (len(piece), piece))
    except OSError:  # the server answered and closed while we were still sending
        return
    sock.sendall(b"0\r\n\r\n")


def test_a_chunked_body_over_the_limit_gets_413(server: ServerProcess) -> None:
    """No Content-Length to check: the body is read up to the limit, no further."""
    with connect(server.url) as sock:
        chunked_post(sock, "/api/v1/people", chunks=200)  # 12.5 MB, if it were all read
        status, headers, rest = read_response_head(sock)
        body = json.loads(read_body(sock, headers, rest))
    assert status == 413 and body["error"]["code"] == "too_large"


def test_a_chunked_body_within_the_limit_is_read_whole(server: ServerProcess) -> None:
    name = json.dumps({"name": "Chunked Ana"}).encode()
    with connect(server.url) as sock:
        sock.sendall(b"POST /api/v1/people HTTP/1.1\r\nHost: x\r\nContent-Type: "
                     b"application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                     b"%x\r\n%s\r\n0\r\n\r\n" % (len(name), name))
        status, headers, rest = read_response_head(sock)
        body = json.loads(read_body(sock, headers, rest))
    assert status == 201 and body["name"] == "Chunked Ana"


def test_headers_that_never_end_are_cut_off(server: ServerProcess) -> None:
    """gevent bounds the whole request head; gunicorn's threaded worker, each read of it."""
    with start_slowloris(server.url) as silent:
        assert closed_by_server(silent, SHORT * 4) is not None
    if "threading" in server.args:
        return
    with start_slowloris(server.url) as trickling:
        began = time.monotonic()
        while time.monotonic() - began < SHORT * 4 and trickle(trickling, 0):
            time.sleep(SHORT / 4)  # a line now and then: gevent's deadline holds all the same
        assert time.monotonic() - began < SHORT * 4
        assert closed_by_server(trickling, SHORT) is not None


def test_an_idle_keep_alive_connection_is_closed(server: ServerProcess) -> None:
    with connect(server.url) as sock:
        for _ in range(2):  # kept alive between requests that come in time
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            status, headers, rest = read_response_head(sock)
            assert status == 200 and read_body(sock, headers, rest)
            time.sleep(SHORT / 3)
        closed_after = closed_by_server(sock, SHORT * 4)
    # gunicorn counts the idle timeout in whole seconds (1.5 is 2) and checks it each second.
    assert closed_after is not None and closed_after > SHORT / 2


@pytest.mark.parametrize("mode", ["gevent", "threading"])
def test_connections_over_the_cap_wait_or_are_refused(mode: str, tmp_path: Path) -> None:
    """The next connection waits in the listen queue until one closes (both servers
    stop accepting at the cap), and the server stays up."""
    cap = 10
    with ServerProcess(f"sqlite:///{tmp_path}/store.db", tmp_path / "server.log",
                       args=["--async-mode", mode, "--max-connections", str(cap),
                             "--header-timeout", "30"]) as server:
        held = [start_slowloris(server.url) for _ in range(cap)]
        time.sleep(0.5)  # all accepted
        try:
            with pytest.raises(requests.Timeout):
                requests.get(f"{server.url}/healthz", timeout=1.0)
            held.pop().close()
            time.sleep(0.3)
            assert requests.get(f"{server.url}/healthz", timeout=PROMPTLY).status_code == 200
        finally:
            for sock in held:
                sock.close()


def test_an_idle_websocket_outlives_the_header_and_idle_timeouts(server: ServerProcess) -> None:
    """The timeouts are for HTTP requests: a screen that says nothing for longer stays
    connected (Engine.IO's pings look after those)."""
    got: list[dict[str, object]] = []
    client = socketio.Client(reconnection=False)
    client.on("board_snapshot", got.append, namespace="/boards")
    client.connect(server.url, namespaces=["/boards"], transports=["websocket"],
                   wait_timeout=10)
    try:
        sid = client.get_sid("/boards")
        time.sleep(SHORT * 3)
        assert client.connected and client.get_sid("/boards") == sid
        client.emit("subscribe", {"board": "open-space"}, namespace="/boards")
        deadline = time.monotonic() + PROMPTLY
        while not got and time.monotonic() < deadline:
            time.sleep(0.05)
        assert got and got[0]["board"] == "open-space"
    finally:
        client.disconnect()


def unfinished(frame: bytes) -> bytes:
    """The first bytes of a frame: its header announces the whole payload."""
    return frame[:200]


def fragment(first_byte: int) -> bytes:
    """A frame of half MESSAGE_LIMIT with its FIN bit and opcode in ``first_byte``."""
    return bytes([first_byte]) + masked_frame(b"x" * (MESSAGE_LIMIT // 2))[1:]


@pytest.mark.parametrize("frames", [
    [unfinished(masked_frame(b"42/boards," + b"x" * MESSAGE_LIMIT))],
    # text without FIN, a continuation, and the final one that tips it over
    [fragment(0x01), fragment(0x00), unfinished(fragment(0x80))],
], ids=["one frame", "fragments"])
def test_a_websocket_message_over_the_limit_is_refused_from_its_headers(
        server: ServerProcess, frames: list[bytes]) -> None:
    """simple-websocket would read a message whole (or wait for it for ever); the
    server closes the connection once the frames announce more than MESSAGE_LIMIT,
    without waiting for the payload."""
    sock = idle_websocket(server.url)
    try:
        for frame in frames:
            sock.sendall(frame)
        assert closed_by_server(sock, PROMPTLY) is not None
    finally:
        sock.close()
    assert ApiClient(server.url).call("GET", "/shifts").status == 200
