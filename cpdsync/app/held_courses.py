"""The courses a sync has stored, as the facts mapping rules match on."""

from __future__ import annotations

from sqlalchemy.orm import Session

from cpdsync.app.course_rules import course_facts
from cpdsync.errors import NotFoundError
from cpdsync.mappings.definitions import CourseFacts
from cpdsync.records.catalogue_rows import courses_held
from cpdsync.records.site_rows import site_key


def held_course_facts(session: Session, site_url: str | None = None) -> list[CourseFacts]:
    """Return the stored courses whose completion tracking is on or unknown, by shortname, of
    the site at ``site_url`` (of every site held when None); raise NotFoundError saying to sync
    first when there are none.

    A course Moodle reports without completion tracking is left out: no completion of it can
    ever reach a worker's CPD, so mapping it would change nothing.
    """
    facts = [
        course_facts(course)
        for course in courses_held(session, site_url=site_url, tracked_only=True)
    ]
    if not facts:
        where = "the database" if site_url is None else f"the database for {site_key(site_url)}"
        raise NotFoundError(
            f"{where} holds no synced course with completion tracking; run `cpdsync sync` "
            "first, or give the courses with --courses FILE"
        )
    return facts
