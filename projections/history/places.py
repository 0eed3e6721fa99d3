"""Words for booth and open-space events (see ``registry``)."""

from __future__ import annotations

from typing import Any

from projections.history.directory import Directory, Part
from projections.history.registry import Words, quoted

WORDS = Words()
on = WORDS.on

# -- booths ---------------------------------------------------------------------------


def _booth(directory: Directory, ident: str) -> dict[str, Any]:
    data: dict[str, Any] = directory.get("booth", ident)["data"]
    return data


@on("Booth.Opened")
def _opened(ident: str, d: dict[str, Any], directory: Directory) -> list[Part]:
    directory.put("booth", ident, d["name"], location=d["location"], holder=None, offers={})
    return [directory.ref("booth", ident, "a booth"), f" opened at {d['location']}"]


@on("Booth.Staffed")
def _staffed(ident: str, d: dict[str, Any], directory: Directory) -> list[Part]:
    directory.put("booth", ident, directory.get("booth", ident)["label"],
                  holder=d["person_id"], offers={})
    return [directory.ref("person", d["person_id"], "someone"), " took ",
            directory.ref("booth", ident, "a booth")]


@on("Booth.HandoffOffered")
def _offered(ident: str, d: dict[str, Any], directory: Directory) -> list[Part]:
    booth = _booth(directory, ident)
    offers = dict(booth.get("offers") or {}, **{d["handoff_id"]: d["to"]})
    directory.put("booth", ident, directory.get("booth", ident)["label"], offers=offers)
    return [directory.ref("person", booth.get("holder"), "The holder"), " offered ",
            directory.ref("booth", ident, "a booth"), " to ",
            directory.ref("person", d["to"], "someone"), quoted(d.get("note"))]


@on("Booth.HandoffAccepted")
def _accepted(ident: str, d: dict[str, Any], directory: Directory) -> list[Part]:
    holder = _booth(directory, ident).get("holder")
    directory.put("booth", ident, directory.get("booth", ident)["label"],
                  holder=d["person_id"], offers={})
    return [directory.ref("person", d["person_id"], "someone"), " took over ",
            directory.ref("booth", ident, "a booth"), " from ",
            directory.ref("person", holder, "its holder")]


def _settled(verb: str, by_holder: bool) -> Any:
    def describe(ident: str, d: dict[str, Any], directory: Directory) -> list[Part]:
        booth = _booth(directory, ident)
        offers = dict(booth.get("offers") or {})
        to = offers.pop(d["handoff_id"], None)
        directory.put("booth", ident, directory.get("booth", ident)["label"], offers=offers)
        if by_holder:
            return [directory.ref("person", booth.get("holder"), "The holder"), verb,
                    directory.ref("booth", ident, "a booth"), " to ",
                    directory.ref("person", to, "someone")]
        return [directory.ref("person", to, "Someone"), verb,
                directory.ref("booth", ident, "a booth")]
    return describe


on("Booth.HandoffDeclined")(_settled(" declined to take over ", by_holder=False))
on("Booth.HandoffWithdrawn")(_settled(" withdrew the offer of ", by_holder=True))


@on("Booth.Vacated")
def _vacated(ident: str, d: dict[str, Any], directory: Directory) -> list[Part]:
    directory.put("booth", ident, directory.get("booth", ident)["label"], holder=None,
                  offers={})
    return [directory.ref("person", d["person_id"], "someone"), " left ",
            directory.ref("booth", ident, "a booth")]


@on("Booth.Closed")
def _closed(ident: str, _: dict[str, Any], directory: Directory) -> list[Part]:
    directory.put("booth", ident, directory.get("booth", ident)["label"], holder=None,
                  offers={})
    return [directory.ref("booth", ident, "a booth"), " closed"]


@on("Booth.Changed")
def _changed(ident: str, d: dict[str, Any], directory: Directory) -> list[Part]:
    before = directory.ref("booth", ident, "a booth")
    directory.put("booth", ident, d["name"], location=d["location"])
    return [before, f" is now '{d['name']}' at {d['location']}"]


# -- open space -----------------------------------------------------------------------


def _slot(directory: Directory, ident: str) -> dict[str, Any]:
    data: dict[str, Any] = directory.get("slot", ident)["data"]
    return data


def _slot_label(directory: Directory, room_id: str, start: str) -> str:
    room = directory.get("room", room_id)["label"] or "a room"
    return f"{room} at {directory.at(start)}"


def _session(directory: Directory, ident: str, session: dict[str, Any] | None) -> None:
    directory.put("slot", ident, directory.get("slot", ident)["label"], session=session)


