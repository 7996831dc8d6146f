"""The sync's phases on a terminal and in the log."""

from __future__ import annotations

import io
import logging

import pytest
from rich.console import Console

from cpdsync.render.progress import LogPhases, TerminalPhases, counts_words


def test_the_terminal_shows_each_phase_with_what_it_counted_and_its_moodle_calls() -> None:
    out = io.StringIO()
    calls = iter(range(0, 100, 3))
    with TerminalPhases(Console(file=out, force_terminal=True, width=100)) as shown:
        shown.started("catalogue", lambda: next(calls))
        shown.finished("catalogue", {"workers": 40, "courses": 30}, 0.2)
        shown.started("completions", lambda: 0)
        shown.failed("completions", 0.1)
    text = out.getvalue()
    assert "catalogue: 40 workers, 30 courses" in text
    assert "Moodle calls" in text and "completions: stopped" in text


def test_off_a_terminal_each_phase_is_one_log_line_with_counts_calls_and_time(
    caplog: pytest.LogCaptureFixture,
) -> None:
    made = [5]
    phases = LogPhases()
    with caplog.at_level(logging.INFO, logger="cpdsync.progress"):
        phases.started("completions", lambda: made[0])
        made[0] = 12
        phases.finished("completions", {"read": 351, "new": 20}, 1.25)
    (record,) = caplog.records
    assert record.getMessage() == "completions: 351 read, 20 new; 7 Moodle calls in 1.2 s"
    assert counts_words({}) == "nothing"
