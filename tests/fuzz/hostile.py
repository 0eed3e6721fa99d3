"""Hypothesis strategies for what schemathesis does not send well: Unicode digits in
numbers and query strings, 5,000-digit numbers, null bytes and control characters,
deep nesting, invalid UTF-8 and JSON, wrong content types, oversized bodies, bad dates
and time zones, and bodies with fields missing or extra."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import strategies as st

# Digits that are not ASCII: str.isdigit() says yes to all of them, int() to only some.
UNICODE_DIGITS = "²³¹⁰₃٣۴߅०১੧௧๓໔༣၁႑០᠑᧑᪁᭑꘡꣐꤁꧑꩑０𝟘𝟫🄂"
CONTROL = [chr(c) for c in [*range(0x20), 0x7F, 0x85, 0x200B, 0x200E, 0x2028, 0xFEFF]]
HUGE_DIGITS = 5000
TOO_BIG = 1024 * 1024 + 1  # the app's MAX_CONTENT_LENGTH, plus one

unicode_digits = st.text(st.sampled_from(UNICODE_DIGITS), min_size=1, max_size=8)
mixed_digits = st.builds(lambda a, b, c: a + b + c, st.sampled_from(["", "1", "-", "0"]),
                         unicode_digits, st.sampled_from(["", "0", "5", " "]))


def repeated(alphabet: st.SearchStrategy[str], sizes: tuple[int, int]) -> st.SearchStrategy[str]:
    """A long string cheaply: a short piece repeated (Hypothesis draws long text slowly)."""
    return st.builds(lambda piece, n: (piece * n)[:n], st.text(alphabet, min_size=1,
                                                               max_size=5),
                     st.integers(*sizes))


texts = st.one_of(
    st.text(max_size=30),
    st.text(st.sampled_from(CONTROL), min_size=1, max_size=4).map(lambda c: f"A{c}B"),
    st.just("\x00"), st.just("nul\x00in the middle"),
    repeated(st.characters(), (99, 102)), repeated(st.characters(), (199, 202)),
    repeated(st.characters(), (1999, 2002)), repeated(st.characters(), (10_000, 100_000)),
    st.just("\ud800"), st.just("😀" * 101), st.just("e\u0301" * 60),
    st.just("<script>alert(1)</script>"), st.just("   "), st.just(""),
    unicode_digits, mixed_digits, st.just("9" * HUGE_DIGITS),
    # where a page sends people next, and ids
    st.sampled_from(["//evil.example", "http://[::1", "http://[", "/\\evil", "/%0d%0a",
                     "javascript:alert(1)", "/" + "a" * 5000, "0" * 32, "g" * 32,
                     "00000000-0000-0000-0000-00000000000", "{" + "0" * 32 + "}"]),
)

class Huge(int):
    """A number of HUGE_DIGITS digits, written out by ``to_json`` (Python's own str()
    of it stops at 4,300 digits)."""


numbers = st.one_of(
    st.integers(), st.integers(-(2**70), -1), st.integers(2**62, 2**80),
    st.just(Huge(1)), st.just(Huge(-1)),
    st.floats(allow_nan=True, allow_infinity=True), st.booleans(),
    unicode_digits, mixed_digits, st.just("1" * HUGE_DIGITS), st.just("1e309"),
)

moments = st.one_of(
    st.sampled_from([
        "2027-02-30T09:00:00Z", "2027-05-14T24:00:00Z", "2027-05-14T09:60:00Z",
        "2027-05-14T09:00:00+24:00", "2027-05-14T09:00:00+23:59", "2027-05-14T09:00:00",
        "2027-05-14", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00",
        "9998-12-31T23:59:59-23:59", "1970-01-01T00:00:00+23:59", "2027-W20-5T09:00Z",
        "２０２７-05-14T09:00:00Z", "2027-05-14T09:00:00.123456789+01:00",
        "2027-05-14T09:00:00Z" + "0" * HUGE_DIGITS, "2027-05-14T09:00:00 America/New_York",
        "now", "",
    ]),
    st.datetimes(timezones=st.timezones()).map(lambda d: d.isoformat()),
    st.datetimes().map(lambda d: d.isoformat()),
    texts, numbers,
)

time_zones = st.one_of(
    st.sampled_from([
        "America", "Europe/", "/etc/passwd", "../../etc/passwd", "UTC\x00", ".", "",
        "zone.tab", "tzdata.zi", "posixrules", "Etc/GMT+99", "UTC+5", "Europe/Prague ",
        "europe/prague", "Europe/Prague", "Asia/Kathmandu", "Pacific/Kiritimati",
    ]),
    st.timezone_keys(),
    texts,
)

json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), texts),
    lambda children: st.one_of(st.lists(children, max_size=4),
                               st.dictionaries(st.text(max_size=10), children, max_size=4)),
    max_leaves=12,
)


def anything_for(field: str) -> st.SearchStrategy[Any]:
    """A hostile value for a body field, chosen by what the field holds."""
    if field.endswith("_at") or field == "as_of":
        return st.one_of(moments, json_values)
    if field == "time_zone":
        return time_zones
    if field in ("capacity", "cancellation_cutoff_minutes", "claim_closes_minutes_before"):
        return st.one_of(numbers, json_values)
    return st.one_of(texts, numbers, json_values)


def deep(depth: int) -> bytes:
    """JSON nested ``depth`` levels deep (past Python's recursion limit at 100,000)."""
    return b'{"a": ' * depth + b"1" + b"}" * depth


raw_bodies = st.one_of(
    st.binary(max_size=64),  # mostly invalid UTF-8 or not JSON
    st.sampled_from([b"\xff\xfe{}", b'{"name": "\xc3\x28"}', b"{", b"[]", b"null", b'"x"',
                     b"1", b"{'name': 'single quotes'}", b'{"name": NaN}', b"\x00",
                     b'{"name": "A"}' + b"\x00", b'{"a":1,"a":2}', b"[" * 100_000,
                     b'{"n": ' + b"9" * HUGE_DIGITS + b"}", b"\xef\xbb\xbf{}"]),
    st.integers(10, 100_000).map(deep),
    st.just(b'{"name": "' + b"x" * TOO_BIG + b'"}'),
)

content_types = st.sampled_from([
    "application/json", "text/plain", "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x", "application/json; charset=latin-1",
    "application/xml", "", "application/json; charset=utf-16",
])


def header_safe(value: str) -> str:
    """A header value as a WSGI server hands it on: the UTF-8 bytes read as Latin-1
    (line breaks and NUL never get past the server's own parser)."""
    cleaned = "".join(c for c in value if c not in "\r\n\x00")
    return cleaned.encode("utf-8", "surrogatepass").decode("latin-1")


_HUGE_MARK = "\u0000huge\u0000"


def to_json(value: Any) -> bytes:
    """JSON as a client may write it: lone surrogates escaped, NaN and Infinity allowed,
    a Huge as its 5,000 digits."""
    def marked(item: Any) -> Any:
        if isinstance(item, Huge):
            return f"{_HUGE_MARK}{'-' if item < 0 else ''}"
        if isinstance(item, dict):
            return {k: marked(v) for k, v in item.items()}
        if isinstance(item, list):
            return [marked(v) for v in item]
        return item

    text = json.dumps(marked(value), allow_nan=True)
    text = text.replace(json.dumps(_HUGE_MARK + "-"), "-" + "9" * HUGE_DIGITS)
    return text.replace(json.dumps(_HUGE_MARK), "9" * HUGE_DIGITS).encode("utf-8")
