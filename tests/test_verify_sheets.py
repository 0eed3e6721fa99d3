"""`verify` checks the sheet rules on the log itself: a log whose sheet events break
them (written past the commands, as a bad import or a bug would) is reported, with the
event's position; a log the commands wrote is clean."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

from coordinator.application import Coordinator
from projections.verify.check import verify

EVENING = datetime(2030, 5, 15, 19, 0, tzinfo=UTC)


def people(app: Coordinator, *names: str) -> list[UUID]:
    return [UUID(app.register_person(name).result["id"]) for name in names]


def test_a_log_the_commands_wrote_keeps_the_rules(app: Coordinator) -> None:
    ana, ben, cyd = people(app, "Ana", "Ben", "Cyd")
    talks = UUID(app.post_sheet("lightning_talks", "Talks", EVENING, "Hall",
                                capacity=2).result["id"])
    app.add_entry(talks, ana, title="One")
    app.add_entry(talks, ben, title="Two")
    app.reorder_talks(talks, [ben, ana])
    app.mark_talk(talks, ben, "given")
    app.remove_entry(talks, ana)
    app.add_entry(talks, cyd, title="Three")
    dinner = UUID(app.post_sheet("dinner", "Noodles", EVENING, "Town", capacity=3,
                                 owner_id=ana).result["id"])
    app.add_entry(dinner, ben)
    app.close_sheet(dinner, person_id=ana)
    app.cancel_sheet(dinner, "Rain", person_id=ana)
    report = verify(app)
    assert report.ok, [str(d) for d in report.differences]
    assert report.sheet_events == 9
    assert "the sheet rules on 9 sheet events" in report.summary()


def test_breaking_the_sheet_rules_is_reported(app: Coordinator) -> None:
    ana, ben, cyd = people(app, "Ana", "Ben", "Cyd")
    dinner = app.sheet(UUID(app.post_sheet("dinner", "Noodles", EVENING, "Town",
                                           capacity=1, owner_id=ana).result["id"]))
    # The aggregate's private event methods record an event without its checks: the
    # log gets what no command would write.
    dinner._entry_added(ben, "Ben", None)
    dinner._entry_added(cyd, "Cyd", None)  # past the one place
    dinner._entry_added(cyd, "Cyd", None)  # twice
    dinner._reordered([ben.hex])  # leaves Cyd out
    dinner._talk_marked(ana, "given")  # Ana is not on it
    dinner._cancelled("Rain")
    dinner._entry_added(ana, "Ana", None)  # after the cancel
    app.save(dinner)
    last = app.recorder.max_notification_id()
    report = verify(app)
    found = [str(d) for d in report.differences]
    assert not report.ok
    where = f"sheets {dinner.id.hex}"
    assert any(f"sheet rules at {last - 5}: {where}.Sheet.EntryAdded.entries" in d
               for d in found), found
    assert any(f"sheet rules at {last - 4}: {where}.Sheet.EntryAdded.person_id" in d
               for d in found), found
    assert any(f"sheet rules at {last - 3}: {where}.Sheet.Reordered.order" in d
               for d in found), found
    assert any(f"sheet rules at {last - 2}: {where}.Sheet.TalkMarked.person_id" in d
               for d in found), found
    assert any(f"sheet rules at {last}: {where}.Sheet.EntryAdded.state" in d
               and "cancelled" in d for d in found), found
    assert "differences" in report.summary()


def test_announcements_changed_and_withdrawn_verify_clean(app: Coordinator) -> None:
    news = UUID(app.post_announcement("Coffee", EVENING).result["id"])
    app.change_announcement(news, "Coffee and cake", EVENING + timedelta(hours=1))
    app.withdraw_announcement(news)
    report = verify(app)
    assert report.ok and report.events == 3
