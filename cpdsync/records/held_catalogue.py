"""The catalogue held: the workers and courses the last catalogue refresh read from Moodle,
back in the connector's types, so a sync between refreshes can use them instead of reading
Moodle again (see cpdsync/app/refresh_policy.py)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from cpdsync.connector.facts import MoodleCourse, MoodleWorker
from cpdsync.records.schema import CourseRow, CursorRow, SiteRow, WorkerRow
from cpdsync.records.sync_writes import site_key


def find_site(session: Session, url: str) -> SiteRow | None:
    """Return the row of the site at ``url``, or None when no run has recorded it (reads only,
    so a run may consult it before it writes anything)."""
    return session.scalars(select(SiteRow).where(SiteRow.url == site_key(url))).one_or_none()


def cursor_of(session: Session, site_row: SiteRow | None, name: str) -> str | None:
    """Return cursor ``name`` of the site, or None when the site or the cursor is not held."""
    if site_row is None:
        return None
    return session.scalars(
        select(CursorRow.value).where(CursorRow.site_id == site_row.id, CursorRow.name == name)
    ).one_or_none()


def held_workers(
    session: Session, site_row: SiteRow, *, seen_since: datetime
) -> list[MoodleWorker]:
    """Return the site's workers Moodle listed at or after ``seen_since`` (the last catalogue
    refresh), by Moodle id, with their profile fields as Moodle gave them."""
    rows = session.scalars(
        select(WorkerRow)
        .where(WorkerRow.site_id == site_row.id, WorkerRow.last_seen >= seen_since)
        .order_by(WorkerRow.moodle_id)
    )
    return [
        MoodleWorker(
            id=row.moodle_id,
            username=row.username,
            email=row.email,
            idnumber=row.idnumber,
            firstname=row.firstname,
            lastname=row.lastname,
            fullname=row.fullname,
            suspended=row.suspended,
            profile={str(key): str(value) for key, value in row.profile.items()},
        )
        for row in rows
    ]


def held_courses(
    session: Session, site_row: SiteRow, *, seen_since: datetime
) -> list[MoodleCourse]:
    """Return the site's courses Moodle listed at or after ``seen_since`` (the last catalogue
    refresh), by Moodle id."""
    rows = session.scalars(
        select(CourseRow)
        .where(CourseRow.site_id == site_row.id, CourseRow.last_seen >= seen_since)
        .order_by(CourseRow.moodle_id)
    )
    return [
        MoodleCourse(
            id=row.moodle_id,
            shortname=row.shortname,
            fullname=row.fullname,
            idnumber=row.idnumber,
            categoryid=row.category_moodle_id,
            visible=row.visible,
            enablecompletion=row.enablecompletion,
            tags=tuple(row.tags),
            customfields={str(key): str(value) for key, value in row.customfields.items()},
        )
        for row in rows
    ]
