"""Browser tests: a real ``coordinator serve`` in a subprocess, driven by headless Chromium.

Chromium is Debian's (``/usr/bin/chromium``; ``make test`` installs it, and so does this
file on CI), driven by Playwright for Python. socket.io-client comes from ``make assets``
(run here when the copy in web/static/vendor/ is missing). Without either, the browser
tests fail on CI (``CI=true``) and are skipped, with the reason, everywhere else.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.helpers import (
    CHROMIUM,
    CHROMIUM_ARGS,
    PUBLIC_URL,
    ROOT,
    VENDOR_JS,
    VIEWPORT,
    Page,
    Venue,
    seed,
)
from tests.support.availability import on_ci, unavailable
from tests.support.server import ServerProcess


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    if not CHROMIUM.exists() and on_ci() and shutil.which("make"):
        # CI installs what the project needs the way `make test` does.
        subprocess.run(["make", "-s", "chromium"], cwd=ROOT, check=False, timeout=900)
    if not CHROMIUM.exists():
        unavailable("No Chromium at /usr/bin/chromium: run `make test` or "
                     "`apt-get install -y chromium`.")
    return CHROMIUM


@pytest.fixture(scope="session")
def vendor_assets() -> Path:
    if not VENDOR_JS.exists() and shutil.which("npm") and shutil.which("make"):
        subprocess.run(["make", "-s", "assets"], cwd=ROOT, check=False, timeout=300)
    if not VENDOR_JS.exists():
        unavailable(f"{VENDOR_JS.relative_to(ROOT)} is missing: run `make assets`.")
    return VENDOR_JS


@pytest.fixture(scope="session")
def browser(chromium_path: Path, vendor_assets: Path) -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright is not installed: pip install -e '.[test]'.")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(chromium_path),
                                              args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def make_server(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Callable[[], ServerProcess]]:
    """Servers on fresh stores, stopped afterwards."""
    made: list[ServerProcess] = []

    def make() -> ServerProcess:
        folder = tmp_path_factory.mktemp("store")
        server = ServerProcess(f"sqlite:///{folder}/coordinator.db", folder / "serve.log")
        made.append(server)
        return server.start()

    yield make
    for server in made:
        server.stop()


@pytest.fixture(scope="session")
def venue(tmp_path_factory: pytest.TempPathFactory, vendor_assets: Path) -> Iterator[Venue]:
    """One seeded server shared by the tests that do not stop it."""
    folder = tmp_path_factory.mktemp("venue")
    with ServerProcess(f"sqlite:///{folder}/coordinator.db", folder / "serve.log",
                       env={"COORDINATOR_PUBLIC_URL": PUBLIC_URL}) as server:
        yield seed(server)


@pytest.fixture
def page(browser: Any) -> Iterator[Page]:
    context = browser.new_context(viewport=VIEWPORT, device_scale_factor=1)
    wrapped = Page(context.new_page())
    try:
        yield wrapped
    finally:
        context.close()
