"""Small builders for readiness inputs, so each test states only what it is about."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from cpdsync.app.rules import packaged_rules
from cpdsync.mappings.definitions import (
    Coverage,
    Duration,
    MappingSet,
    Requirement,
    Role,
    RoleAssign,
)
from cpdsync.readiness.inputs import CourseOffer, CpdItem, ReadinessInput, WorkerInfo

ROLE = "child-and-family-sw"
KSS_CF = {"KSS-CF": [f"KSS-CF-{n}" for n in range(1, 11)]}
# The rules cpdsync ships, passed to the pure functions as the use cases pass them.
RULES = packaged_rules()
CALENDAR = RULES.calendar


def worker(**changes: object) -> WorkerInfo:
    base = WorkerInfo(
        key=1,
        email="jo.smith@council.example",
        name="Jo Smith",
        idnumber="EMP0001",
        swe_number="SW123456",
        role=ROLE,
        team="Children North",
        registered_on=date(2015, 6, 1),
        suspended=False,
        left=False,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


_next_id = [100]


def item(day: date, **changes: object) -> CpdItem:
    _next_id[0] += 1
    base = CpdItem(
        entry_id=_next_id[0],
        title=f"Course {_next_id[0]}",
        activity_date=day,
        hours=3.0,
        cpd_type="training_course",
        capabilities=(),
        satisfies=(),
        reflected=True,
        peer_reflected=False,
        source="moodle",
        courseid=_next_id[0],
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def inputs(*items: CpdItem, unmapped: int = 0, **worker_changes: object) -> ReadinessInput:
    return ReadinessInput(
        worker=worker(**worker_changes), cpd=tuple(items), unmapped_completions=unmapped
    )


def offer(courseid: int, fullname: str, **changes: object) -> CourseOffer:
    base = CourseOffer(
        courseid=courseid,
        shortname=f"C{courseid}",
        fullname=fullname,
        capabilities=(),
        satisfies=(),
        cpd_type="training_course",
        reflection_included=False,
        peer_reflection=False,
        hours=3.0,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


SAFEGUARDING = Requirement(
    id="safeguarding-children",
    title="Safeguarding children (multi-agency) refresher",
    valid_for=Duration(years=3, text="P3Y"),
    roles=(ROLE,),
)

MAPPINGS = MappingSet(
    requirements=(SAFEGUARDING,),
    roles=(
        Role(
            id=ROLE,
            title="child and family social workers",
            assign=RoleAssign(profile_field="jobrole", pattern="Social Worker*"),
            coverage=Coverage(
                framework="KSS-CF", min_items=2, window=Duration(years=3, text="P3Y")
            ),
        ),
    ),
)

NO_MAPPINGS = MappingSet()
