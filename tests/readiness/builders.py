"""Small builders for readiness inputs, so each test states only what it is about."""

from __future__ import annotations

from collections.abc import Sequence
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
from cpdsync.readiness.inputs import (
    CourseOffer,
    CpdItem,
    ReadinessInput,
    RenewalDeclaration,
    WorkerInfo,
)

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


def item(
    day: date,
    *,
    reflected: bool = True,
    peer_reflected: bool = False,
    has_draft_reflection: bool = False,
    **changes: object,
) -> CpdItem:
    """A piece of CPD; by default the worker submitted its reflection. ``reflected`` and
    ``peer_reflected`` say what the worker wrote (a submitted reflection, with a peer
    reflection); ``has_draft_reflection`` makes that reflection a draft."""
    _next_id[0] += 1
    written = "draft" if has_draft_reflection else ("submitted" if reflected else "none")
    base = CpdItem(
        entry_id=_next_id[0],
        title=f"Course {_next_id[0]}",
        activity_date=day,
        hours=3.0,
        cpd_type="training_course",
        capabilities=(),
        satisfies=(),
        source="moodle",
        courseid=_next_id[0],
        reflection=written,
        peer_written=peer_reflected,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def inputs(
    *items: CpdItem,
    unmapped: int = 0,
    renewals: Sequence[str] = (),
    **worker_changes: object,
) -> ReadinessInput:
    """One worker's input; ``renewals`` are the year labels they declared submitted."""
    return ReadinessInput(
        worker=worker(**worker_changes),
        cpd=tuple(items),
        unmapped_completions=unmapped,
        renewals={
            label: RenewalDeclaration(year=label, declared_on=date(2026, 11, 20), declared_by="jo")
            for label in renewals
        },
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
