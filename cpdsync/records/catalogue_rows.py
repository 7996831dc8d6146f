"""The catalogue's rows: categories, courses and workers of a site, stored and read back.

Every write is idempotent and reports what it changed. The reads give back the values the last
catalogue refresh stored, so a sync between refreshes can follow them instead of asking Moodle
again (cpdsync/app/refresh_policy.py says when).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from cpdsync.records.row_values import (
    CategoryValues,
    CourseValues,
    HeldCourse,
    WorkerValues,
    column_values,
)
from cpdsync.records.schema import CategoryRow, CourseRow, SiteRow, WorkerRow
from cpdsync.records.site_rows import site_key
from cpdsync.records.write_counts import Counts


def apply_values(row: object, values: Mapping[str, Any]) -> bool:
    """Set each differing attribute on ``row``; return whether anything changed."""
    changed = False
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    return changed


def store_categories(
    session: Session, site_row: SiteRow, categories: list[CategoryValues]
) -> Counts:
    """Store or refresh ``categories``; return what changed."""
    held = {
        row.moodle_id: row
        for row in session.scalars(select(CategoryRow).where(CategoryRow.site_id == site_row.id))
    }
    counts = Counts()
    for category in categories:
        values = column_values(category, leave_out=("moodle_id",))
        row = held.get(category.moodle_id)
        if row is None:
            row = CategoryRow(site_id=site_row.id, moodle_id=category.moodle_id, **values)
            session.add(row)
            held[category.moodle_id] = row
            counts.new += 1
        elif apply_values(row, values):
            counts.changed += 1
        else:
            counts.unchanged += 1
    session.flush()
    return counts


def store_courses(
    session: Session,
    site_row: SiteRow,
    courses: list[CourseValues],
    *,
    now: datetime,
    complete: bool = False,
) -> Counts:
    """Store or refresh ``courses``, seen at ``now`` (the run's start), each with the path of
    its stored category (store the categories first); return what changed.

    What no reply carried is not evidence: an ``idnumber``, ``visible`` or ``enablecompletion``
    that is None (Moodle withheld it), an empty short or full name, and an empty category path
    keep the value held. With ``complete`` the list is every course Moodle lists: a held course
    missing from it is marked ``missing_since`` (once), and one listed again is unmarked.
    """
    paths = {
        row.moodle_id: row.path
        for row in session.scalars(select(CategoryRow).where(CategoryRow.site_id == site_row.id))
    }
    held = {
        row.moodle_id: row
        for row in session.scalars(select(CourseRow).where(CourseRow.site_id == site_row.id))
    }
    counts = Counts()
    for course in courses:
        values = column_values(
            course, leave_out=("moodle_id", "idnumber", "visible", "enablecompletion")
        )
        values["category_path"] = paths.get(course.category_moodle_id, "")
        row = held.get(course.moodle_id)
        if row is None:
            row = CourseRow(
                site_id=site_row.id,
                moodle_id=course.moodle_id,
                idnumber=course.idnumber or "",
                visible=course.visible,
                enablecompletion=course.enablecompletion,
                first_seen=now,
                last_seen=now,
                **values,
            )
            session.add(row)
            held[course.moodle_id] = row
            counts.new += 1
            continue
        row.last_seen = now
        if apply_values(row, _known_course_values(course, values)):
            counts.changed += 1
        else:
            counts.unchanged += 1
    if complete:
        counts.changed += _mark_missing(held, {c.moodle_id for c in courses}, now)
    session.flush()
    return counts


def _known_course_values(course: CourseValues, values: dict[str, Any]) -> dict[str, Any]:
    """Return the columns to refresh: only what the reply actually carried."""
    known = {
        name: value
        for name, value in values.items()
        if not (name in ("shortname", "fullname", "category_path") and value == "")
    }
    for name in ("idnumber", "visible", "enablecompletion"):
        value = getattr(course, name)
        if value is not None:
            known[name] = value
    known["missing_since"] = None
    return known


def _mark_missing(held: dict[int, CourseRow], listed: set[int], now: datetime) -> int:
    marked = 0
    for moodle_id, row in held.items():
        if moodle_id not in listed and row.missing_since is None:
            row.missing_since = now
            marked += 1
    return marked


def store_workers(
    session: Session,
    site_row: SiteRow,
    workers: list[WorkerValues],
    *,
    now: datetime,
    complete: bool = False,
    seen: bool = True,
) -> Counts:
    """Store or refresh ``workers``, seen in Moodle at ``now`` (the run's start); return what
    changed.

    When ``complete`` the list is every worker of the site: held workers missing from it are
    marked left, and a worker who comes back is unmarked. Without it nobody is marked left,
    because a partial list says nothing about who is missing. With ``seen`` off the list is
    the held workers themselves (re-derived by the caller), so ``last_seen`` stays the time
    Moodle last listed them.
    """
    held = {
        row.moodle_id: row
        for row in session.scalars(select(WorkerRow).where(WorkerRow.site_id == site_row.id))
        if row.moodle_id is not None
    }
    counts = Counts()
    listed: set[int] = set()
    for worker in workers:
        listed.add(worker.moodle_id)
        values = column_values(worker, leave_out=("moodle_id",))
        if complete:
            values["left"] = False
        row = held.get(worker.moodle_id)
        if row is not None and row.erased_at is not None:
            continue  # erased: nothing of them is stored again (records/privacy.py)
        if row is None:
            values["left"] = False
            row = WorkerRow(
                site_id=site_row.id,
                moodle_id=worker.moodle_id,
                first_seen=now,
                last_seen=now,
                **values,
            )
            session.add(row)
            held[worker.moodle_id] = row
            counts.new += 1
            continue
        if seen:
            row.last_seen = now
        if apply_values(row, values):
            counts.changed += 1
        else:
            counts.unchanged += 1
    if complete:
        for moodle_id, row in held.items():
            if moodle_id not in listed and not row.left:
                row.left = True
                counts.changed += 1
    session.flush()
    return counts


def held_workers(
    session: Session, site_row: SiteRow, *, seen_since: datetime
) -> list[WorkerValues]:
    """Return the site's workers Moodle listed at or after ``seen_since`` (the last catalogue
    refresh), by Moodle id, as they were stored."""
    rows = session.scalars(
        select(WorkerRow)
        .where(
            WorkerRow.site_id == site_row.id,
            WorkerRow.last_seen >= seen_since,
            WorkerRow.moodle_id.is_not(None),
            WorkerRow.erased_at.is_(None),
        )
        .order_by(WorkerRow.moodle_id)
    )
    return [
        WorkerValues(
            moodle_id=row.moodle_id,
            username=row.username,
            email=row.email,
            idnumber=row.idnumber,
            firstname=row.firstname,
            lastname=row.lastname,
            fullname=row.fullname,
            suspended=row.suspended,
            swe_number_raw=row.swe_number_raw,
            swe_number=row.swe_number,
            registered_on=row.registered_on,
            role=row.role,
            team=row.team,
            profile={str(key): str(value) for key, value in row.profile.items()},
        )
        for row in rows
        if row.moodle_id is not None
    ]


def held_course(row: CourseRow) -> HeldCourse:
    """Return the reader's view of one stored course."""
    return HeldCourse(
        row_id=row.id,
        moodle_id=row.moodle_id,
        shortname=row.shortname,
        fullname=row.fullname,
        idnumber=row.idnumber,
        category_moodle_id=row.category_moodle_id,
        category_path=row.category_path,
        visible=row.visible,
        enablecompletion=row.enablecompletion,
        tags=tuple(row.tags),
        customfields={str(key): str(value) for key, value in row.customfields.items()},
        site_url=row.site.url,
        missing_since=row.missing_since,
    )


def held_courses(session: Session, site_row: SiteRow, *, seen_since: datetime) -> list[HeldCourse]:
    """Return the site's courses Moodle listed at or after ``seen_since`` (the last catalogue
    refresh), by Moodle id."""
    rows = session.scalars(
        select(CourseRow)
        .where(CourseRow.site_id == site_row.id, CourseRow.last_seen >= seen_since)
        .order_by(CourseRow.moodle_id)
    )
    return [held_course(row) for row in rows]


def courses_held(
    session: Session, *, site_url: str | None = None, tracked_only: bool = False
) -> list[HeldCourse]:
    """Return the stored courses by shortname, of the site at ``site_url`` (of every site when
    None); with ``tracked_only``, only those whose completion tracking is on or unknown."""
    query = select(CourseRow).order_by(CourseRow.shortname, CourseRow.id)
    if tracked_only:
        query = query.where(
            or_(CourseRow.enablecompletion.is_(None), CourseRow.enablecompletion.is_(True))
        )
    if site_url is not None:
        query = query.join(SiteRow, CourseRow.site_id == SiteRow.id).where(
            SiteRow.url == site_key(site_url)
        )
    return [held_course(row) for row in session.scalars(query)]
