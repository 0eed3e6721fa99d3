"""The ``coordinator`` console script: monkey-patch for gevent first, then the CLI.

``coordinator serve`` runs Socket.IO in gevent mode (docs/deployment.md, "Async
mode"), and gevent must patch the standard library before Flask, ssl, redis or
psycopg are imported: this module imports nothing else until it has decided. The
other commands (and ``serve --async-mode threading``) run on plain threads.

    python -m web.main serve --port 5000
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

MODE_FLAG = "--async-mode"
ASYNC_MODES = ("gevent", "threading")
DEFAULT_MODE = "gevent"


def async_mode(argv: Sequence[str]) -> str | None:
    """The async mode ``argv`` asks for: None unless it runs ``serve``.

    The CLI parses the same flag again and rejects a value it does not know.
    """
    if not argv or argv[0] != "serve":
        return None
    mode = DEFAULT_MODE
    for index, arg in enumerate(argv):
        if arg == MODE_FLAG and index + 1 < len(argv):
            mode = argv[index + 1]
        elif arg.startswith(MODE_FLAG + "="):
            mode = arg.partition("=")[2]
    return mode


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if async_mode(arguments) == "gevent":
        from gevent import monkey

        monkey.patch_all()
    from web.cli import main as cli_main

    return cli_main(arguments)


if __name__ == "__main__":
    sys.exit(main())
