"""A real small filesystem (a tmpfs mount) for the full-disk tests, and a filler file
that takes all of it but a little.

Mounting needs root (CI runs as root). Where the mount is refused the test fails on CI
and is skipped elsewhere (``tests/support/availability.py``); docs/deployment.md ("A full
disk") has the same test by hand. The mount is always undone, even when the test fails.
"""

from __future__ import annotations

import errno
import os
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.support.availability import unavailable

CHUNK = 64 * 1024
UNMOUNT_TRIES = 20  # a process just killed may hold a file open for a moment


class SmallDisk:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.filler = path / "filler"

    def free_bytes(self) -> int:
        found = os.statvfs(self.path)
        return found.f_bavail * found.f_frsize

    def fill(self, leave: int) -> None:
        """Grow the filler until at most ``leave`` bytes are free (or none at all)."""
        with open(self.filler, "ab") as out:
            while (free := self.free_bytes()) > leave:
                try:
                    out.write(b"\0" * min(CHUNK, free - leave))
                    out.flush()
                except OSError as error:
                    if error.errno != errno.ENOSPC:
                        raise
                    return

    def empty(self) -> None:
        """Remove the filler: the space is there again."""
        self.filler.unlink(missing_ok=True)


@contextmanager
def small_disk(path: Path, megabytes: int, owner: tuple[int, int] | None = None
               ) -> Iterator[SmallDisk]:
    """A tmpfs of ``megabytes`` at ``path`` (made if need be), owned by ``owner`` (uid,
    gid) when given; unmounted afterwards whatever happens."""
    path.mkdir(parents=True, exist_ok=True)
    options = f"size={megabytes}m,mode=0700"
    if owner is not None:
        options += f",uid={owner[0]},gid={owner[1]}"
    if os.geteuid() != 0:
        unavailable("The full-disk tests mount a small tmpfs, which needs root.")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        unavailable(f"Cannot mount a tmpfs for the full-disk tests: {mounted.stderr.strip()}")
    try:
        yield SmallDisk(path)
    finally:
        _unmount(path)


def _unmount(path: Path) -> None:
    for _ in range(UNMOUNT_TRIES):
        if subprocess.run(["umount", str(path)], capture_output=True).returncode == 0:
            return
        time.sleep(0.25)
    # Still busy (a process the test could not stop): detach it now, freed when let go.
    subprocess.run(["umount", "--lazy", str(path)], check=True)
