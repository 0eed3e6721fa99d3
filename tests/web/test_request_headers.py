"""Request headers read by ``web/request_headers.py`` are what gevent's own reader gives.

Every header block, plain or odd (folded lines, other bytes, a line without a colon, a
bare CR, names the e-mail parser does not take, a missing blank line, too long a line),
must come out with the same names, values, raw lines and status; plain blocks must take
the fast way, or the module buys nothing.
"""

from __future__ import annotations

import io

import pytest
from gevent.pywsgi import headers_factory
from hypothesis import given, settings
from hypothesis import strategies as st

from web.request_headers import LINE_LIMIT, _lines, plain, read_headers

BROWSER = (b"Host: coordinator.example:8000\r\n"
           b"User-Agent: Mozilla/5.0 (Linux; Android 14) Mobile Safari/537.36\r\n"
           b"Accept: text/html,application/xhtml+xml;q=0.9,*/*;q=0.8\r\n"
           b"Accept-Language: de-DE,de;q=0.9,en;q=0.8\r\n"
           b"Cookie: session=eyJwZXJzb24iOiJhYmMifQ.Z1.sig; theme=light\r\n"
           b"Authorization: Bearer 0123456789abcdef0123456789abcdef.0123456789\r\n"
           b"Content-Length: 2\r\nContent-Type: application/json\r\n"
           b"Connection: keep-alive\r\n\r\nBODY")


def same(block: bytes) -> None:
    ours_source = io.BytesIO(block)
    theirs_source = io.BytesIO(block)
    theirs, ours = headers_factory(theirs_source), read_headers(ours_source)
    assert list(ours.items()) == list(theirs.items())
    assert list(ours.headers) == list(theirs.headers)
    assert (ours.status, ours.typeheader) == (theirs.status, theirs.typeheader)
    assert ours.get("content-length") == theirs.get("content-length")
    # The body starts where it did: nothing more, nothing less was read.
    assert ours_source.read() == theirs_source.read()


def test_a_browser_request_takes_the_plain_way() -> None:
    found = plain(_lines(io.BytesIO(BROWSER)))
    assert found is not None and ("Cookie", "session=eyJwZXJzb24iOiJhYmMifQ.Z1.sig; "
                                  "theme=light") in found
    same(BROWSER)


@pytest.mark.parametrize("block", [
    b"Host: a\r\nX-Folded: one\r\n  two\r\n\r\n",  # a folded line
    b"Host: a\r\nX-Latin: caf\xe9\r\n\r\n",  # a byte beyond ASCII
    b"Host: a\r\nno colon here\r\nX-After: b\r\n\r\n",  # the parser stops there
    b"Host: a\r\nX-Cr: a\rb\r\n\r\n",  # a bare CR splits the line for the parser
    b"Host: a\r\nBad Name: x\r\n\r\n",  # a space in the name
    b"Host: a\r\n: empty name\r\n\r\n",
    b"Host: a\r\nX-Trailing: b  \t\r\n\r\n",  # trailing blanks are kept, as the parser does
    b"Host: a\nX-Bare-Lf: b\n\n",
    b"Host: a\r\nX-Last: no newline",  # the connection ended mid-header
    b"Host: a\r\nHost: b\r\n\r\n",  # the same name twice
    b"\r\n",
    b"",
    b"Host: a\r\nX-Long: " + b"x" * LINE_LIMIT + b"\r\n\r\n",
])
def test_odd_blocks_are_read_as_gevent_reads_them(block: bytes) -> None:
    same(block)


def test_more_than_a_hundred_headers_are_refused_alike() -> None:
    block = b"".join(b"X-%d: y\r\n" % n for n in range(101)) + b"\r\n"
    for reader in (headers_factory, read_headers):
        with pytest.raises(Exception, match="more than 100 headers"):
            reader(io.BytesIO(block))


LINE = st.one_of(
    st.builds(lambda n, v: n + b": " + v + b"\r\n",
              st.sampled_from([b"Host", b"Accept", b"X-A", b"content-length", b"Cookie"]),
              st.binary(max_size=12)),
    st.binary(max_size=20).map(lambda b: b + b"\r\n"),
    st.sampled_from([b" folded\r\n", b"\tfolded\r\n", b"From me\r\n", b"X:\r\n", b"\n"]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(LINE, max_size=8), st.sampled_from([b"\r\n", b"\n", b""]))
def test_any_block_is_read_as_gevent_reads_it(lines: list[bytes], end: bytes) -> None:
    same(b"".join(lines) + end + b"body")
