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


def records_held(session: Session, site_id: int | None = None) -> dict[str, int]:
    """Return how many records of each kind the database holds (of one site when ``site_id``
    is given)."""

    def count(model: Any, *where: Any) -> int:
        query = select(func.count()).select_from(model).where(*where)
        if site_id is not None and model is not SiteRow:
            query = query.where(_site_filter(model, site_id))
        return int(session.scalar(query) or 0)

    return {
        "sites": count(SiteRow, *([SiteRow.id == site_id] if site_id is not None else [])),
        "workers": count(WorkerRow),
        # Held but left out of reports: no longer named by the roster (docs/roster.md).
        "workers_off_roster": count(WorkerRow, WorkerRow.on_roster.is_(False)),
        "workers_without_moodle_account": count(WorkerRow, WorkerRow.moodle_id.is_(None)),
        "courses": count(CourseRow),
        "completions": count(CompletionRow),
        "completions_reset": count(CompletionRow, CompletionRow.reset_observed_at.is_not(None)),
        "cpd_entries": count(CpdEntryRow, CpdEntryRow.retired_at.is_(None)),
        "reflections": count(ReflectionRow),
        "sync_runs": count(SyncRunRow),
    }


def _site_filter(model: Any, site_id: int) -> Any:
    """Return the condition keeping the rows of ``model`` that belong to site ``site_id``."""
    if model in (WorkerRow, CourseRow, CompletionRow, SyncRunRow):
        return model.site_id == site_id
    workers = select(WorkerRow.id).where(WorkerRow.site_id == site_id)
    if model is CpdEntryRow:
        return CpdEntryRow.worker_id.in_(workers)
    entries = select(CpdEntryRow.id).where(CpdEntryRow.worker_id.in_(workers))
    return ReflectionRow.entry_id.in_(entries)


def unmapped_completions(session: Session, site_id: int | None = None) -> tuple[int, int]:
    """Return how many (worker, course) pairs with an un-reset completion have no live CPD
    entry (no mapping rule turns them into CPD), and how many such pairs there are."""
    live = select(CompletionRow.worker_id, CompletionRow.course_id).where(
        CompletionRow.reset_observed_at.is_(None)
    )
    mapped = live.join(CpdEntryRow, CpdEntryRow.completion_id == CompletionRow.id).where(
        CpdEntryRow.retired_at.is_(None)
    )
    if site_id is not None:
        live = live.where(CompletionRow.site_id == site_id)
        mapped = mapped.where(CompletionRow.site_id == site_id)
    pairs = int(session.scalar(select(func.count()).select_from(live.distinct().subquery())) or 0)
    done = int(session.scalar(select(func.count()).select_from(mapped.distinct().subquery())) or 0)
    return pairs - done, pairs


def list_completions(
    session: Session,
    worker: WorkerRow | None = None,
    since: datetime | None = None,
    *,
    site_id: int | None = None,
) -> list[CompletionRecord]:
    """Return the completions held (one worker's, completed at or after ``since``, of site
    ``site_id`` when given), oldest first, each with where its time came from and any reset
    mark."""
    query = (
        select(CompletionRow, WorkerRow, CourseRow, SiteRow.url)
        .join(WorkerRow, CompletionRow.worker_id == WorkerRow.id)
        .join(CourseRow, CompletionRow.course_id == CourseRow.id)
        .join(SiteRow, CompletionRow.site_id == SiteRow.id)
        .order_by(CompletionRow.timecompleted, CompletionRow.id)
    )
    if worker is not None:
        query = query.where(CompletionRow.worker_id == worker.id)
    if site_id is not None:
        query = query.where(CompletionRow.site_id == site_id)
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
