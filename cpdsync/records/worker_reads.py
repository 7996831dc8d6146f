"""Reads of what is held about workers for reports: who is in a team, their live CPD entries
with reflections, and which courses their un-reset completions are of."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from cpdsync.records.schema import CompletionRow, CpdEntryRow, WorkerRow


def workers_in(
    session: Session, team: str | None = None, *, site_id: int | None = None
) -> list[WorkerRow]:
    """Return every held worker on the roster (of ``team`` when given, in any case; of site
    ``site_id`` when given), by name; a worker the roster no longer names is held but not
    returned (docs/roster.md)."""
    query = (
        select(WorkerRow)
        .where(WorkerRow.on_roster.is_(True), WorkerRow.erased_at.is_(None))
        .order_by(WorkerRow.fullname, WorkerRow.id)
    )
    if site_id is not None:
        query = query.where(WorkerRow.site_id == site_id)
    if team is not None:
        query = query.where(func.lower(WorkerRow.team) == team.strip().lower())
    return list(session.scalars(query))


def team_names(session: Session, *, site_id: int | None = None) -> list[str]:
    """Return the names of the teams of the workers on the roster (of site ``site_id`` when
    given), sorted."""
    query = select(WorkerRow.team).where(WorkerRow.on_roster.is_(True))
    if site_id is not None:
        query = query.where(WorkerRow.site_id == site_id)
    return sorted({team for team in session.scalars(query) if team})


def worker_emails(session: Session) -> list[str]:
    """Return the email of every held worker, sorted."""
    return sorted(session.scalars(select(WorkerRow.email)))


def live_entries(session: Session, worker_ids: Sequence[int]) -> list[CpdEntryRow]:
    """Return the CPD entries of ``worker_ids`` that are not retired, oldest first, each with its
    reflection, its declaration and its completion's course loaded."""
    return list(
        session.scalars(
            select(CpdEntryRow)
            .where(CpdEntryRow.worker_id.in_(worker_ids), CpdEntryRow.retired_at.is_(None))
            .options(
                selectinload(CpdEntryRow.reflection),
                selectinload(CpdEntryRow.declaration),
                selectinload(CpdEntryRow.completion).selectinload(CompletionRow.course),
            )
            .order_by(CpdEntryRow.activity_date, CpdEntryRow.id)
        )
    )


def live_completion_courses(session: Session, worker_ids: Sequence[int]) -> list[tuple[int, int]]:
    """Return (worker row id, course row id) of each un-reset completion of ``worker_ids``."""
    rows = session.execute(
        select(CompletionRow.worker_id, CompletionRow.course_id).where(
            CompletionRow.worker_id.in_(worker_ids), CompletionRow.reset_observed_at.is_(None)
        )
    )
    return [(worker_id, course_id) for worker_id, course_id in rows]
