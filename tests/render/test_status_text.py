"""What `cpdsync status`, `completions` and `sync` print, from the records' own types."""

from __future__ import annotations

from datetime import UTC, datetime

from cpdsync.app import health
from cpdsync.app.status import StatusReport
from cpdsync.app.sync import SyncResult
from cpdsync.records.reminder_log import UnconfirmedReminder
from cpdsync.records.run_log import RunCounts, RunRecord, RunWarning
from cpdsync.records.status_reads import CompletionRecord
from cpdsync.records.write_counts import Counts
from cpdsync.render.run_summary import render_run
from cpdsync.render.status_text import render_completions, render_status

T0 = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
T1 = datetime(2026, 11, 22, 9, 0, 12, 500000, tzinfo=UTC)
COUNTS = RunCounts(workers=Counts(new=2, changed=1, unchanged=5), resets=0)
WARNING = RunWarning("user_unreadable", "no access", wsfunction="core_x", userid=7)


def _run(outcome: str, finished: datetime | None, error: str | None = None) -> RunRecord:
    return RunRecord(
        7,
        "https://moodle.example",
        T0,
        finished,
        outcome,
        "batched",
        COUNTS,
        {},
        (WARNING,) if finished else (),
        error,
    )


def test_status_text_leads_with_the_monitor_line_then_problems_reminders_and_each_run() -> None:
    metrics = health.Metrics(100, 30, 20, 1, 30, 2, 1)
    alerts = [
        health.Alert(health.WARNING, "the last run failed: Moodle unreachable"),
        health.Alert(health.CRITICAL, "the last good run was 5 h ago"),
    ]
    report = StatusReport(
        site_url="https://moodle.example",
        interval_s=3600,
        health=health.health_of(alerts, metrics, health.Thresholds(7200, 14400)),
        runs=[_run("failed", T1, "Moodle unreachable"), _run("ok", None)],
        records={"workers": 8, "completions": 30},
        next_due=T0,
        reminders_unconfirmed=[UnconfirmedReminder("jo@x.example", "2025-26", "30d", T0, None)],
    )
    assert render_status(report).splitlines() == [
        "CPDSYNC CRITICAL - the last good run was 5 h ago; the last run failed: Moodle "
        "unreachable | last_good_age=100s;7200;14400;0 completions=30;;;0 cpd_entries=20;;;0 "
        "unmapped=3.3%;50;;0;100 statutory_gap_workers=2;;;0 reminders_unknown=1;;;0",
        "site: https://moodle.example",
        "problems:",
        "  CRITICAL: the last good run was 5 h ago",
        "  WARNING: the last run failed: Moodle unreachable",
        "next run due: 2026-11-22T09:00:00+00:00 (every 3600 s)",
        "records held: workers 8, completions 30",
        "reminders with delivery unknown (cpdsync stopped while sending; not sent again): 1",
        "  jo@x.example [2025-26 30d]",
        "last runs:",
        "  #7 2026-11-22T09:00:00+00:00 failed  12.5 s — workers 2 new, 1 changed, 5 unchanged;"
        " resets 0 — 1 warning(s)",
        "      error: Moodle unreachable",
        "  #7 2026-11-22T09:00:00+00:00 ok      running — workers 2 new, 1 changed, 5 unchanged;"
        " resets 0",
    ]


def test_completions_text_names_where_each_date_came_from_and_any_reset() -> None:
    record = CompletionRecord(
        "https://moodle.example",
        3,
        "jo@x.example",
        5,
        "SAFE-1",
        0,
        "2026-02-03T10:00:00Z",
        "report",
        "2026-02-04T00:00:00Z",
        "2026-02-04T00:00:00Z",
        "2026-03-01T00:00:00Z",
    )
    assert render_completions([record], None) == (
        "2026-02-03T10:00:00Z  user 3 <jo@x.example>  course 5 SAFE-1  "
        "[report, first seen 2026-02-04T00:00:00Z]  RESET observed 2026-03-01T00:00:00Z"
    )
    assert render_completions([], "jo@x.example") == "no completions held for jo@x.example"


def test_a_dry_run_says_nothing_was_written_and_lists_each_warning() -> None:
    report = SyncResult(
        RunRecord(
            None,
            "https://moodle.example",
            T0,
            T1,
            "partial",
            "standard",
            COUNTS,
            {"core_x": 4},
            (WARNING,),
        ),
        dry_run=True,
    )
    assert render_run(report).splitlines() == [
        "dry run: partial — https://moodle.example (strategy standard, full read, 12.5 s)",
        "  workers      2 new, 1 changed, 5 unchanged",
        "  resets       0",
        "  Moodle calls 4",
        "1 warning(s): records that could not be read",
        "  user_unreadable: no access (core_x, user 7)",
        "Dry run: nothing was written.",
    ]
