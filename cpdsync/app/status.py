"""What `cpdsync status` and `cpdsync completions` report, read from the records."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from cpdsync.app.worker_values import find_worker
from cpdsync.config import Settings, WorkersSettings, parse_interval
from cpdsync.records.db import open_database
from cpdsync.records.reminder_log import UnconfirmedReminder, unconfirmed_reminders
from cpdsync.records.run_log import RunRecord, list_runs
from cpdsync.records.status_reads import CompletionRecord, list_completions, records_held
from cpdsync.timeutil import iso_utc, uk_midnight

SUCCESS_OUTCOMES = ("ok", "partial")
# A monitor alerts when no run succeeded within this many intervals.
HEALTHY_WITHIN_INTERVALS = 2


@dataclass
class StatusReport:
    """Recent runs, records held, when the next run is due, and whether a monitor should alert."""

    site_url: str | None
    interval_s: int
    runs: list[RunRecord]
    records: dict[str, int]
    next_due: datetime | None
    healthy: bool
    problems: list[str] = field(default_factory=list)
    # What a person should know that does not make a monitor alert (e.g. no roster).
    warnings: list[str] = field(default_factory=list)
    # Reminders logged "sending" whose delivery Moodle never confirmed (never re-sent).
    reminders_unconfirmed: list[UnconfirmedReminder] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "site_url": self.site_url,
            "interval_s": self.interval_s,
            "healthy": self.healthy,
            "problems": self.problems,
            "warnings": self.warnings,
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


def sync_status(
    settings: Settings, *, now: datetime | None = None, limit: int = 10
) -> StatusReport:
    """Return the sync status of the configured site (every site when moodle.url is unset);
    raise StorageError when the database cannot be read."""
    moment = now or datetime.now(UTC)
    interval = parse_interval(settings.config.sync.interval)
    site_url = settings.config.moodle.url
    database = open_database(settings.config.database.url)
    try:
        with database.transaction() as session:
            runs = list_runs(session, site_url, limit=limit)
            held = records_held(session)
            unconfirmed = unconfirmed_reminders(session)
    finally:
        database.close()
    problems = health_problems(runs, interval, moment)
    return StatusReport(
        site_url=site_url,
        interval_s=int(interval.total_seconds()),
        runs=runs,
        records=held,
        next_due=runs[0].started + interval if runs else None,
        healthy=not problems,
        problems=problems,
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


def health_problems(runs: list[RunRecord], interval: timedelta, now: datetime) -> list[str]:
    """Return why a monitor should alert (runs newest first): the last run failed, or no run
    succeeded within two intervals; empty when all is well."""
    if not runs:
        return ["no sync has run yet; run `cpdsync sync` or start cpdsync-sync.timer"]
    problems = []
    if runs[0].outcome == "failed":
        problems.append(f"the last run failed: {runs[0].error or 'no error was recorded'}")
    window = interval * HEALTHY_WITHIN_INTERVALS
    successes = [r for r in runs if r.outcome in SUCCESS_OUTCOMES and r.finished is not None]
    if not successes or now - max(r.finished or r.started for r in successes) > window:
        last = successes[0].finished if successes else None
        since = f"the last was at {iso_utc(last)}" if last else "none is among the recent runs"
        problems.append(f"no run succeeded in the last {_interval_text(window)} ({since})")
    return problems


def _interval_text(span: timedelta) -> str:
    seconds = int(span.total_seconds())
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def held_completions(
    settings: Settings, worker: str | None = None, since: date | None = None
) -> list[CompletionRecord]:
    """Return the completions held, of one worker (email, username, idnumber or SWE number) and
    completed on or after the UK date ``since``; raise NotFoundError for an unknown worker."""
    database = open_database(settings.config.database.url)
    try:
        with database.transaction() as session:
            row = find_worker(session, worker) if worker else None
            start = uk_midnight(since) if since else None
            return list_completions(session, row, start)
    finally:
        database.close()
