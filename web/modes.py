"""The async modes ``coordinator serve`` runs in, shared by every entry point.

The console script (web/main.py), the command line (web/cli.py) and the benchmark
(web/benchmark/) all read them here, so none imports another for them. This module
imports nothing: web/main.py reads it before gevent has patched the standard library.
"""

from __future__ import annotations

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
