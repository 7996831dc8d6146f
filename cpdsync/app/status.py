"""What `cpdsync status` and `cpdsync completions` report, read from the records.

`status` opens the database read-only and never migrates it, so a monitor can run it as a
database role with SELECT rights only (docs/deploy.md, Monitor it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.orm import Session

from cpdsync.app import health as h
from cpdsync.app.council_frameworks import frameworks_in_use, mappings_in_use
from cpdsync.app.report import readiness_policy, report_from_session
from cpdsync.app.site_scope import SiteScope, resolve_site
from cpdsync.app.worker_values import find_worker
from cpdsync.config import Settings, WorkersSettings, parse_interval
from cpdsync.errors import InputFileError, SchemaBehindError
from cpdsync.records.db import open_database
from cpdsync.records.reminder_log import UnconfirmedReminder, unconfirmed_reminders
from cpdsync.records.run_log import RunRecord, last_success, list_runs
from cpdsync.records.status_reads import (
    CompletionRecord,
    list_completions,
    records_held,
    unmapped_completions,
)
from cpdsync.timeutil import iso_utc, uk_date, uk_midnight


@dataclass
class StatusReport:
    """A site's health for a monitor, its recent runs, records held, reminders of unknown
    delivery and when the next run is due."""

    site_url: str | None
    interval_s: int
    health: h.Health
    runs: list[RunRecord]
    records: dict[str, int]
    next_due: datetime | None
    # Reminders logged "sending" whose delivery Moodle never confirmed (never re-sent).
    reminders_unconfirmed: list[UnconfirmedReminder]
    # What a person should know that does not make a monitor alert (e.g. no roster).
    warnings: list[str] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        return self.health.state == h.OK

    @property
    def problems(self) -> list[str]:
        return [alert.text for alert in self.health.alerts]

    def as_json(self) -> dict[str, Any]:
        metrics = self.health.metrics
        limits = self.health.thresholds
        return {
            "site_url": self.site_url,
            "interval_s": self.interval_s,
            "state": self.health.state,
            "healthy": self.healthy,
            "problems": self.problems,
            "warnings": self.warnings,
            "alerts": [{"state": a.state, "text": a.text} for a in self.health.alerts],
            "metrics": _metrics_json(metrics) if metrics else None,
            "thresholds": {"warning_s": limits.warning_s, "critical_s": limits.critical_s}
            if limits
            else None,
            "reminders_unconfirmed": [
                {
                    "email": u.email,
                    "registration_year": u.registration_year,
                    "threshold": u.threshold,
                    "logged_at": iso_utc(u.sent_at),
                    "detail": u.detail,
                }
                for u in self.reminders_unconfirmed
            ],
            "next_due": iso_utc(self.next_due) if self.next_due else None,
            "records": self.records,
            "runs": [run.as_json() for run in self.runs],
        }


def _metrics_json(metrics: h.Metrics) -> dict[str, Any]:
    share = metrics.unmapped_share
    return {
        "last_good_age_s": metrics.last_good_age_s,
        "completions": metrics.completions,
        "cpd_entries": metrics.cpd_entries,
        "unmapped_share": round(share, 4) if share is not None else None,
        "statutory_gap_workers": metrics.statutory_gap_workers,
        "reminders_unknown": metrics.reminders_unknown,
    }


def sync_status(
    settings: Settings,
    *,
    site: str | None = None,
    warning: str | None = None,
    critical: str | None = None,
    now: datetime | None = None,
    limit: int = 10,
) -> StatusReport:
    """Return the health and sync status of one site (``site``, else moodle.url, else the
    database's only site), reading the database read-only and never migrating it.

    ``warning``/``critical`` are ages of the last good run (health.thresholds). A database that
    needs migrating, or holds nothing yet, is reported as the health's alert, not raised. Raise
    UsageError for bad thresholds or an unclear site, StorageError when the database cannot be
    read (or was written by a newer cpdsync).
    """
    moment = now or datetime.now(UTC)
    interval = parse_interval(settings.config.sync.interval)
    limits = h.thresholds(interval, warning, critical)
    try:
        database = open_database(settings.config.database.url, read_only=True)
    except SchemaBehindError as exc:
        state = h.CRITICAL if exc.empty else h.WARNING
        return StatusReport(
            site_url=site or settings.config.moodle.url,
            interval_s=int(interval.total_seconds()),
            health=h.health_of([h.Alert(state, exc.message)], None, limits),
            runs=[],
            records={},
            next_due=None,
            reminders_unconfirmed=[],
            warnings=roster_warnings(settings.config.workers),
        )
    try:
        with database.transaction() as session:
            return _read_status(session, settings, site, limits, moment, limit)
    finally:
        database.close()


def _read_status(
    session: Session,
    settings: Settings,
    site: str | None,
    limits: h.Thresholds,
    moment: datetime,
    limit: int,
) -> StatusReport:
    scope = resolve_site(session, settings, site)
    interval = parse_interval(settings.config.sync.interval)
    runs = list_runs(session, scope.url, limit=limit)
    held = records_held(session, scope.site_id)
    unconfirmed = unconfirmed_reminders(session, scope.site_id)
    unmapped, completed = unmapped_completions(session, scope.site_id)
    gaps, alerts = _statutory_gap_workers(session, settings, scope, moment)
    metrics = h.Metrics(
        last_good_age_s=h.good_age(last_success(session, scope.url), moment),
        completions=held["completions"],
        cpd_entries=held["cpd_entries"],
        unmapped=unmapped,
        completed=completed,
        statutory_gap_workers=gaps,
        reminders_unknown=len(unconfirmed),
    )
    alerts += h.run_alerts(runs, last_success(session, scope.url), limits, moment)
    alerts += h.mapping_alerts(metrics, limits)
    return StatusReport(
        site_url=scope.url,
        interval_s=int(interval.total_seconds()),
        health=h.health_of(alerts, metrics, limits),
        runs=runs,
        records=held,
        next_due=runs[0].started + interval if runs else None,
        reminders_unconfirmed=unconfirmed,
        warnings=roster_warnings(settings.config.workers),
    )


# Said by `cpdsync check` and `cpdsync status` while no roster is configured.
NO_ROSTER_WARNING = (
    "no roster is configured ([workers]): workers are found through course enrolments, so a "
    "social worker with no enrolment is invisible in every report; set workers.cohorts, "
    "workers.with_profile_field or workers.roster (docs/roster.md)"
)


def roster_warnings(workers: WorkersSettings) -> list[str]:
    """Return the warning that workers without enrolments are invisible when no roster is
    configured, else nothing."""
    return [] if workers.has_roster else [NO_ROSTER_WARNING]


def _statutory_gap_workers(
    session: Session, settings: Settings, scope: SiteScope, moment: datetime
) -> tuple[int | None, list[h.Alert]]:
    """Return how many current workers have a statutory gap today (None, with a warning, when
    the mapping files cannot be read)."""
    try:
        frameworks = frameworks_in_use(settings.config.mappings)
        mappings = mappings_in_use(settings.config.mappings, frameworks)
    except InputFileError as exc:
        first = exc.message.splitlines()[0]
        return None, [
            h.Alert(h.WARNING, f"the mapping files cannot be read ({first}); readiness unknown")
        ]
    report = report_from_session(
        session,
        mappings,
        frameworks,
        workers=None,
        team=None,
        as_of=uk_date(moment.timestamp()),
        policy=readiness_policy(settings),
        scope=scope,
    )
    return sum(1 for worker in report.workers if worker.statutory_gaps), []


def held_completions(
    settings: Settings,
    worker: str | None = None,
    since: date | None = None,
    *,
    site: str | None = None,
) -> list[CompletionRecord]:
    """Return the completions held of one site (``site``, default as every report:
    app/site_scope.py), of one worker (email, username, idnumber or SWE number) and completed
    on or after the UK date ``since``; raise NotFoundError for an unknown worker or site."""
    database = open_database(settings.config.database.url)
    try:
        with database.transaction() as session:
            scope = resolve_site(session, settings, site)
            row = find_worker(session, worker, site_id=scope.site_id) if worker else None
            start = uk_midnight(since) if since else None
            return list_completions(session, row, start, site_id=scope.site_id)
    finally:
        database.close()
