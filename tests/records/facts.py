"""Facts a sync hands to the records layer, and loading them the way one sync run does."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from cpdsync.connector.facts import (
    CategoryFacts,
    CompletionObservation,
    MoodleCourse,
    MoodleWorker,
    SiteFacts,
)
from cpdsync.mappings.definitions import Location, MappingSet, Match, Role, RoleAssign, Rule
from cpdsync.records import sync_writes as writes
from cpdsync.records.db import Database

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


def load_facts(
    database: Database,
    observations: Sequence[CompletionObservation] = (),
    *,
    mappings: MappingSet = MAPPINGS,
) -> dict[str, dict[str, object]]:
    """Apply site, categories, courses, workers, completions and derivation; return counts."""
    with database.transaction() as session:
        site = writes.get_or_create_site(session, SITE)
        counts = {
            "categories": writes.upsert_categories(session, site, CATEGORIES).as_dict(),
            "courses": writes.upsert_courses(session, site, COURSES, CATEGORIES).as_dict(),
            "workers": writes.upsert_workers(
                session,
                site,
                WORKERS,
                swe_number_field="swenumber",
                swe_registered_field="sweregistered",
                mappings=mappings,
            ).as_dict(),
            "completions": writes.record_completions(
                session, site, list(observations), now=NOW
            ).as_dict(),
            "cpd": writes.derive_cpd_entries(session, site, mappings, actor="sync").as_dict(),
        }
    return counts
