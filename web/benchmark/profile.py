"""Profiles of the two hottest paths, as quoted in docs/performance.md.

    python -m web.benchmark.profile [--events 100000] [--top 15] [--only rebuild]
                                    [--log sqlite:///PATH]

1. a claim (``Coordinator.sign_up``), every claim of the storm in one thread;
2. a rebuild (``ProjectionRunner.rebuild``) of a generated log, or of the log at
   ``--log`` (one generated before, say by ``web.benchmark.replay.generate``).

Both under cProfile, sorted by the time spent in each function itself. cProfile
slows Python code more than C code, so read the shares, not the totals; the
server's own profile under load comes from py-spy (see the doc). A rebuild's
checkpoints are encoded and written by a process of its own, which this leaves out.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import pstats
import tempfile
from dataclasses import replace
from pathlib import Path
from uuid import UUID

from coordinator.application import Coordinator
from coordinator.errors import DomainError
from projections.engine.runner import ProjectionRunner
from web.benchmark.claims import claim_plan
from web.benchmark.conference import generate
from web.benchmark.eventlog import generate_log
from web.benchmark.sizes import FULL


def _top(profile: cProfile.Profile, top: int) -> str:
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out)
    stats.sort_stats("tottime").print_stats(top)
    lines = out.getvalue().splitlines()
    keep = [line.replace(str(Path.cwd()) + "/", "") for line in lines
            if line.strip() and not line.startswith(("   Ordered", "   List reduced"))]
    return "\n".join(keep)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--only", choices=("claims", "rebuild"))
    parser.add_argument("--log", help="rebuild this store's log instead of a generated one")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="coordinator-profile-"))
    if args.only != "rebuild":
        _claims(folder, args.top)
    if args.only != "claims":
        _rebuild(args.log or f"sqlite:///{folder}/log.db", None if args.log else args.events,
                 args.top)


def _claims(folder: Path, top: int) -> None:
    with Coordinator(f"sqlite:///{folder}/claims.db") as app:
        layout = generate(app, FULL)
        attempts = claim_plan(layout, FULL)
        profile = cProfile.Profile()
        profile.enable()
        for person_hex, shift_hex in attempts:
            with contextlib.suppress(DomainError):
                app.sign_up(UUID(hex=shift_hex), UUID(hex=person_hex))
        profile.disable()
    print(f"## {len(attempts)} claims, one thread\n")
    print(_top(profile, top))


def _rebuild(database_url: str, events: int | None, top: int) -> None:
    """``events`` generated first, or the log already there."""
    with Coordinator(database_url) as app:
        if events is not None:
            generate_log(app, replace(FULL, replay_events=events), events)
        runner = ProjectionRunner(app)
        profile = cProfile.Profile()
        profile.enable()
        folded = runner.rebuild()
        profile.disable()
    print(f"\n## rebuild of {folded:,} events\n")
    print(_top(profile, top))


if __name__ == "__main__":
    main()
