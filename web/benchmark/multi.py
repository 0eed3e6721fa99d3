"""The multi-process run: 2 and 4 ``coordinator serve`` processes on PostgreSQL and Redis.

The set-up of docs/deployment.md ("Several processes"), on this machine: for each
number of processes, a scratch PostgreSQL database (created here, dropped at the
end) with the same generated conference as the single-process run, and N servers
sharing it and one Redis (``COORDINATOR_MESSAGE_QUEUE``: Flask-SocketIO's queue
and the rate-limit counters). Then:

1. the HTTP claim storm of the single-process run, every client thread sending its
   claims to the processes in turn (round robin), and the same invariant checks;
2. fan-out: the clients spread over the processes as a proxy with sticky sessions
   would spread them (``fanout.sticky``), the commands sent to the processes in
   turn; latency from a command's answer on one process to the patch on the clients
   of every process (split into clients of the process that answered and the others,
   whose process heard of the command through PostgreSQL's NOTIFY).

PostgreSQL and Redis come from ``COORDINATOR_BENCH_POSTGRES_URL`` (a database the
bench connects to for ``CREATE DATABASE``; default the local server) and
``COORDINATOR_BENCH_REDIS_URL`` (default the local server). Set either to ``off`` to
skip the run; when either is not reachable the run is skipped with a note, and its
keys are absent (``multi_available`` is 0).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from web.benchmark.sizes import Sizes

POSTGRES_ENV = "COORDINATOR_BENCH_POSTGRES_URL"
REDIS_ENV = "COORDINATOR_BENCH_REDIS_URL"
DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
OFF = frozenset({"off", "no", "none", "skip", "0"})


def service_urls() -> tuple[str, str]:
    """PostgreSQL's and Redis's URLs from the environment (or the local defaults)."""
    postgres = os.environ.get(POSTGRES_ENV, "").strip() or DEFAULT_POSTGRES_URL
    redis_url = os.environ.get(REDIS_ENV, "").strip() or DEFAULT_REDIS_URL
    return postgres, redis_url


def _safe(url: str) -> str:
    """The URL without its password, for printing."""
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return parts._replace(netloc=netloc).geturl()
    return url


def unavailable(postgres_url: str, redis_url: str) -> str | None:
    """Why the multi-process run cannot run here, or None when it can."""
    if postgres_url.lower() in OFF or redis_url.lower() in OFF:
        return f"turned off ({POSTGRES_ENV} or {REDIS_ENV} is 'off')"
    import psycopg
    import redis

    try:
        with psycopg.connect(postgres_url, connect_timeout=3) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error)
        return f"PostgreSQL at {_safe(postgres_url)} is not reachable ({first}); " \
               f"set {POSTGRES_ENV}"
    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=3, socket_timeout=3).ping()
    except (redis.RedisError, OSError) as error:
        return f"Redis at {_safe(redis_url)} is not reachable ({error}); set {REDIS_ENV}"
    return None


@contextmanager
def scratch_database(admin_url: str) -> Iterator[str]:
    """A new, empty PostgreSQL database on the server of ``admin_url``; dropped after."""
    import psycopg
    from psycopg import sql

    name = f"coordinator_bench_{os.getpid()}_{secrets.token_hex(4)}"
    with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield urlsplit(admin_url)._replace(path=f"/{name}", query="").geturl()
    finally:
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)))


def run_processes(processes: int, sizes: Sizes, folder: Path, postgres_url: str,
                  redis_url: str) -> dict[str, Any]:
    """The claim storm and fan-out against ``processes`` servers; keys ``multi_N_*``."""
    from coordinator.application import Coordinator
    from web.benchmark import conference, fanout, http_storm
    from web.benchmark.server import Server, postgres_cpu_seconds

    p = f"multi_{processes}_"
    results: dict[str, Any] = {}
    with scratch_database(postgres_url) as url:
        with Coordinator(url) as app:
            layout = conference.generate(app, sizes)
        env = {"COORDINATOR_MESSAGE_QUEUE": redis_url}
        servers: list[Server] = []
        peaks: list[float] = []
        try:
            for _ in range(processes):
                servers.append(Server(url, folder, env=env).start())
            urls = [s.url for s in servers]

            def cpu() -> float:
                return sum(s.cpu_seconds() for s in servers)

            def rss() -> float:
                return max(s.rss_mb() for s in servers)

            found = http_storm.measured_storm(
                urls, url, layout, sizes, {"server": cpu, "postgres": postgres_cpu_seconds})
            results.update({f"{p}http_{k}": v for k, v in found.items()})
            commands = fanout.Commands(urls, layout.people[:50], layout.slots)
            try:
                row = fanout.fanout(urls, sizes.multi_fanout_clients, sizes.fanout_workers,
                                    commands, sizes.fanout_commands, sizes.fanout_rate,
                                    rss, cpu)
            finally:
                commands.close()
            results.update({f"{p}fanout_{k}": v for k, v in row.items()
                            if k not in ("workers", "rate_per_s", "servers")})
        finally:
            peaks = [s.stop() for s in servers]
    results[f"{p}peak_rss_mb_server"] = max(peaks, default=0.0)
    return results


def run(sizes: Sizes, folder: Path, progress: Callable[[float], None] | None = None,
        postgres_url: str | None = None, redis_url: str | None = None,
        ) -> tuple[dict[str, Any], str | None]:
    """Every multi-process run of ``sizes.multi_processes``; the results and, when the
    run was skipped, why."""
    found_postgres, found_redis = service_urls()
    postgres_url = postgres_url or found_postgres
    redis_url = redis_url or found_redis
    reason = unavailable(postgres_url, redis_url)
    if reason is not None or not sizes.multi_processes:
        return {"multi_available": 0}, reason or "no process counts in the sizes"
    import psycopg

    results: dict[str, Any] = {"multi_available": 1}
    try:
        for i, processes in enumerate(sizes.multi_processes):
            results.update(run_processes(processes, sizes, folder, postgres_url, redis_url))
            if progress:
                progress((i + 1) / len(sizes.multi_processes))
    except psycopg.Error as error:
        # E.g. no right to create a database: the single-process numbers still stand.
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error)
        return {"multi_available": 0}, f"PostgreSQL refused ({first})"
    results["multi_fanout_clients"] = sizes.multi_fanout_clients
    return results, None
