"""Boards in the past on a long log (50,000 events): the API's ``at`` and ``as_of`` and
the timeline page answer exactly what folding the log up to that point gives; and the
history index pages a long log fast."""

from __future__ import annotations

import json
import random
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import quote

import pytest

from coordinator.application import Coordinator
from coordinator.event_log import iter_notifications
from projections.engine.runner import all_projections, utc_key
from projections.history.index import HistoryIndex
from projections.history.query import Filters
from tests.web.api_helpers import ADMIN_TOKEN, close_flask_app, make_flask_app
from tests.web.organizer_support import Browser, generate_log

EVENTS = 50_000
ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    url = f"sqlite:///{tmp_path_factory.mktemp('big')}/coordinator.db"
    app = Coordinator(url)
    generate_log(app, EVENTS)
    app.close()
    flask_app = make_flask_app(url)
    browser = Browser(flask_app, flask_app.test_client())
    browser.services.boards.catch_up()  # checkpoints every 1,000 events
    index = flask_app.extensions["organizer_history"] = HistoryIndex(browser.app)
    index.catch_up()  # the pages would otherwise wait for it, building in the background
    browser.sign_in()
    try:
        yield browser
    finally:
        close_flask_app(flask_app)


def boards_of(states: dict[str, Any], rooms: list[str]) -> dict[str, Any]:
    projections = {p.name: p for p in all_projections()}
    found = {name: projections[name].query(states[name])
             for name in ("open-space", "shifts", "booths")}
    for room in rooms:
        found[f"rooms/{room}"] = projections["open-space"].room(states["open-space"], room)
    return json.loads(json.dumps(found))


def folds(app: Coordinator, stops: list[int] | list[str],
          rooms: list[str]) -> list[tuple[int, dict[str, Any]]]:
    """What folding the log from nothing gives at each stop, as (position reached, boards).
    A stop is a position (every event at or before it) or a UTC key (every event stored
    by then: up to the first one stored later)."""
    projections = {p.name: p for p in all_projections()}
    states = {name: p.initial() for name, p in projections.items()}
    order = sorted(range(len(stops)), key=lambda i: stops[i])
    answers: dict[int, tuple[int, dict[str, Any]]] = {}
    reached = 0
    for notification in iter_notifications(app.recorder):
        event = app.mapper.to_domain_event(notification)
        mark: int | str = notification.id if isinstance(stops[0], int) else utc_key(
            event.timestamp)
        while order and mark > stops[order[0]]:  # type: ignore[operator]
            answers[order.pop(0)] = (reached, boards_of(states, rooms))
        if not order:
            break
        for name, projection in projections.items():
            projection.fold(states[name], event)
        reached = notification.id
    for index in order:
        answers[index] = (reached, boards_of(states, rooms))
    return [answers[i] for i in range(len(stops))]


def test_at_and_as_of_answer_the_fold_of_the_log(big: Browser) -> None:
    app = big.app
    last = big.stored()
    assert last >= EVENTS
    rng = random.Random(7)
    rooms = [r["id"] for r in big.services.boards.board("open-space")[1]["rooms"]][:2]
    positions = sorted({1, last, *rng.sample(range(2, last), 10)})
    stamps = [n for n in iter_notifications(app.recorder) if n.id in set(
        rng.sample(range(1, last), 6))]
    moments = [app.mapper.to_domain_event(n).timestamp for n in stamps]
    moments += [m + timedelta(microseconds=1) for m in moments[:2]]
    for at, (reached, boards) in zip(positions, folds(app, positions, rooms), strict=True):
        for board, data in boards.items():
            answer = big.client.get(f"/api/v1/boards/{board}?at={at}", headers=ADMIN)
            if data is None:  # a room not added yet
                assert answer.status_code == 404
                continue
            assert answer.get_json() == {"board": board, "position": reached, "data": data}, (
                board, at)
    expected = folds(app, [utc_key(m) for m in moments], rooms)
    for moment, (reached, boards) in zip(moments, expected, strict=True):
        for board, data in boards.items():
            answer = big.client.get(f"/api/v1/boards/{board}?as_of="
                                    f"{quote(moment.isoformat())}", headers=ADMIN)
            if data is None:
                assert answer.status_code == 404
                continue
            assert answer.get_json() == {"board": board, "position": reached, "data": data}, (
                board, moment)


def test_the_timeline_page_shows_the_boards_of_that_moment(big: Browser) -> None:
    rng = random.Random(11)
    last = big.stored()
    for at in rng.sample(range(1, last), 4):
        (reached, boards), = folds(big.app, [at], [])
        page = big.text(f"/organizer/timeline?at={at}")
        assert f"after event\n  #{reached} of {last}" in page
        for booth in boards["booths"]["booths"]:
            holder = booth["holder"]["name"] if booth["holder"] else "unstaffed"
            row = page.split(f'data-booth="{booth["id"]}">')[1].split("</tr>")[0]
            assert booth["name"] in row and holder in row, (at, booth)
        moment = datetime.fromisoformat(big.services.boards.board_at("booths", at)[1][
            "booths"][0]["since"] or "2030-01-01T00:00:00+00:00")
        assert big.get(f"/organizer/timeline?as_of={quote(moment.isoformat())}"
                       ).status_code == 200


def test_the_history_of_a_long_log_pages_fast(big: Browser) -> None:
    index = big.flask_app.extensions["organizer_history"]
    last = big.stored()
    person = index.things("person")[3][0]
    checks = [
        ("/organizer/history", None),
        (f"/organizer/history?before={last // 50}", None),
        (f"/organizer/history?person={person}", person),
        (f"/organizer/history/person/{person}?before={last // 2}", person),
        ("/organizer/history?type=Booth.Staffed&before=20000", None),
        ("/organizer/history?bookkeeping=hide&after=100", None),
    ]
    for url, _who in checks:
        started = time.perf_counter()
        assert big.get(url).status_code == 200, url
        assert time.perf_counter() - started < 1.0, url
    # Keyset pages walk the whole of one person's history without gaps or repeats.
    seen: list[int] = []
    before = None
    while True:
        rows = index.query(Filters(subjects=[f"person:{person}"]), before=before, limit=40)
        if not rows:
            break
        seen.extend(r.position for r in rows)
        before = rows[-1].position
    assert seen == sorted(set(seen), reverse=True) and len(seen) > 10
