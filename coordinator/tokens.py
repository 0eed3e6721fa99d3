"""Person tokens: ``<person id>.<signature>``, derived from the store's secret key.

Nothing secret is stored in events, so an exported log cannot be used to act
as anyone, and the same token can be given again for a retried registration.
"""

from __future__ import annotations

import hashlib
import hmac
from uuid import UUID


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

    def _signature(self, person_id: UUID) -> str:
        message = self._purpose + person_id.bytes
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()[:40]

    def token_for(self, person_id: UUID) -> str:
        return f"{person_id.hex}.{self._signature(person_id)}"

    def person_id(self, token: str) -> UUID | None:
        """The person a token belongs to, or None for a forged or malformed token."""
        head, _, signature = token.partition(".")
        try:
            person_id = UUID(hex=head)
        except ValueError:
            return None
        if len(head) != 32 or not hmac.compare_digest(signature, self._signature(person_id)):
            return None
        return person_id
