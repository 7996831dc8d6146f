"""One sync run end to end: Moodle → records, in one transaction with its run record and cursor.

Order of a run, and why:
1. Mappings are loaded and checked first, then the HR roster file (workers.roster) against
   them: a broken mapping or roster file stops the run before Moodle or the database is
   touched.
2. The run lock is taken (one run per site), then the database is opened (and migrated).
3. The site is read from Moodle, then the catalogue (categories, courses, workers — the
   roster's, when [workers] names one): from Moodle when a refresh is due, else the one held
   in the database (app/refresh_policy.py) — all before any write, so no database
   transaction waits on them. A read that would empty most of the held catalogue is not
   applied (app/catalogue_guard.py).
4. In one transaction: the run recorded as running; completions read from the cursor less the
   lookback window (should they name a worker or course not held, the catalogue is read from
   Moodle and the completions asked for again); site, and a refreshed catalogue, stored, with
   who is on the roster;
   completions appended; resets marked; CPD entries derived; the completions cursor advanced
   to the run's start, and the catalogue cursor too when it was refreshed; the run record
   closed. All of it commits, or none.
5. A fatal error rolls that transaction back and records the failed run in a short transaction
   of its own, then re-raises so the exit code comes from the error's class.

The steps themselves are in app/sync_steps.py.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import requests
from sqlalchemy.orm import Session

from cpdsync.app import sync_steps as step
from cpdsync.app.council_frameworks import mappings_in_use
from cpdsync.app.progress import PhaseListener, Silent, phase
from cpdsync.app.roster import roster_spec
from cpdsync.app.run_lock import run_lock
from cpdsync.app.sync_steps import Clock, SyncRun
from cpdsync.config import Settings
from cpdsync.connector.client import MoodleClient
from cpdsync.connector.retry import RetryPolicy
from cpdsync.errors import CpdsyncError
from cpdsync.mappings import MappingSet
from cpdsync.records import run_log
from cpdsync.records.db import Database, open_database
from cpdsync.records.run_log import RunRecord
from cpdsync.records.write_counts import Counts
from cpdsync.timeutil import iso_from_unix, utc_now

log = logging.getLogger("cpdsync.sync")


@dataclass(frozen=True)
class SyncResult:
    """What one run did (or, for a dry run, would have done: its record has no id), and how it
    was asked to run."""

    record: RunRecord
    dry_run: bool = False
    full: bool = False
    since: int | None = None  # Unix time completions were read from; None for a full read

    def as_json(self) -> dict[str, Any]:
        """Return the run record as `cpdsync sync --json` prints it."""
        data = self.record.as_json()
        duration = data.pop("duration_s")
        data["run_id"] = data.pop("id")
        data["dry_run"] = self.dry_run
        data["full"] = self.full
        data["since"] = iso_from_unix(self.since) if self.since is not None else None
        data["duration_s"] = duration
        return data


def run_sync(
    settings: Settings,
    *,
    full: bool = False,
    dry_run: bool = False,
    mappings: MappingSet | None = None,
    http_session: requests.Session | None = None,
    clock: Clock = utc_now,
    retry: RetryPolicy | None = None,
    accept_catalogue: bool = False,
    on_failure: Callable[[SyncResult], None] | None = None,
    progress: PhaseListener | None = None,
) -> SyncResult:
    """Run one sync of the configured site and return what it did; raise InputFileError before
    anything is touched when the mappings or the HR roster file are invalid, LockHeldError
    when another run of the site holds the lock, and the run's CpdsyncError (after recording
    the failed run, and handing its record to ``on_failure``) when a fatal error stops it —
    nothing the run wrote is kept then, and the cursor stays put. With ``accept_catalogue`` a
    catalogue read that would empty most of what is held is applied anyway
    (app/catalogue_guard.py). ``progress`` hears each phase start and finish."""
    config = settings.config
    url, token = settings.require_moodle()
    if mappings is None:
        mappings = mappings_in_use(config.mappings)
    roster = roster_spec(config.workers, mappings)
    with run_lock(config.database.url, url):
        database = open_database(config.database.url)
        try:
            client = MoodleClient(
                url,
                token,
                session=http_session,
                timeout_s=config.moodle.timeout_s,
                max_in_flight=config.moodle.max_in_flight,
                retry=retry,  # None: the connector's default limits
            )
            run = SyncRun(client, config, mappings, clock, full, started=clock(), roster=roster)
            run.accept_catalogue = accept_catalogue
            run.progress = progress or Silent()
            recorded: list[RunRecord] = []
            try:
                record = _locked_run(database, run, dry_run, recorded)
            except CpdsyncError as exc:
                if on_failure is not None:
                    failed = recorded[0] if recorded else _failed_record(run, exc)
                    on_failure(SyncResult(failed, dry_run=dry_run, full=full, since=run.since))
                raise
            return SyncResult(record, dry_run=dry_run, full=full, since=run.since)
        finally:
            database.close()


def _locked_run(
    database: Database, run: SyncRun, dry_run: bool, recorded: list[RunRecord]
) -> RunRecord:
    try:
        with database.transaction() as session:
            record = _sync(session, run)
            if dry_run:
                # Everything above ran against the database; none of it is kept.
                session.rollback()
                record = replace(record, id=None)
        return record
    except Exception as exc:
        if not dry_run:
            failed = _record_failure(database, run, exc)
            recorded += [failed] if failed is not None else []
        raise


def _failed_record(run: SyncRun, exc: Exception, run_id: int | None = None) -> RunRecord:
    """Return the record of a run stopped by ``exc``: what it counted and called until then."""
    message = exc.message if isinstance(exc, CpdsyncError) else f"{type(exc).__name__}: {exc}"
    site_url = run.site.url if run.site else run.client.url
    return RunRecord(
        id=run_id,
        site_url=site_url,
        started=run.started,
        finished=run.clock(),
        outcome="failed",
        strategy=run.strategy,
        calls=run.calls(),
        warnings=tuple(run.warnings),
        error=message,
    )


def failed_before_running(
    site_url: str | None, exc: CpdsyncError, *, full: bool, dry_run: bool
) -> SyncResult:
    """Return the result of a sync of ``site_url`` stopped before a run began (config,
    mappings, the lock): nothing was recorded, so it has no id."""
    now = utc_now()
    record = RunRecord(
        id=None,
        site_url=site_url or "",
        started=now,
        finished=now,
        outcome="failed",
        strategy="",
        error=exc.message,
    )
    return SyncResult(record, dry_run=dry_run, full=full)


def _sync(session: Session, run: SyncRun) -> RunRecord:
    def calls() -> int:
        return sum(run.client.calls.values())

    with phase(run.progress, "catalogue", calls) as seen:
        site = step.read_site(run)
        catalogue = step.choose_catalogue(session, run, site)
        seen.update(workers=len(catalogue.workers), courses=len(catalogue.courses))
    with phase(run.progress, "completions", calls) as seen:
        site_row = step.begin_run(session, run, site)
        batch, catalogue = step.read_completions(session, run, site, site_row, catalogue)
        catalogue = step.store_catalogue(session, run, site_row, catalogue, batch)
        step.mark_roster(session, run, site_row, catalogue)
        step.store_completions(session, run, site_row, batch)
        seen.update(_phase_counts(run.counts.completions))
    with phase(run.progress, "derive", calls) as seen:
        step.derive_entries(session, run, site_row)
        step.apply_retention(session, run, site_row)
        seen.update(_phase_counts(run.counts.cpd_entries))
    # "push" (readiness to the plugin's pages) becomes a phase of its own here.
    step.advance_cursors(session, run, site_row, catalogue)
    return step.finish_run(session, run, site)


def _phase_counts(counts: Counts | None) -> dict[str, int]:
    return {k: v for k, v in counts.as_json().items() if v} if counts is not None else {}


def _record_failure(database: Database, run: SyncRun, exc: Exception) -> RunRecord | None:
    """Record the failed run in its own short transaction, if the database is reachable;
    return the record (None when it could not be written)."""
    site_url = run.site.url if run.site else run.client.url
    try:
        with database.transaction() as session:
            run_id = run_log.start_run(session, site_url, strategy=run.strategy, now=run.started)
            failed = _failed_record(run, exc, run_id)
            run_log.finish_run(session, run_id, failed)
            return failed
    except CpdsyncError as record_exc:
        log.error("the failed run could not be recorded: %s", record_exc.message)
        return None
