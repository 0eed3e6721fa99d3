"""The fuzz run's numbers at the end of the session (docs/testing.md records them)."""

from __future__ import annotations

from typing import Any

import pytest
from _pytest.terminal import TerminalReporter

from tests.fuzz.world import EXAMPLES, JUDGED


def pytest_sessionfinish(session: pytest.Session) -> None:
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:  # a pytest-xdist worker: the controller adds them up
        workeroutput["fuzz_judged"] = JUDGED[0]


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: object) -> None:
    JUDGED[0] += getattr(node, "workeroutput", {}).get("fuzz_judged", 0)


def pytest_terminal_summary(terminalreporter: TerminalReporter) -> None:
    if JUDGED[0]:
        terminalreporter.write_line(
            f"fuzz: {JUDGED[0]} responses judged ({EXAMPLES} examples per test)")
