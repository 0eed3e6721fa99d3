"""The ``coordinator`` command line.

It lives with the web layer because it is an entry point: ``serve`` starts the
web app, and the other commands only call into ``coordinator`` and ``projections``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from eventsourcing.persistence import PersistenceError
from tqdm import tqdm

from coordinator.application import Coordinator
from coordinator.config import Settings
from coordinator.core.store import StoreURL
from coordinator.errors import DomainError
from web.modes import ASYNC_MODES, DEFAULT_MODE
from web.server_limits import ServerLimits


def _store(settings: Settings) -> Coordinator:
    return Coordinator(settings.database_url)


def serve(args: argparse.Namespace, settings: Settings) -> int:
    if args.workers > 1:
        from web.workers import run_workers

        if args.demo:
            with _store(settings) as app:
                _load_demo_if_empty(app)
        if StoreURL(settings.database_url).is_sqlite:
            print("Several workers on one SQLite file work, but screens on one worker see "
                  "another's changes only within a second; use PostgreSQL for this.",
                  file=sys.stderr, flush=True)
        return run_workers(args.host, args.port, args.workers, args.async_mode,
                           _limit_flags(args))
    from web.serving import serve as serve_app

    def make_app() -> Any:
        """The app, once in the process that serves it (threading mode: gunicorn's
        worker, which loads the demo and prints the address when it starts)."""
        from web.app import create_app
        from web.services import Services

        flask_app = create_app(settings, async_mode=args.async_mode)
        found: Services = flask_app.extensions["coordinator"]
        if args.demo:
            _load_demo_if_empty(found.app)
        url = f"http://{args.host}:{args.port}/"
        print(f"Coordinator is running at {url} ({args.async_mode} mode)", flush=True)
        print(f"Organizer (admin) token: {found.admin_token}", flush=True)
        return flask_app

    serve_app(make_app, args.host, args.port, args.async_mode, _limits(args), args.verbose)
    return 0


def _limits(args: argparse.Namespace) -> ServerLimits:
    return ServerLimits(header_seconds=args.header_timeout, idle_seconds=args.idle_timeout,
                        max_connections=args.max_connections)


def _limit_flags(args: argparse.Namespace) -> list[str]:
    """The limit options again, for each worker of ``--workers``."""
    return ["--header-timeout", str(args.header_timeout), "--idle-timeout",
            str(args.idle_timeout), "--max-connections", str(args.max_connections)]


def _load_demo_if_empty(app: Coordinator) -> None:
    if app.recorder.max_notification_id():
        return
    from coordinator.demo.activity import seed_activity
    from coordinator.setup.file import load_demo

    load_demo(app)
    seed_activity(app)
    print("Loaded the demo conference.", flush=True)


def load(args: argparse.Namespace, settings: Settings) -> int:
    from coordinator.setup.file import load as load_file

    with _store(settings) as app:
        outcome = load_file(app, Path(args.file))
    print(f"Loaded {args.file} (log position {outcome.position}).")
    return 0


class _Progress:
    """A progress bar on stderr fed by ``progress(done, total)`` callbacks."""

    def __init__(self, description: str, unit: str) -> None:
        self.bar = tqdm(desc=description, unit=unit, file=sys.stderr, leave=False)

    def __call__(self, done: int, total: int) -> None:
        if total and self.bar.total != total:
            self.bar.total = total
        self.bar.n = done
        self.bar.refresh()

    def __enter__(self) -> _Progress:
        return self

    def __exit__(self, *_: object) -> None:
        self.bar.close()


def export(args: argparse.Namespace, settings: Settings) -> int:
    from coordinator.event_log import export_events

    with (_store(settings) as app, open(args.file, "w", encoding="utf-8") as out,
          _Progress("export", "position") as progress):
        count = export_events(app, out, progress)
    print(f"Wrote {count} events to {args.file}.")
    return 0


def import_(args: argparse.Namespace, settings: Settings) -> int:
    from coordinator.event_log import import_events

    with open(args.file, encoding="utf-8") as counting:
        total = sum(1 for line in counting if line.strip())
    with (_store(settings) as app, open(args.file, encoding="utf-8") as lines,
          _Progress("import", "event") as progress):
        count = import_events(app, lines, progress, total=total)
    print(f"Imported {count} events from {args.file}.")
    return 0


def rebuild(args: argparse.Namespace, settings: Settings) -> int:
    from projections.engine.runner import ProjectionRunner
    from projections.history.index import HistoryIndex

    with _store(settings) as app:
        with _Progress("rebuild", "event") as progress:
            position = ProjectionRunner(app).rebuild(progress)
        with _Progress("history", "event") as progress:
            HistoryIndex(app).rebuild(progress)
    print(f"Rebuilt every projection up to position {position}.")
    return 0


def verify(args: argparse.Namespace, settings: Settings) -> int:
    """Fold the log again; every checkpoint and the history index must agree with it."""
    from projections.history.index import HistoryIndex
    from projections.verify.check import verify as check

    with _store(settings) as app, _Progress("verify", "event") as progress:
        history = None if args.no_history else HistoryIndex(app)
        report = check(app, progress=progress, history=history)
    for difference in report.differences:
        print(difference)
    print(report.summary())
    return 0 if report.ok else 1


def replay(args: argparse.Namespace, settings: Settings) -> int:
    import json

    from coordinator import validation
    from projections.engine.runner import ProjectionRunner

    as_of = validation.moment(args.as_of, "--as-of") if args.as_of else None
    with _store(settings) as app:
        position, data = ProjectionRunner(app).board_at(args.board, args.at, as_of)
    print(json.dumps({"board": args.board, "position": position, "data": data}, indent=2,
                     ensure_ascii=False))
    return 0


def bench(args: argparse.Namespace, settings: Settings) -> int:
    from web.benchmark import run
    from web.benchmark.report import REQUIRED

    results = run(quick=args.quick, json_path=Path(args.json) if args.json else None,
                  charts_dir=Path(args.charts) if args.charts else None,
                  progress=not args.no_progress)
    broken = {k: v for k, v in results.items() if "_check_" in k and v}
    if broken or any(k not in results for k in REQUIRED):
        print(f"coordinator bench: invariants broken: {broken}", file=sys.stderr)
        return 1
    return 0


def _positive(kind: type[float] | type[int]) -> Any:
    """An argparse type: a number of ``kind`` above zero."""

    def parse(text: str) -> float | int:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
        if value <= 0:
            raise argparse.ArgumentTypeError(f"must be above zero: {text!r}")
        return value

    parse.__name__ = kind.__name__
    return parse


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(
        prog="coordinator",
        description="Event-sourced volunteer and open-space coordinator. The store is "
        "COORDINATOR_DATABASE_URL (default sqlite:///coordinator.db).",
    )
    commands = root.add_subparsers(dest="command", required=True)

    run = commands.add_parser("serve", help="run the web app with Socket.IO")
    run.add_argument("--host", default="127.0.0.1")
    run.add_argument("--port", type=int, default=5000)
    run.add_argument("--demo", action="store_true",
                     help="load the demo conference first if the store is empty")
    run.add_argument("--verbose", action="store_true", help="log every request")
    run.add_argument("--async-mode", choices=ASYNC_MODES, default=DEFAULT_MODE,
                     help="gevent (the default: gevent's server, one greenlet per connection) "
                          "or threading (gunicorn's threaded worker; see "
                          "docs/deployment.md, \"Async mode\")")
    run.add_argument("--workers", type=int, default=1, metavar="N",
                     help="start N server processes on ports PORT, PORT+1, ... "
                          "(share PostgreSQL and Redis; see docs/deployment.md)")
    defaults = ServerLimits()
    run.add_argument("--header-timeout", type=_positive(float), default=defaults.header_seconds,
                     metavar="SECONDS", help="cut off a client whose request line and "
                     "headers take longer (default %(default)s; docs/deployment.md, Limits)")
    run.add_argument("--idle-timeout", type=_positive(float), default=defaults.idle_seconds,
                     metavar="SECONDS", help="close a kept-alive connection idle this long "
                     "(default %(default)s)")
    run.add_argument("--max-connections", type=_positive(int), default=defaults.max_connections,
                     metavar="N", help="connections open at once, WebSockets included; "
                     "more wait to be accepted (default %(default)s)")
    run.set_defaults(handler=serve)

    setup = commands.add_parser("load", help="load a conference set-up file (YAML)")
    setup.add_argument("file")
    setup.set_defaults(handler=load)

    out = commands.add_parser("export", help="write the whole event log as JSON lines")
    out.add_argument("file")
    out.set_defaults(handler=export)

    into = commands.add_parser("import", help="read an event log into an empty store")
    into.add_argument("file")
    into.set_defaults(handler=import_)

    again = commands.add_parser("rebuild", help="rebuild every projection from the event log")
    again.set_defaults(handler=rebuild)

    check = commands.add_parser(
        "verify", help="fold the log again and compare every checkpoint and the history "
        "index with it; exits 1 on a difference")
    check.add_argument("--no-history", action="store_true",
                       help="check the boards' checkpoints only, not the history index")
    check.set_defaults(handler=verify)

    past = commands.add_parser("replay", help="print a board as it was")
    past.add_argument("board", help="open-space, shifts, booths or rooms/ROOM_ID")
    when = past.add_mutually_exclusive_group()
    when.add_argument("--at", type=int, metavar="POSITION",
                      help="after every event at or before this position")
    when.add_argument("--as-of", metavar="ISO-8601", help="as it was at this moment")
    past.set_defaults(handler=replay)

    measure = commands.add_parser(
        "bench", help="run the benchmark (in temporary stores) and print a table")
    measure.add_argument("--quick", action="store_true",
                         help="smaller sizes: done in under two minutes")
    measure.add_argument("--json", metavar="FILE", help="also write the numbers to FILE")
    measure.add_argument("--charts", metavar="FOLDER",
                         help="also draw bench-fanout.png and bench-throughput.png there")
    measure.add_argument("--no-progress", action="store_true", help="no progress bar")
    measure.set_defaults(handler=bench)
    return root


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return int(args.handler(args, Settings.from_env()))
    except DomainError as error:
        print(f"coordinator {args.command}: {error.message}", file=sys.stderr)
        return 2
    except (OSError, ValueError) as error:
        print(f"coordinator {args.command}: {error}", file=sys.stderr)
        return 2
    except PersistenceError as error:  # down, locked, full or read-only
        print(f"coordinator {args.command}: the event store refused: {error}", file=sys.stderr)
        return 2

