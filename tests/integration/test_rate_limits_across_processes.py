"""With Redis, every server counts a person's writes together; without it, each its own.

Two apps on one store and one throwaway Redis stand for two server processes: a
person's writes through either count in one window. When Redis goes away, writes go
on (counted in each process meanwhile), never a 500.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from coordinator.config import Settings
from tests.support.redis_server import RedisServer
from tests.web.api_helpers import ADMIN_TOKEN, Api, close_flask_app, soon
from web import create_app
from web.limits import PERSON_LIMIT

LIMIT = int(PERSON_LIMIT.split()[0])


@pytest.fixture
def two_apps(tmp_path: Path, redis_server: RedisServer) -> Iterator[tuple[Api, Api]]:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    apps: list[Flask] = [
        create_app(Settings(database_url=url, admin_token=ADMIN_TOKEN),
                   {"TESTING": True, "RATELIMIT_STORAGE_URI": redis_server.url})
        for _ in range(2)]
    try:
        yield Api(apps[0], apps[0].test_client()), Api(apps[1], apps[1].test_client())
    finally:
        for flask_app in apps:
            close_flask_app(flask_app)


def test_writes_through_two_processes_share_one_window(
        two_apps: tuple[Api, Api], redis_server: RedisServer) -> None:
    first, second = two_apps
    ann, host = first.register("Ann"), first.register("Host")
    room = first.add_room("Room 1")
    slot = first.open_slot(room, soon(days=2))
    first.claim(slot, host, "Typing")
    path = f"/open-space/slots/{slot}/interest"
    # Registering was counted by address: Ann has her whole window, half through each.
    for i in range(LIMIT):
        api = first if i % 4 < 2 else second  # a post and a delete through each in turn
        answer = (api.post if i % 2 == 0 else api.delete)(path, ann.token)
        assert answer.status_code == 200, (i, answer.get_json())
    for api in (first, second):
        refused = api.post(path, ann.token)
        assert refused.status_code == 429, refused.get_json()
        assert refused.get_json()["error"]["code"] == "rate_limited"
        assert int(refused.headers["Retry-After"]) > 0

    redis_server.stop()
    # Redis is gone: each process counts on its own from nothing; nobody is locked out.
    bob = first.register("Bob")
    answers = [(first.post if i % 2 == 0 else first.delete)(path, bob.token).status_code
               for i in range(LIMIT + 1)]
    assert answers[:LIMIT] == [200] * LIMIT and answers[-1] == 429
