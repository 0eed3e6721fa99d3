"""The fuzz run's numbers at the end of the session (docs/testing.md records them)."""

from __future__ import annotations

from _pytest.terminal import TerminalReporter

from tests.fuzz.world import EXAMPLES, JUDGED


def pytest_terminal_summary(terminalreporter: TerminalReporter) -> None:
    if JUDGED[0]:
        terminalreporter.write_line(
            f"fuzz: {JUDGED[0]} responses judged ({EXAMPLES} examples per test)")
