"""Values a small council's records are written from, as records itself takes them."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy.orm import Session

from cpdsync.records import catalogue_rows
from cpdsync.records.row_values import (
    CategoryValues,
    CompletionValues,
    CourseValues,
    DerivedEntryValues,
    SiteValues,
    WorkerValues,
)
from cpdsync.records.schema import SiteRow
from cpdsync.records.site_rows import store_site

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
SITE = SiteValues(
    url="https://learning.council.example/",
    sitename="Council Learning",
    release="4.5.1+",
    version="2024100701",
)
CATEGORIES = [
    CategoryValues(moodle_id=2, name="Safeguarding", parent=0, path="Safeguarding"),
    CategoryValues(moodle_id=3, name="Children", parent=2, path="Safeguarding / Children"),
]
COURSES = [
    CourseValues(
        moodle_id=5,
        shortname="SG-L3",
        fullname="Safeguarding children level 3",
        idnumber="KSS-CF-05-SG",
        category_moodle_id=3,
        visible=True,
        enablecompletion=True,
        tags=("safeguarding",),
        customfields={"cpdhours": "6"},
    ),
    CourseValues(
        moodle_id=6,
        shortname="RPG",
        fullname="Reflective practice group",
        idnumber="PEER-01",
        category_moodle_id=2,
        visible=True,
        enablecompletion=None,
    ),
    CourseValues(
        moodle_id=7,
        shortname="FIRE",
        fullname="Fire safety",
        idnumber="",
        category_moodle_id=2,
        visible=False,
        enablecompletion=False,
    ),
]


def worker(
    moodle_id: int = 3,
    *,
    email: str = "jo.smith@council.example",
    username: str = "jsmith",
    team: str | None = "Children North",
) -> WorkerValues:
    return WorkerValues(
        moodle_id=moodle_id,
        username=username,
        email=email,
        idnumber=f"EMP{moodle_id:04d}",
        firstname="Jo",
        lastname="Smith",
        fullname=f"Worker {moodle_id}",
        suspended=False,
        swe_number_raw=f" sw10{moodle_id:04d} ",
        swe_number=f"SW10{moodle_id:04d}",
        registered_on=date(2019, 5, 1),
        role="child-and-family-sw",
        team=team,
        profile={"team": team or "", "jobrole": "Social Worker"},
    )


WORKERS = [worker(), worker(4, email="sam.lee@council.example", username="slee", team="Adults")]

# 2025-11-30 23:30 UTC.
T_SG = int(datetime(2025, 11, 30, 23, 30, tzinfo=UTC).timestamp())


def completion(
    worker_id: int = 3, course_id: int = 5, when: int = T_SG, source: str = "criteria_latest"
) -> CompletionValues:
    return CompletionValues(
        worker_moodle_id=worker_id,
        course_moodle_id=course_id,
        timecompleted=when,
        date_source=source,
    )


# What the safeguarding rule makes of a completion of SG-L3.
VALUES = DerivedEntryValues(
    title="Safeguarding children level 3",
    activity_date=date(2025, 11, 30),
    hours=6.0,
    cpd_type="training_course",
    capabilities=("KSS-CF-5",),
    satisfies=("safeguarding-children",),
    reflection_included=False,
    peer_reflection_included=False,
    rule_location="mappings/council.yaml:4",
)


def store_sample(session: Session, site: SiteValues = SITE) -> SiteRow:
    """Store the site, its categories, courses and workers; return the site's row."""
    site_row = store_site(session, site, now=NOW)
    catalogue_rows.store_categories(session, site_row, CATEGORIES)
    catalogue_rows.store_courses(session, site_row, COURSES, now=NOW)
    catalogue_rows.store_workers(session, site_row, WORKERS, now=NOW)
    return site_row
