"""Live boards over Socket.IO, namespace ``/boards`` (see docs/boards.md).

A screen sends ``subscribe`` and gets a ``board_snapshot``; from then on every
change to that board arrives as a ``board_patch`` to the board's room. The
follower (projections/engine/follower.py) folds new events as soon as a command is
saved in this process (and polls as a safety net, for writes from other processes);
``publish`` here sends each change to this process's screens.
"""

from __future__ import annotations

from typing import Any

from eventsourcing.persistence import PersistenceError
from flask import request
from flask_socketio import Namespace, emit, join_room, leave_room

from coordinator.errors import NotFound
from web.board_limits import SUBSCRIPTIONS, Allowances
from web.extensions import socketio
from web.services import services

NAMESPACE = "/boards"


def publish(board: str, position: int, previous: int, patch: dict[str, Any]) -> None:
    """Send a patch to this process's own screens of the board.

    Every server process follows the log and folds it for its own clients, so the
    patch skips the message queue: through it, each screen would get one copy from
    every process. (docs/deployment.md: who folds and who publishes.)
    """
    payload = {"board": board, "position": position, "previous": previous, **patch}
    socketio.emit("board_patch", payload, to=board, namespace=NAMESPACE, ignore_queue=True)


class BoardsNamespace(Namespace):
    """Screens' subscriptions, within each connection's allowance (web/board_limits.py)."""

    def __init__(self, namespace: str) -> None:
        super().__init__(namespace)
        self.allowances = Allowances()

    def trigger_event(self, event: str, *args: Any) -> Any:
        sid = args[0] if args else None
        if event == "disconnect" and isinstance(sid, str):
            self.allowances.forget(sid)
        elif event != "connect" and isinstance(sid, str) and not self.allowances.of(sid).take():
            # Every event counts, unknown ones too: refused before any work is done.
            self._drop(sid)
            return None
        return super().trigger_event(event, *args)

    def _drop(self, sid: str) -> None:
        socketio.emit("board_error", {
            "code": "rate_limited",
            "message": "Too many messages in a short time; this connection is closed.",
        }, to=sid, namespace=NAMESPACE, ignore_queue=True)
        server = socketio.server
        transport = server.manager.eio_sid_from_sid(sid, NAMESPACE)
        server.disconnect(sid, namespace=NAMESPACE, ignore_queue=True)
        if transport is not None:
            server.eio.disconnect(transport)  # the whole connection, not just /boards

    def on_subscribe(self, data: Any) -> None:
        board = data.get("board") if isinstance(data, dict) else None
        if not isinstance(board, str) or len(board) > 100:
            emit("board_error", {"code": "invalid_input", "message": "Send {'board': NAME}."})
            return
        allowance = self.allowances.of(request.sid)  # type: ignore[attr-defined]
        if not allowance.may_follow(board):
            emit("board_error", {"board": board, "code": "too_many_boards", "message":
                                 f"One connection follows {SUBSCRIPTIONS} boards at most; "
                                 "unsubscribe from one first."})
            return
        boards = services().boards
        try:
            boards.last_known(board)
        except NotFound as error:
            emit("board_error", {"board": board, "code": error.code, "message": error.message})
            return
        allowance.boards.add(board)
        join_room(board, sid=request.sid)  # type: ignore[attr-defined]
        # Patches published after the join and before this snapshot are older than it:
        # clients drop patches at or below the snapshot's position.
        try:
            if not services().follower.listener.reachable:
                raise PersistenceError("the database is away")
            position, snapshot = boards.board(board)
        except PersistenceError:
            # The database is away: the last state folded, which the follower will bring
            # up to date with patches once it is back.
            position, snapshot = boards.last_known(board)
        emit("board_snapshot", {"board": board, "position": position, "data": snapshot})

    def on_unsubscribe(self, data: Any) -> None:
        board = data.get("board") if isinstance(data, dict) else None
        if isinstance(board, str):
            self.allowances.of(request.sid).boards.discard(board)  # type: ignore[attr-defined]
            leave_room(board, sid=request.sid)  # type: ignore[attr-defined]
