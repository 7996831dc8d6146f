"""Completions: append-only rows, one per (site, worker, course, completion time).

A completion Moodle stops reporting is kept and marked reset (``reset_observed_at``), never
deleted. When Moodle later gives a more exact time for a completion we hold with an approximate
one (``criteria_latest`` or ``observed`` → ``plugin`` or ``report``), both rows stay; the CPD
entry follows the most exact (cpdsync/app/derive.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cpdsync.records.row_values import CompletionValues
from cpdsync.records.schema import DATE_SOURCES, CompletionRow, CourseRow, SiteRow, WorkerRow
from cpdsync.records.write_counts import Counts


def source_rank(source: str) -> int:
    """Return how exact a date source is: 0 is the most exact (``plugin``)."""
    return DATE_SOURCES.index(source) if source in DATE_SOURCES else len(DATE_SOURCES)


def _ids(
    session: Session, model: type[WorkerRow] | type[CourseRow], site_id: int
) -> dict[int, int]:
    rows = session.execute(select(model.moodle_id, model.id).where(model.site_id == site_id))
    # A roster worker without a Moodle account (moodle_id None) is never named by Moodle.
    return {moodle_id: row_id for moodle_id, row_id in rows if moodle_id is not None}


def known_completion_pairs(session: Session, site_row: SiteRow) -> set[tuple[int, int]]:
    """Return the (Moodle user id, Moodle course id) pairs with an un-reset completion held."""
    rows = session.execute(
        select(WorkerRow.moodle_id, CourseRow.moodle_id)
        .select_from(CompletionRow)
        .join(WorkerRow, CompletionRow.worker_id == WorkerRow.id)
        .join(CourseRow, CompletionRow.course_id == CourseRow.id)
        .where(CompletionRow.site_id == site_row.id, CompletionRow.reset_observed_at.is_(None))
        .distinct()
    )
    return {(user, course) for user, course in rows if user is not None}


def _best_per_key(
    completions: Iterable[CompletionValues],
) -> dict[tuple[int, int, int], CompletionValues]:
    # The same completion may arrive twice in one batch (two strategies, a retried page).
    best: dict[tuple[int, int, int], CompletionValues] = {}
    for item in completions:
        key = (item.worker_moodle_id, item.course_moodle_id, item.timecompleted)
        held = best.get(key)
        if held is None or source_rank(item.date_source) < source_rank(held.date_source):
            best[key] = item
    return best


def record_completions(
    session: Session,
    site_row: SiteRow,
    completions: Iterable[CompletionValues],
    *,
    now: datetime,
) -> Counts:
    """Append a row per new (user, course, time); refresh last_seen on held ones.

    A held row whose date source Moodle now gives more exactly takes the better source, and a
    held row marked reset that Moodle reports again loses the mark (it is in Moodle after all);
    both count as changed. A completion of a worker or course not stored is skipped with a
    warning naming it, never a crash.
    """
    workers = _ids(session, WorkerRow, site_row.id)
    courses = _ids(session, CourseRow, site_row.id)
    held = {
        (row.worker_id, row.course_id, row.timecompleted): row
        for row in session.scalars(
            select(CompletionRow).where(CompletionRow.site_id == site_row.id)
        )
    }
    counts = Counts()
    for (userid, courseid, timecompleted), obs in sorted(_best_per_key(completions).items()):
        worker_id, course_id = workers.get(userid), courses.get(courseid)
        if worker_id is None or course_id is None:
            missing = "user" if worker_id is None else "course"
            counts.skipped += 1
            counts.skipped_because.append(
                f"completion of user {userid} in course {courseid} skipped: the {missing} is "
                "not stored (it was not in this run's worker or course list)"
            )
            continue
        row = held.get((worker_id, course_id, timecompleted))
        if row is None:
            row = CompletionRow(
                site_id=site_row.id,
                worker_id=worker_id,
                course_id=course_id,
                timecompleted=timecompleted,
                date_source=obs.date_source,
                first_seen=now,
                last_seen=now,
            )
            session.add(row)
            held[(worker_id, course_id, timecompleted)] = row
            counts.new += 1
            continue
        if _seen_again(row, obs.date_source, now):
            counts.changed += 1
        else:
            counts.unchanged += 1
    session.flush()
    return counts


def _seen_again(row: CompletionRow, date_source: str, now: datetime) -> bool:
    """Note a held completion reported again; return whether its source or reset mark changed."""
    row.last_seen = now
    changed = False
    if source_rank(date_source) < source_rank(row.date_source):
        row.date_source = date_source
        changed = True
    if row.reset_observed_at is not None:
        row.reset_observed_at = None
        changed = True
    return changed


def mark_resets(
    session: Session, site_row: SiteRow, pairs: set[tuple[int, int]], *, now: datetime
) -> int:
    """Mark the un-reset completions of (Moodle user id, course id) ``pairs`` as reset (a row
    already marked keeps its first mark); return how many rows were marked."""
    if not pairs:
        return 0
    rows = session.execute(
        select(CompletionRow, WorkerRow.moodle_id, CourseRow.moodle_id)
        .join(WorkerRow, CompletionRow.worker_id == WorkerRow.id)
        .join(CourseRow, CompletionRow.course_id == CourseRow.id)
        .where(CompletionRow.site_id == site_row.id, CompletionRow.reset_observed_at.is_(None))
    )
    marked = 0
    for row, userid, courseid in rows:
        if (userid, courseid) in pairs:
            row.reset_observed_at = now
            marked += 1
    session.flush()
    return marked


def courses_reporting_fewer(
    session: Session, site_row: SiteRow, moodle_counts: dict[int, int]
) -> set[int]:
    """Return the Moodle course ids where Moodle now reports fewer completions
    (``moodle_counts``) than workers with an un-reset completion held; the caller re-reads those
    courses and passes the pairs Moodle reports incomplete to ``mark_resets``."""
    held = session.execute(
        select(CourseRow.moodle_id, func.count(func.distinct(CompletionRow.worker_id)))
        .select_from(CompletionRow)
        .join(CourseRow, CompletionRow.course_id == CourseRow.id)
        .where(CompletionRow.site_id == site_row.id, CompletionRow.reset_observed_at.is_(None))
        .group_by(CourseRow.moodle_id)
    )
    per_course: dict[int, int] = defaultdict(int)
    for course_id, number in held:
        per_course[course_id] = number
    return {
        course_id
        for course_id, moodle_count in moodle_counts.items()
        if moodle_count < per_course.get(course_id, 0)
    }
