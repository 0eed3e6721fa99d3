"""The HTTP server under ``coordinator serve``, for its async mode, with the limits.

Both servers import their numbers from web/server_limits.py; this module only picks
one, so that neither imports the other.
"""

from __future__ import annotations

from flask import Flask

from web.server_limits import ServerLimits


def serve(flask_app: Flask, host: str, port: int, async_mode: str, limits: ServerLimits,
          verbose: bool) -> None:
    """Serve ``flask_app`` until stopped: gevent's server, or Werkzeug's (threading)."""
    if async_mode == "gevent":
        from web.gevent_server import limited_server

        limited_server(flask_app, host, port, limits, verbose).serve_forever()
        return
    from web.werkzeug_server import serve_threads

    serve_threads(flask_app, host, port, limits, verbose)
