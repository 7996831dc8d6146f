"""Reads for `cpdsync status` (records held) and `cpdsync completions`; the runs are read in
run_log.py."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cpdsync.records.schema import (
    CompletionRow,
    CourseRow,
    CpdEntryRow,
    ReflectionRow,
    SiteRow,
    SyncRunRow,
    WorkerRow,
)
from cpdsync.timeutil import iso_utc


@dataclass(frozen=True)
class CompletionRecord:
    """One held completion as `cpdsync completions` shows it (docs/cli.md)."""

    site_url: str
    worker_moodle_id: int
    worker_email: str
    course_id: int
    course_shortname: str
    timecompleted: int
    completed_at: str  # ISO 8601, UTC
    date_source: str
    first_seen: str
    last_seen: str
    reset_observed_at: str | None

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def _iso(moment: datetime | None) -> str | None:
    return iso_utc(moment) if moment else None


def records_held(session: Session) -> dict[str, int]:
    """Return how many records of each kind the database holds."""

    def count(query: object) -> int:
        return int(session.scalar(query) or 0)  # type: ignore[call-overload]

    return {
        "sites": count(select(func.count()).select_from(SiteRow)),
        "workers": count(select(func.count()).select_from(WorkerRow)),
        # Held but left out of reports: no longer named by the roster (docs/roster.md).
        "workers_off_roster": count(
            select(func.count()).select_from(WorkerRow).where(WorkerRow.on_roster.is_(False))
        ),
        "workers_without_moodle_account": count(
            select(func.count()).select_from(WorkerRow).where(WorkerRow.moodle_id.is_(None))
        ),
        "courses": count(select(func.count()).select_from(CourseRow)),
        "completions": count(select(func.count()).select_from(CompletionRow)),
        "completions_reset": count(
            select(func.count()).where(CompletionRow.reset_observed_at.is_not(None))
        ),
        "cpd_entries": count(
            select(func.count()).select_from(CpdEntryRow).where(CpdEntryRow.retired_at.is_(None))
        ),
        "reflections": count(select(func.count()).select_from(ReflectionRow)),
        "sync_runs": count(select(func.count()).select_from(SyncRunRow)),
    }


def list_completions(
    session: Session, worker: WorkerRow | None = None, since: datetime | None = None
) -> list[CompletionRecord]:
    """Return the completions held (one worker's, completed at or after ``since``), oldest
    first, each with where its time came from and any reset mark."""
    query = (
        select(CompletionRow, WorkerRow, CourseRow, SiteRow.url)
        .join(WorkerRow, CompletionRow.worker_id == WorkerRow.id)
        .join(CourseRow, CompletionRow.course_id == CourseRow.id)
        .join(SiteRow, CompletionRow.site_id == SiteRow.id)
        .order_by(CompletionRow.timecompleted, CompletionRow.id)
    )
    if worker is not None:
        query = query.where(CompletionRow.worker_id == worker.id)
    if since is not None:
        query = query.where(CompletionRow.timecompleted >= int(since.timestamp()))
    records = []
    for completion, row_worker, course, url in session.execute(query):
        records.append(
            CompletionRecord(
                site_url=url,
                # Only Moodle users complete courses: a roster worker without an account has
                # no completion.
                worker_moodle_id=row_worker.moodle_id or 0,
                worker_email=row_worker.email,
                course_id=course.moodle_id,
                course_shortname=course.shortname,
                timecompleted=completion.timecompleted,
                completed_at=_iso(datetime.fromtimestamp(completion.timecompleted, UTC)) or "",
                date_source=completion.date_source,
                first_seen=_iso(completion.first_seen) or "",
                last_seen=_iso(completion.last_seen) or "",
                reset_observed_at=_iso(completion.reset_observed_at),
            )
        )
    return records
