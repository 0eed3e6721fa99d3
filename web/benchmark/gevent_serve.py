"""``coordinator serve`` in gevent mode, for the benchmark only.

    python web/benchmark/gevent_serve.py --host 127.0.0.1 --port 5000

The benchmark starts its servers with this module instead of ``coordinator serve``
when ``COORDINATOR_BENCH_ASYNC_MODE`` is ``gevent`` (gevent's WSGI server with
gevent-websocket) or ``gevent-simple`` (gevent's WSGI server, WebSockets through
simple-websocket's gevent path). The default server is not changed: this module
monkey-patches the standard library first (before anything else is imported, as
gevent requires), then builds the same app with ``create_app`` and only swaps the
Socket.IO async mode from ``threading`` to ``gevent``. Everything else (the follower
thread, PostgreSQL's NOTIFY listener, the connection pools) runs as it is, on
greenlets instead of threads. See docs/deployment.md, "Async mode".

It is run by its path, not with ``python -m``: ``-m`` would import the ``web``
package (Flask, ssl, redis, ...) before the patching, which gevent warns against.
"""

from gevent import monkey

monkey.patch_all()

# Imports after the monkey patching, on purpose.
import argparse  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
# Run by path, sys.path[0] is this folder, whose profile.py would hide the standard
# library's: put the project root there instead.
sys.path[0] = str(ROOT)

MODES = ("gevent", "gevent-simple")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="gevent_serve.py")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5000)
    parser.add_argument("--websocket", choices=("gevent-websocket", "simple-websocket"),
                        default=None, help="default: from COORDINATOR_BENCH_ASYNC_MODE")
    args = parser.parse_args(argv)
    websocket = args.websocket or (
        "simple-websocket" if os.environ.get("COORDINATOR_BENCH_ASYNC_MODE") == "gevent-simple"
        else "gevent-websocket")
    if websocket == "simple-websocket":
        # Hide gevent-websocket: python-engineio and Flask-SocketIO then take
        # simple-websocket's gevent path (their documented fallback).
        sys.modules["geventwebsocket"] = None  # type: ignore[assignment]

    from web.extensions import socketio

    init_app = socketio.init_app

    def gevent_init_app(app: Any, **kwargs: Any) -> None:
        kwargs["async_mode"] = "gevent"
        init_app(app, **kwargs)

    socketio.init_app = gevent_init_app  # type: ignore[method-assign]

    from web import create_app

    flask_app = create_app()
    assert socketio.server is not None and socketio.server.eio.async_mode == "gevent"
    print(f"Coordinator (gevent, {websocket}) is running at http://{args.host}:{args.port}/",
          flush=True)
    socketio.run(flask_app, host=args.host, port=args.port, use_reloader=False,
                 log_output=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
