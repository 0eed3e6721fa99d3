"""The timeline shows the sign-up sheets and the announcements in force as they were
after any event, as text."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

from tests.web.organizer_support import Browser, browser, organizer  # noqa: F401

EVENING = datetime(2030, 5, 15, 19, 0, tzinfo=UTC)


def test_timeline_shows_sheets_and_announcements_then(organizer: Browser) -> None:  # noqa: F811
    app = organizer.app
    app.change_settings({"time_zone": "UTC"})
    ana = UUID(app.register_person("Ana").result["id"])
    ben = UUID(app.register_person("Ben").result["id"])
    dinner = UUID(app.post_sheet("dinner", "<i>Dumplings</i>", EVENING, "Old town",
                                 capacity=4, owner_id=ana).result["id"])
    posted = app.recorder.max_notification_id()
    app.add_entry(dinner, ben)
    joined = app.recorder.max_notification_id()
    news = UUID(app.post_announcement("Coffee <b>now</b>",
                                      datetime.now(UTC) + timedelta(hours=3)).result["id"])
    announced = app.recorder.max_notification_id()
    app.withdraw_announcement(news)

    then = organizer.text(f"/organizer/timeline?at={posted}")
    assert f'data-sheet="{dinner.hex}"' in then
    assert "&lt;i&gt;Dumplings&lt;/i&gt;" in then and "<i>Dumplings" not in then
    assert "0 / 4" in then
    assert "No announcements in force then." in then
    assert "1 / 4" in organizer.text(f"/organizer/timeline?at={joined}")
    at_news = organizer.text(f"/organizer/timeline?at={announced}")
    assert f'data-announcement="{news.hex}"' in at_news
    assert "Coffee &lt;b&gt;now&lt;/b&gt;" in at_news
    now = organizer.text("/organizer/timeline")
    assert f'data-announcement="{news.hex}"' not in now
    assert "No announcements in force then." in now
    assert organizer.text(f"/organizer/timeline?at={posted - 1}").count("data-sheet=") == 0
