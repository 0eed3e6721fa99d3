"""The naive reference server: the sign-up endpoints as anyone would first write them.

    python -m web.benchmark.naive --port PORT --database PATH

Flask on Werkzeug's threaded server, plain ``sqlite3`` in WAL mode with
``synchronous=FULL`` (as the store runs), one connection behind one process-wide lock,
check-then-insert, one commit per claim. No events, no projections, no live boards, no
idempotency, no rate limits: what the benchmark's sign-up rush costs without any of it.

The endpoints are the contract's, so the same client drives both servers:
``POST /api/v1/people``, ``POST /api/v1/shifts`` (admin token),
``POST /api/v1/shifts/ID/signups`` (person token) and ``GET /api/v1/shifts``. Person
tokens are the Coordinator's (``TokenSigner`` on ``COORDINATOR_SECRET_KEY``).
"""

from __future__ import annotations

import argparse
import logging
import os
import sqlite3
import sys
import threading
from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

from flask import Flask, request
from flask.typing import ResponseReturnValue

from coordinator.core.tokens import TokenSigner, same_secret

SCHEMA = """
CREATE TABLE IF NOT EXISTS people (id TEXT PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS shifts (
    id TEXT PRIMARY KEY, role TEXT NOT NULL, location TEXT NOT NULL,
    starts_at TEXT NOT NULL, ends_at TEXT NOT NULL, capacity INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS signups (
    shift_id TEXT NOT NULL, person_id TEXT NOT NULL, PRIMARY KEY (shift_id, person_id));
CREATE INDEX IF NOT EXISTS signups_by_person ON signups (person_id);
"""


def error(status: int, code: str, message: str) -> ResponseReturnValue:
    return {"error": {"code": code, "message": message}}, status


def utc_text(value: Any) -> str:
    """An ISO-8601 time with an offset, as UTC text that sorts as the times do."""
    moment = datetime.fromisoformat(str(value))
    if moment.tzinfo is None:
        raise ValueError("a time needs an offset")
    return moment.astimezone(UTC).isoformat()


def shift_fields(body: Any) -> tuple[str, str, str, str, int] | None:
    """A new shift's role, location, start, end and capacity; None if any is wrong."""
    if not isinstance(body, dict):
        return None
    role, location, capacity = body.get("role"), body.get("location"), body.get("capacity")
    try:
        starts, ends = utc_text(body.get("starts_at")), utc_text(body.get("ends_at"))
    except ValueError:
        return None
    if (not isinstance(role, str) or not isinstance(location, str) or type(capacity) is not int
            or not 1 <= capacity <= 10_000 or starts >= ends):
        return None
    return role, location, starts, ends, capacity


def create_app(database: str, admin_token: str, secret_key: str) -> Flask:
    app = Flask(__name__)
    signer = TokenSigner(secret_key)
    db = sqlite3.connect(database, check_same_thread=False, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.executescript(SCHEMA)
    lock = threading.Lock()  # one writer and reader at a time, for the whole process

    def bearer() -> str:
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        return token.strip() if scheme.lower() == "bearer" else ""

    @app.post("/api/v1/people")
    def register() -> ResponseReturnValue:
        body = request.get_json(silent=True)
        name = body.get("name") if isinstance(body, dict) else None
        if not isinstance(name, str) or not name.strip() or len(name) > 100:
            return error(400, "invalid_input", "name: 1 to 100 characters")
        person = uuid4()
        with lock:
            cursor = db.execute("INSERT INTO people VALUES (?, ?)", (person.hex, name))
        return {"id": person.hex, "token": signer.token_for(person), "name": name,
                "position": cursor.lastrowid}, 201

    @app.post("/api/v1/shifts")
    def add_shift() -> ResponseReturnValue:
        if not same_secret(bearer(), admin_token):
            return error(401, "unauthorized", "organizers only")
        fields = shift_fields(request.get_json(silent=True))
        if fields is None:
            return error(400, "invalid_input", "role, location, starts_at < ends_at, "
                                               "capacity 1 to 10000")
        shift = uuid4().hex
        with lock:
            cursor = db.execute("INSERT INTO shifts VALUES (?, ?, ?, ?, ?, ?)",
                                (shift, *fields))
        return {"id": shift, "position": cursor.lastrowid}, 201

    @app.post("/api/v1/shifts/<shift>/signups")
    def sign_up(shift: str) -> ResponseReturnValue:
        person = signer.person_id(bearer())
        if person is None:
            return error(401, "unauthorized", "a person's token, please")
        with lock:
            found = db.execute("SELECT starts_at, ends_at, capacity FROM shifts WHERE id = ?",
                               (shift,)).fetchone()
            if found is None:
                return error(404, "not_found", "no such shift")
            starts, ends, capacity = found
            if db.execute("SELECT 1 FROM signups WHERE shift_id = ? AND person_id = ?",
                          (shift, person.hex)).fetchone():
                return error(409, "already_signed_up", "signed up already")
            taken = db.execute("SELECT COUNT(*) FROM signups WHERE shift_id = ?",
                               (shift,)).fetchone()[0]
            if taken >= capacity:
                return error(409, "shift_full", "the shift is full")
            if db.execute("SELECT 1 FROM signups JOIN shifts ON shifts.id = shift_id "
                          "WHERE person_id = ? AND starts_at < ? AND ends_at > ?",
                          (person.hex, ends, starts)).fetchone():
                return error(409, "overlapping_shift", "on another shift at that time")
            # Autocommit: the insert is its own transaction, one commit (and fsync).
            cursor = db.execute("INSERT INTO signups VALUES (?, ?)", (shift, person.hex))
        return {"position": cursor.lastrowid}, 201

    @app.get("/api/v1/shifts")
    def shifts() -> ResponseReturnValue:
        with lock:
            rows = db.execute(
                "SELECT id, role, location, starts_at, ends_at, capacity, "
                "(SELECT COUNT(*) FROM signups WHERE shift_id = shifts.id) "
                "FROM shifts ORDER BY starts_at, id").fetchall()
        keys = ("id", "role", "location", "starts_at", "ends_at", "capacity", "taken")
        return {"shifts": [dict(zip(keys, row, strict=True)) for row in rows]}

    @app.get("/healthz")
    def healthz() -> ResponseReturnValue:
        return {"status": "ok"}

    return app


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m web.benchmark.naive")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--database", required=True, help="the SQLite file")
    args = parser.parse_args(argv)
    app = create_app(args.database, os.environ["COORDINATOR_ADMIN_TOKEN"],
                     os.environ["COORDINATOR_SECRET_KEY"])
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # as coordinator serve does
    app.run(host=args.host, port=args.port, threaded=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
