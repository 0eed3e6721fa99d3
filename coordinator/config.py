"""Settings from the environment (names in the public contract)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from coordinator.core.store import DEFAULT_URL


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_URL
    message_queue: str | None = None
    admin_token: str | None = None  # None: generated once per store and kept there
    secret_key: str | None = None  # None: generated once per store and kept there

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        return cls(
            database_url=env.get("COORDINATOR_DATABASE_URL") or DEFAULT_URL,
            message_queue=env.get("COORDINATOR_MESSAGE_QUEUE") or None,
            admin_token=env.get("COORDINATOR_ADMIN_TOKEN") or None,
            secret_key=env.get("COORDINATOR_SECRET_KEY") or None,
        )
