"""The asset version: a hash of the files a kiosk page is made of, computed at app start.

A kiosk polls ``GET /kiosk/version`` and reloads itself when the answer differs from
the version its page was served with, so a deploy reaches screens nobody touches.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

WEB = Path(__file__).resolve().parent.parent
FOLDERS = (WEB / "static", WEB / "templates", WEB / "kiosk")
SUFFIXES = {".js", ".css", ".html", ".py", ".svg", ".png", ".ico", ".woff2"}


def asset_version(folders: Iterable[Path] = FOLDERS) -> str:
    """A short hash of the names and contents of the page's files (stable across restarts)."""
    digest = hashlib.sha256()
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if not path.is_file() or path.suffix not in SUFFIXES or "__pycache__" in path.parts:
                continue
            digest.update(str(path.relative_to(folder.parent)).encode())
            digest.update(b"\0")
            digest.update(path.read_bytes())
            digest.update(b"\0")
    return digest.hexdigest()[:16]
