"""A run in one line (the daemon's log) and its warnings, read from the typed run record."""

from __future__ import annotations

from datetime import UTC, datetime

from cpdsync.records.run_log import RunCounts, RunRecord, RunWarning
from cpdsync.records.write_counts import Counts, EntryCounts
from cpdsync.render.run_summary import counts_phrase, one_line, shown_counts, warning_line

STARTED = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def _run(counts: RunCounts, warnings: tuple[RunWarning, ...] = ()) -> RunRecord:
    return RunRecord(7, "https://m.example", STARTED, STARTED, "ok", "plugin", counts, {}, warnings)


def test_one_line_shows_each_kind_written_in_the_runs_order_and_the_warning_codes() -> None:
    counts = RunCounts(
        catalogue="held",
        workers=Counts(unchanged=40),
        completions=Counts(new=2, changed=1),
        resets=0,
        cpd_entries=EntryCounts(new=2, unmapped=3),
    )
    warnings = (RunWarning("userunreadable", "x", userid=3), RunWarning("nocriteriaset", "y"))
    assert one_line(_run(counts, warnings)) == (
        "sync ok: catalogue held, workers +0/~0, completions +2/~1, cpd_entries +2/~0; "
        "2 warning(s) (nocriteriaset, userunreadable)"
    )
    assert one_line(_run(RunCounts())) == "sync ok: nothing read"
    assert [kind for kind, _ in shown_counts(counts)] == [
        "catalogue",
        "workers",
        "completions",
        "resets",
        "cpd_entries",
    ]


def test_counts_phrase_names_new_changed_unchanged_and_any_other_count_not_zero() -> None:
    assert counts_phrase(EntryCounts(new=1, unchanged=5, unmapped=2)) == (
        "1 new, 0 changed, 5 unchanged, 2 unmapped"
    )
    assert counts_phrase(0) == "0"
    assert counts_phrase("refreshed") == "refreshed"


def test_a_warning_line_says_where() -> None:
    warning = RunWarning("nocriteriaset", "no criteria", "core_completion_x", 3, 7)
    assert warning_line(warning) == (
        "nocriteriaset: no criteria (core_completion_x, user 3, course 7)"
    )
    assert warning_line(RunWarning("tags_unavailable", "no tags")) == "tags_unavailable: no tags"
