"""The ``coordinator`` console script: monkey-patch for gevent first, then the CLI.

``coordinator serve`` runs Socket.IO in gevent mode (docs/deployment.md, "Async
mode"), and gevent must patch the standard library before Flask, ssl, redis or
psycopg are imported: this module imports nothing else until it has decided. The
other commands (and ``serve --async-mode threading``) run on plain threads. The
modes are in web/modes.py, which imports nothing either.

    python -m web.main serve --port 5000
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from web.modes import async_mode


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if async_mode(arguments) == "gevent":
        from gevent import monkey

        monkey.patch_all()
    from web.cli import main as cli_main

    return cli_main(arguments)


if __name__ == "__main__":
    sys.exit(main())
