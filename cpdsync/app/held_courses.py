"""The courses a sync has stored, as the facts mapping rules match on."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from cpdsync.app.derive import course_facts
from cpdsync.errors import NotFoundError
from cpdsync.mappings.definitions import CourseFacts
from cpdsync.records.schema import CourseRow, SiteRow
from cpdsync.records.sync_writes import site_key


def held_course_facts(session: Session, site_url: str | None = None) -> list[CourseFacts]:
    """Return the stored courses whose completion tracking is on or unknown, by shortname, of
    the site at ``site_url`` (of every site held when None); raise NotFoundError saying to sync
    first when there are none.

    A course Moodle reports without completion tracking is left out: no completion of it can
    ever reach a worker's CPD, so mapping it would change nothing.
    """
    query = (
        select(CourseRow)
        .where(or_(CourseRow.enablecompletion.is_(None), CourseRow.enablecompletion.is_(True)))
        .order_by(CourseRow.shortname, CourseRow.id)
    )
    where = "the database"
    if site_url is not None:
        query = query.join(SiteRow, CourseRow.site_id == SiteRow.id).where(
            SiteRow.url == site_key(site_url)
        )
        where = f"the database for {site_key(site_url)}"
    facts = [course_facts(course) for course in session.scalars(query)]
    if not facts:
        raise NotFoundError(
            f"{where} holds no synced course with completion tracking; run `cpdsync sync` "
            "first, or give the courses with --courses FILE"
        )
    return facts
