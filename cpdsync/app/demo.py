"""`cpdsync demo`: the whole product on the packaged sample council, with nothing installed.

A simulator of the sample council's Moodle runs on a free loopback port, one sync fills a
SQLite database in a temporary folder, the sample workers' reflections and declarations are
written (cpdsync/app/demo_input.py), and readiness is read back from it, exactly as an admin's
`cpdsync sync` and a manager's `cpdsync readiness` would. It is assessed on a fixed date in the
renewal window (DEMO_DATE, 22 November 2026), so it looks the same on any day.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path

from pydantic import SecretStr

from cpdsync.app.demo_input import DEMO_DATE, DemoInput, write_demo_input
from cpdsync.app.report import load_report
from cpdsync.app.sync import SyncResult, run_sync
from cpdsync.config import (
    Config,
    DatabaseSettings,
    MappingsSettings,
    MoodleSettings,
    Settings,
    WorkersSettings,
)
from cpdsync.readiness.report_model import ReadinessReport, WorkerReadiness
from cpdsync.records.db import open_database
from cpdsync.simulator import load_sample_council, serve_in_thread

# The packaged copy of examples/mappings/council.yaml (a test keeps the two identical).
SAMPLE_MAPPINGS = ("templates", "sample-council.yaml")
# The sample council's cohort of its registered social workers: the demo's roster, so its new
# starters with no enrolment are in the report and its leaver is not.
SAMPLE_ROSTER = WorkersSettings(cohorts=["SW-REGISTERED"])


@dataclass(frozen=True)
class DemoRun:
    settings: Settings  # the demo database and mappings; valid inside demo_run()
    sync: SyncResult
    simulator_calls: dict[str, int]


@contextmanager
def demo_run(workdir: Path) -> Iterator[DemoRun]:
    """Yield the outcome of syncing the sample council into ``workdir``/demo.db; stop the
    simulator on exit. Raise the sync's CpdsyncError if it fails."""
    mapping_file = resources.files("cpdsync.mappings").joinpath(*SAMPLE_MAPPINGS)
    with resources.as_file(mapping_file) as mappings, serve_in_thread(load_sample_council()) as sim:
        settings = Settings(
            config=Config(
                moodle=MoodleSettings(url=sim.url),
                database=DatabaseSettings(url=f"sqlite:///{workdir / 'demo.db'}"),
                mappings=MappingsSettings(paths=[mappings]),
                workers=SAMPLE_ROSTER,
            ),
            source=None,
            token=SecretStr(sim.token),
        )
        report = run_sync(settings)
        yield DemoRun(settings=settings, sync=report, simulator_calls=sim.stats())


# The extra dates the default demo also shows: before the renewal window opens (workers with a
# gap are in_progress) and the day after the deadline (who missed it, if nothing changes).
BEFORE_WINDOW = date(2026, 8, 31)
AFTER_DEADLINE = date(2026, 12, 1)


@dataclass(frozen=True)
class DemoResult:
    """What the demo did: the sync, the sample input, and readiness read back."""

    as_of: date
    fixed_date: bool  # as_of is the demo's fixed date, not one the user chose
    sync: SyncResult
    written: DemoInput
    team: ReadinessReport  # every worker
    shown: str | None  # the worker whose detail is shown (None when there are no workers)
    detail: ReadinessReport | None  # that worker alone
    before_window: ReadinessReport | None = None  # on BEFORE_WINDOW (fixed date only)
    after_deadline: ReadinessReport | None = None  # on AFTER_DEADLINE (fixed date only)


def run_demo(as_of: date | None = None) -> DemoResult:
    """Sync the sample council into a temporary folder, write its workers' sample reflections
    and declarations, and return readiness as on ``as_of`` (the fixed DEMO_DATE when None,
    with two more dates beside it); nothing outside the temporary folder is touched. Raise
    the sync's CpdsyncError if it fails."""
    day = as_of or DEMO_DATE
    with tempfile.TemporaryDirectory(prefix="cpdsync-demo-") as tmp, demo_run(Path(tmp)) as run:
        written = write_sample_input(run.settings)
        team = load_report(run.settings, workers=None, team=None, as_of=day)
        shown = pick_worker({w.worker.email: _showing(w) for w in team.workers})
        detail = None
        if shown is not None:
            detail = load_report(run.settings, workers=[shown], team=None, as_of=day)
        extra: dict[str, ReadinessReport] = {}
        if as_of is None:
            extra = {
                "before_window": load_report(
                    run.settings, workers=None, team=None, as_of=BEFORE_WINDOW
                ),
                "after_deadline": load_report(
                    run.settings, workers=None, team=None, as_of=AFTER_DEADLINE
                ),
            }
        return DemoResult(day, as_of is None, run.sync, written, team, shown, detail, **extra)


def _showing(w: WorkerReadiness) -> tuple[str, int]:
    # What a page shows best: statutory gaps naming the worker's own entries (a draft to
    # submit, a reflective group to write up), counted twice, then every other gap.
    named = sum(1 for gap in w.statutory_gaps if gap.entries)
    return (w.status, 2 * named + len(w.gaps))


def pick_worker(statuses: dict[str, tuple[str, int]]) -> str | None:
    """Return the worker whose page shows the product best: the at-risk worker with the best
    score (ties by email), else the first; ``statuses`` maps a worker to (status, score)."""
    ranked = sorted(statuses.items(), key=lambda kv: (kv[1][0] != "at_risk", -kv[1][1], kv[0]))
    return ranked[0][0] if ranked else None


def write_sample_input(settings: Settings) -> DemoInput:
    """Write what the sample council's workers wrote and declared (cpdsync/app/demo_input.py)
    into the demo database; return the counts."""
    database = open_database(settings.config.database.url)
    try:
        with database.transaction() as session:
            return write_demo_input(session)
    finally:
        database.close()
