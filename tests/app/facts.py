"""What Moodle reports about a small council, and storing it the way one sync run does:
translated by the app, written by records, CPD entries derived under the mappings."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from cpdsync.app.course_rules import CourseRules
from cpdsync.app.derive import derive_cpd_entries
from cpdsync.app.moodle_values import (
    category_values,
    completion_values,
    course_values,
    site_values,
)
from cpdsync.app.worker_values import worker_values
from cpdsync.connector.facts import (
    CategoryFacts,
    CompletionObservation,
    MoodleCourse,
    MoodleWorker,
    SiteFacts,
)
from cpdsync.mappings.definitions import Location, MappingSet, Match, Role, RoleAssign, Rule
from cpdsync.records import catalogue_rows, completion_rows
from cpdsync.records.db import Database
from cpdsync.records.schema import SiteRow
from cpdsync.records.site_rows import store_site
from cpdsync.records.write_counts import Counts

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
SITE = SiteFacts(
    url="https://learning.council.example/",
    sitename="Council Learning",
    release="4.5.1+",
    version="2024100701",
    userid=2,
    functions=frozenset(),
)
CATEGORIES = [
    CategoryFacts(id=2, name="Safeguarding", parent=0, path="Safeguarding"),
    CategoryFacts(id=3, name="Children", parent=2, path="Safeguarding / Children"),
]
COURSES = [
    MoodleCourse(
        id=5,
        shortname="SG-L3",
        fullname="Safeguarding children level 3",
        idnumber="KSS-CF-05-SG",
        categoryid=3,
        visible=True,
        enablecompletion=True,
        tags=("safeguarding",),
        customfields={"cpdhours": "6"},
    ),
    MoodleCourse(
        id=6,
        shortname="RPG",
        fullname="Reflective practice group",
        idnumber="PEER-01",
        categoryid=2,
        visible=True,
        enablecompletion=True,
    ),
    MoodleCourse(
        id=7,
        shortname="FIRE",
        fullname="Fire safety",
        idnumber="",
        categoryid=2,
        visible=True,
        enablecompletion=True,
    ),
]


def worker(
    moodle_id: int = 3,
    *,
    email: str = "jo.smith@council.example",
    username: str = "jsmith",
    idnumber: str = "EMP0001",
    swe: str = " sw104455 ",
    team: str = "Children North",
    jobrole: str = "Social Worker",
    suspended: bool = False,
) -> MoodleWorker:
    return MoodleWorker(
        id=moodle_id,
        username=username,
        email=email,
        idnumber=idnumber,
        firstname="Jo",
        lastname="Smith",
        fullname="Jo Smith",
        suspended=suspended,
        profile={
            "swenumber": swe,
            "sweregistered": "2019-05-01",
            "team": team,
            "jobrole": jobrole,
        },
    )


WORKERS = [
    worker(),
    worker(
        4,
        email="sam.lee@council.example",
        username="slee",
        idnumber="EMP0002",
        swe="SW-118822",
        jobrole="Team Manager",
    ),
]

SG_RULE = Rule(
    match=Match("idnumber", "KSS-CF-05-*"),
    capabilities=("KSS-CF-5", "SWE-PS-3.1"),
    hours_from="customfield.cpdhours",
    cpd_type="training_course",
    satisfies=("safeguarding-children",),
    location=Location("mappings/council.yaml", 4),
)
PEER_RULE = Rule(
    match=Match("idnumber", "PEER-*"),
    capabilities=("PCF-6",),
    cpd_hours=2.0,
    cpd_type="peer_discussion",
    reflection_included=True,
    peer_reflection=True,
    location=Location("mappings/council.yaml", 12),
)
MAPPINGS = MappingSet(
    rules=(SG_RULE, PEER_RULE),
    roles=(
        Role(id="team-manager", assign=RoleAssign(profile_field="jobrole", pattern="Team Manager")),
        Role(id="child-and-family-sw", assign=RoleAssign(default=True)),
    ),
)

# 2025-11-30 23:30 UTC: still 30 November in London (GMT).
T_SG = int(datetime(2025, 11, 30, 23, 30, tzinfo=UTC).timestamp())
T_PEER = int(datetime(2026, 1, 14, 10, 0, tzinfo=UTC).timestamp())


def observation(
    userid: int = 3, courseid: int = 5, when: int = T_SG, source: str = "criteria_latest"
) -> CompletionObservation:
    return CompletionObservation(
        userid=userid,
        courseid=courseid,
        timecompleted=when,
        source=source,  # type: ignore[arg-type]
    )


def store_moodle_facts(
    session: Session,
    *,
    site: SiteFacts = SITE,
    categories: Sequence[CategoryFacts] = CATEGORIES,
    courses: Sequence[MoodleCourse] = COURSES,
    workers: Sequence[MoodleWorker] = WORKERS,
    observations: Sequence[CompletionObservation] = (),
    mappings: MappingSet = MAPPINGS,
) -> dict[str, Counts]:
    """Store what Moodle reported as a sync run would, and derive the CPD entries; return the
    counts of each write."""
    site_row = store_site(session, site_values(site), now=NOW)
    counts = {
        "categories": catalogue_rows.store_categories(
            session, site_row, [category_values(c) for c in categories]
        ),
        "courses": catalogue_rows.store_courses(
            session, site_row, [course_values(c) for c in courses], now=NOW
        ),
        "workers": store_sample_workers(session, site_row, workers, mappings=mappings),
        "completions": completion_rows.record_completions(
            session, site_row, [completion_values(o) for o in observations], now=NOW
        ),
    }
    rules = CourseRules(mappings, catalogue_rows.courses_held(session, site_url=site_row.url))
    counts["cpd"] = derive_cpd_entries(session, site_row, rules.match, actor="sync", now=NOW)
    return counts


def store_sample_site(session: Session, site: SiteFacts = SITE) -> SiteRow:
    """Store ``site`` as a sync run would; return its row."""
    return store_site(session, site_values(site), now=NOW)


def store_sample_workers(
    session: Session,
    site_row: SiteRow,
    workers: Sequence[MoodleWorker] = WORKERS,
    *,
    mappings: MappingSet = MAPPINGS,
    complete: bool = False,
) -> Counts:
    """Store ``workers`` with their SWE number, join date, role and team; return the counts."""
    values = [
        worker_values(
            worker,
            swe_number_field="swenumber",
            swe_registered_field="sweregistered",
            mappings=mappings,
        )
        for worker in workers
    ]
    return catalogue_rows.store_workers(session, site_row, values, now=NOW, complete=complete)


def load_facts(
    database: Database,
    observations: Sequence[CompletionObservation] = (),
    *,
    mappings: MappingSet = MAPPINGS,
) -> dict[str, Counts]:
    """Store the sample council with ``observations`` in one transaction; return the counts."""
    with database.transaction() as session:
        return store_moodle_facts(session, observations=observations, mappings=mappings)
