"""Sign-up sheets and announcements in the history browser: their events in words,
their own pages, the filters, and links from the sentences."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, timedelta
from uuid import UUID

from tests.web.organizer_support import Browser, browser, organizer  # noqa: F401

EVENING = datetime(2030, 5, 15, 19, 0, tzinfo=UTC)


def sentences(page: str) -> list[str]:
    found = re.findall(r'<span class="words">(.*?)</span>', page, re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", s)).strip() for s in found]


def evening(b: Browser) -> dict[str, UUID]:
    app = b.app
    app.change_settings({"time_zone": "UTC"})
    ana = UUID(app.register_person("Ana").result["id"])
    ben = UUID(app.register_person("Ben").result["id"])
    talks = UUID(app.post_sheet("lightning_talks", "Friday talks", EVENING, "Main hall",
                                capacity=8).result["id"])
    app.add_entry(talks, ana, title="Ten years of <script>")
    app.add_entry(talks, ben, title="Parsers")
    app.reorder_talks(talks, [ben, ana])
    app.mark_talk(talks, ben, "given")
    dinner = UUID(app.post_sheet("dinner", "Dumplings", EVENING + timedelta(hours=1),
                                 "Old town", capacity=4, meeting_point="Front door",
                                 owner_id=ana).result["id"])
    app.add_entry(dinner, ben)
    app.remove_entry(dinner, ben)
    app.change_sheet(dinner, {"title": "Noodles"}, person_id=ana)
    app.close_sheet(dinner, person_id=ana)
    app.cancel_sheet(dinner, "Rain", person_id=ana)
    news = UUID(app.post_announcement("Coffee in the lobby",
                                      datetime.now(UTC) + timedelta(hours=2)).result["id"])
    app.change_announcement(news, "Coffee and cake in the lobby")
    app.withdraw_announcement(news)
    return {"ana": ana, "ben": ben, "talks": talks, "dinner": dinner, "news": news}


def test_sheet_and_announcement_events_in_words(organizer: Browser) -> None:  # noqa: F811
    evening(organizer)
    page = organizer.text("/organizer/history")
    words = sentences(page)
    assert "An organizer posted Lightning talks 'Friday talks' at Main hall, Wed 19:00 " \
        "for 8" in words
    assert "Ana put their name on Lightning talks 'Friday talks': 'Ten years of <script>'" \
        in words
    assert "The speaking order of Lightning talks 'Friday talks' changed: 1. Ben, 2. Ana" \
        in words
    assert "Ben's talk on Lightning talks 'Friday talks' was marked given" in words
    assert "Ana posted Dinner group 'Dumplings' at Old town, Wed 20:00 for 4" in words
    assert "Ben took their name off Dinner group 'Dumplings'" in words
    assert "Dinner group 'Dumplings' changed: title 'Noodles'" in words
    assert "Dinner group 'Noodles' closed to new names" in words
    assert "Dinner group 'Noodles' cancelled: 'Rain'" in words
    assert "Announcement 'Coffee in the lobby' now reads 'Coffee and cake in the lobby'" \
        in " ".join(words)
    assert "Announcement 'Coffee and cake in the lobby' withdrawn" in words
    # What a person typed is text on the page, never markup.
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_a_sheet_and_an_announcement_have_their_own_pages(organizer: Browser) -> None:  # noqa: F811
    ids = evening(organizer)
    dinner = organizer.text(f"/organizer/history/sheet/{ids['dinner'].hex}")
    words = sentences(dinner)
    assert words[-1] == "Ana posted Dinner group 'Dumplings' at Old town, Wed 20:00 for 4"
    assert all("Dinner group" in w for w in words)
    assert not any("Friday talks" in w for w in words)
    news = organizer.text(f"/organizer/history/announcement/{ids['news'].hex}")
    assert len(sentences(news)) == 3
    assert organizer.get(f"/organizer/history/sheet/{'1' * 32}").status_code == 404
    # The organizer's sheet and announcement pages link to these pages.
    assert f'/organizer/history/sheet/{ids["talks"].hex}"' in organizer.text(
        "/organizer/sheets")
    linked = organizer.text("/organizer/history")
    assert f'href="/organizer/history/sheet/{ids["talks"].hex}"' in linked
    assert f'href="/organizer/history/announcement/{ids["news"].hex}"' in linked


def test_filter_by_sheet_and_by_announcement(organizer: Browser) -> None:  # noqa: F811
    ids = evening(organizer)
    talks = sentences(organizer.text(f"/organizer/history?sheet={ids['talks'].hex}"))
    assert len(talks) == 5 and all("Friday talks" in w for w in talks)
    page = organizer.text("/organizer/history")
    assert f'<option value="{ids["dinner"].hex}"' in page
    news = sentences(organizer.text(f"/organizer/history?announcement={ids['news'].hex}"))
    assert len(news) == 3
