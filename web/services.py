"""The objects a request works with, kept on the Flask app by ``create_app``."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from coordinator.application import Coordinator
from coordinator.config import Settings
from coordinator.core.tokens import TokenSigner, same_secret
from projections.engine.follower import Follower
from projections.engine.runner import ProjectionRunner


@dataclass
class Services:
    settings: Settings
    app: Coordinator
    boards: ProjectionRunner
    follower: Follower
    signer: TokenSigner
    admin_token: str

    def is_admin(self, token: str) -> bool:
        return same_secret(token, self.admin_token)

    def close(self) -> None:
        self.follower.stop()
        self.app.close()


def services() -> Services:
    found: Services = current_app.extensions["coordinator"]
    return found