def _topic(directory: Directory, ident: str) -> tuple[str, str | None]:
    session = _slot(directory, ident).get("session") or {}
    return str(session.get("topic") or "a session"), session.get("host_id")


@on("OpenSpaceSlot.Opened")
def _slot_opened(ident: str, d: dict[str, Any], directory: Directory) -> list[Part]:
    directory.put("slot", ident, _slot_label(directory, d["room_id"], d["starts_at"]),
                  room_id=d["room_id"], starts_at=d["starts_at"], session=None)
    return ["Open-space slot ", directory.ref("slot", ident, "a slot"), " opened (until ",
            directory.clock(d["ends_at"]), ")"]


@on("OpenSpaceSlot.Claimed")
def _claimed(ident: str, d: dict[str, Any], directory: Directory) -> list[Part]:
    _session(directory, ident, {"topic": d["topic"], "host_id": d["host_id"]})
    return [directory.ref("person", d["host_id"], d.get("host_name") or "someone"),
            " claimed ", directory.ref("slot", ident, "a slot"), quoted(d["topic"])]


@on("OpenSpaceSlot.Released")
def _released(ident: str, d: dict[str, Any], directory: Directory) -> list[Part]:
    topic, host = _topic(directory, ident)
    _session(directory, ident, None)
    if d.get("by_organizer"):
        return ["An organizer cancelled ", directory.ref("person", host, "someone"),
                f"'s session '{topic}' in ", directory.ref("slot", ident, "a slot"),
                quoted(d.get("reason"))]
    return [directory.ref("person", host, "The host"), " released ",
            directory.ref("slot", ident, "a slot"), f" ('{topic}')"]


def _interest(verb: str) -> Any:
    def describe(ident: str, d: dict[str, Any], directory: Directory) -> list[Part]:
        topic, _host = _topic(directory, ident)
        return [directory.ref("person", d["person_id"], "someone"), f"{verb}'{topic}' (",
                directory.ref("slot", ident, "a slot"), ")"]
    return describe


on("OpenSpaceSlot.InterestRegistered")(_interest(" is interested in "))
on("OpenSpaceSlot.InterestWithdrawn")(_interest(" is no longer interested in "))


@on("OpenSpaceSlot.SessionMovedOut")
def _moved_out(ident: str, d: dict[str, Any], directory: Directory) -> list[Part]:
    topic, host = _topic(directory, ident)
    _session(directory, ident, None)
    return [f"'{topic}' by ", directory.ref("person", host, "someone"), " moved from ",
            directory.ref("slot", ident, "a slot"), " to ",
            directory.ref("slot", d["to_slot"], "another slot"), quoted(d.get("reason"))]


@on("OpenSpaceSlot.SessionMovedIn")
def _moved_in(ident: str, d: dict[str, Any], directory: Directory) -> list[Part]:
    session = d.get("session") or {}
    _session(directory, ident, {"topic": session.get("topic"),
                                "host_id": session.get("host_id")})
    return [f"'{session.get('topic') or 'A session'}' arrived in ",
            directory.ref("slot", ident, "a slot"), " from ",
            directory.ref("slot", d["from_slot"], "another slot")]


@on("OpenSpaceSlot.Blocked")
def _blocked(ident: str, d: dict[str, Any], directory: Directory) -> list[Part]:
    return [directory.ref("slot", ident, "a slot"), " blocked" + quoted(d.get("reason"))]


@on("OpenSpaceSlot.Unblocked")
def _unblocked(ident: str, _: dict[str, Any], directory: Directory) -> list[Part]:
    return [directory.ref("slot", ident, "a slot"), " is free again"]


@on("OpenSpaceSlot.Rescheduled")
def _slot_rescheduled(ident: str, d: dict[str, Any], directory: Directory) -> list[Part]:
    before = directory.ref("slot", ident, "a slot")
    room_id = _slot(directory, ident).get("room_id") or ""
    directory.put("slot", ident, _slot_label(directory, room_id, d["starts_at"]),
                  starts_at=d["starts_at"])
    return [before, f" moved to {directory.span(d['starts_at'], d['ends_at'])}"]


@on("OpenSpaceSlot.Cancelled")
def _slot_cancelled(ident: str, d: dict[str, Any], directory: Directory) -> list[Part]:
    return [directory.ref("slot", ident, "a slot"), " cancelled" + quoted(d.get("reason"))]


@on("IdempotencyRecord.Answered")
def _answered(_: str, d: dict[str, Any], directory: Directory) -> list[Part]:
    scope = str(d.get("scope") or "")
    who: Part = directory.ref("person", scope, "someone") if len(scope) == 32 else scope
    return ["A request by ", who, " was remembered, so a retry of it takes effect once"]
