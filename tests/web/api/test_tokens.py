"""Person tokens: derived, not stored, so they survive an export and import with the same key."""

from __future__ import annotations

import copy
import io
from pathlib import Path
from uuid import UUID

from flask import Flask

from coordinator.config import Settings
from coordinator.core.tokens import TokenSigner
from coordinator.event_log import export_events, import_events
from tests.web.api_helpers import Api, soon
from web import create_app
from web.services import Services


def _app(url: str, secret: str | None) -> Flask:
    return create_app(Settings(database_url=url, admin_token="admin", secret_key=secret),
                      {"TESTING": True})


def _services(flask_app: Flask) -> Services:
    found: Services = flask_app.extensions["coordinator"]
    return found


def _me(flask_app: Flask, token: str) -> int:
    response = flask_app.test_client().get("/api/v1/people/me",
                                           headers={"Authorization": f"Bearer {token}"})
    return response.status_code


def test_tokens_survive_import_with_the_same_secret_key(tmp_path: Path) -> None:
    source = _app(f"sqlite:///{tmp_path}/a.db", "shared-secret")
    registered = source.test_client().post("/api/v1/people", json={"name": "Ana"}).json
    assert registered is not None
    token = registered["token"]
    log = io.StringIO()
    export_events(_services(source).app, log)
    _services(source).close()

    same_key = _app(f"sqlite:///{tmp_path}/b.db", "shared-secret")
    import_events(_services(same_key).app, log.getvalue().splitlines())
    assert _me(same_key, token) == 200
    _services(same_key).close()

    other_key = _app(f"sqlite:///{tmp_path}/b.db", "another-secret")
    assert _me(other_key, token) == 401
    _services(other_key).close()


def test_without_a_secret_key_each_store_has_its_own(tmp_path: Path) -> None:
    first = _app(f"sqlite:///{tmp_path}/a.db", None)
    registered = first.test_client().post("/api/v1/people", json={"name": "Ana"}).json
    assert registered is not None
    assert _me(first, registered["token"]) == 200
    _services(first).close()
    again = _app(f"sqlite:///{tmp_path}/a.db", None)
    assert _me(again, registered["token"]) == 200, "the generated key is kept in the store"
    _services(again).close()
    elsewhere = _app(f"sqlite:///{tmp_path}/c.db", None)
    assert _me(elsewhere, registered["token"]) == 401
    _services(elsewhere).close()



class CountingSigner(TokenSigner):
    """A signer with the store's key that counts how often it checks a token."""

    checks = 0

    def person_id(self, token: str) -> UUID | None:
        self.checks += 1
        return super().person_id(token)


def test_a_write_checks_its_token_once(api: Api) -> None:
    """The rate limit and the API both ask who is writing (a sign-up asked three times);
    the token's signature is checked once a request."""
    shift = api.schedule(starts_at=soon(days=3))
    ana = api.register("Ana")
    counting = copy.copy(api.services.signer)
    counting.__class__ = CountingSigner
    api.services.signer = counting
    assert api.post(f"/shifts/{shift}/signups", ana.token).status_code == 201
    assert counting.checks == 1
    assert api.get("/people/me", ana.token).status_code == 200
    assert counting.checks == 2
