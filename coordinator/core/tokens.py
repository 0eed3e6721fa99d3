"""Person tokens: ``<person id>.<signature>``, derived from the store's secret key.

Nothing secret is stored in events, so an exported log cannot be used to act
as anyone, and the same token can be given again for a retried registration.
"""

from __future__ import annotations

import hashlib
import hmac
from uuid import UUID

ID_LENGTH = 32
SIGNATURE_LENGTH = 40
# What token_for writes: lower-case hex digits either side of one dot.
_ALPHABET = frozenset("0123456789abcdef")


class TokenSigner:
    """``purpose`` separates kinds of tokens: a calendar feed's token (``"calendar"``)
    reads a person's shifts and cannot act as them."""

    def __init__(self, secret_key: str, purpose: str = "person") -> None:
        self._key = secret_key.encode()
        self._purpose = purpose.encode() + b":"

    def for_purpose(self, purpose: str) -> TokenSigner:
        signer = TokenSigner("", purpose)
        signer._key = self._key
        return signer

    def _signature(self, person_id: UUID) -> bytes:
        message = self._purpose + person_id.bytes
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()[:SIGNATURE_LENGTH] \
            .encode("ascii")

    def token_for(self, person_id: UUID) -> str:
        return f"{person_id.hex}.{self._signature(person_id).decode('ascii')}"

    def person_id(self, token: str) -> UUID | None:
        """The person a token belongs to, or None for a forged or malformed token.

        Only the token alphabet gets as far as the comparison, which compares bytes in
        constant time (``compare_digest`` refuses non-ASCII ``str``, and a token arrives
        from headers, paths and cookies in any characters at all).
        """
        head, dot, signature = token.partition(".")
        if (not dot or len(head) != ID_LENGTH or len(signature) != SIGNATURE_LENGTH
                or not _ALPHABET.issuperset(head) or not _ALPHABET.issuperset(signature)):
            return None
        person_id = UUID(hex=head)
        if not hmac.compare_digest(signature.encode("ascii"), self._signature(person_id)):
            return None
        return person_id


def same_secret(given: str, secret: str) -> bool:
    """Whether ``given`` is ``secret``, compared as bytes in constant time whatever
    characters ``given`` holds (the admin token may be any text an organizer set)."""
    return hmac.compare_digest(given.encode("utf-8", "surrogatepass"),
                               secret.encode("utf-8", "surrogatepass"))
