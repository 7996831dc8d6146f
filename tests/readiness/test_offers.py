"""Suggested courses: for the worker's role (readiness/offers.py states the rule), on their
site, each with its link in Moodle."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from cpdsync.mappings.definitions import (
    Coverage,
    Duration,
    MappingSet,
    Requirement,
    Role,
    RoleAssign,
)
from cpdsync.readiness.engine import assess
from cpdsync.readiness.offers import RoleFilter

from .builders import RULES, inputs, item, offer

P3Y = Duration(years=3, text="P3Y")
FRAMEWORKS = {
    "KSS-CF": ["KSS-CF-5", "KSS-CF-6"],
    "KSS-AD": ["KSS-AD-SAFEGUARDING", "KSS-AD-SUPERVISION"],
    "KSS-PS": ["KSS-PS-1"],
    "PCF": ["PCF-6", "PCF-7"],
    "SWE-PS": ["SWE-PS-3.4", "SWE-PS-4.6"],
}


def _role(role_id: str, framework: str | None) -> Role:
    coverage = Coverage(framework=framework, min_items=1, window=P3Y) if framework else None
    return Role(id=role_id, assign=RoleAssign(default=True), coverage=coverage)


MAPPINGS = MappingSet(
    requirements=(
        Requirement("safeguarding-children", "SG children", P3Y, ("cf-sw", "supervisor")),
        Requirement("data-protection", "Data protection", P3Y),
    ),
    roles=(
        _role("supervisor", "KSS-PS"),
        _role("cf-sw", "KSS-CF"),
        _role("adults-sw", "KSS-AD"),
        _role("social-worker", "PCF"),
        _role("no-framework", None),
    ),
)
CHILD_PROTECTION = offer(
    1,
    "Child protection enquiries",
    capabilities=("KSS-CF-5", "KSS-CF-6", "SWE-PS-3.4", "PCF-7"),
    satisfies=("safeguarding-children",),
)
GROUP = offer(
    2,
    "Reflective practice group",
    capabilities=("SWE-PS-4.6", "KSS-CF-9", "KSS-AD-SUPERVISION", "PCF-6"),
)
DATA = offer(3, "Data protection", capabilities=("SWE-PS-3.4",), satisfies=("data-protection",))
STANDARDS_ONLY = offer(4, "Recording skills", capabilities=("SWE-PS-3.4",))
LEADERSHIP = offer(5, "Leading teams", capabilities=("KSS-PS-1", "PCF-7"))
ALL = (CHILD_PROTECTION, GROUP, DATA, STANDARDS_ONLY, LEADERSHIP)


@pytest.mark.parametrize(
    ("role", "offered"),
    [
        ("adults-sw", ["Reflective practice group", "Data protection", "Recording skills"]),
        (
            "cf-sw",
            ["Child protection enquiries", "Reflective practice group", "Data protection"]
            + ["Recording skills"],
        ),
        # A requirement of the role brings its course in; its framework (KSS-PS) does too.
        (
            "supervisor",
            ["Child protection enquiries", "Data protection", "Recording skills"]
            + ["Leading teams"],
        ),
        ("social-worker", [o.fullname for o in ALL]),  # PCF is on every course but one
        ("no-framework", ["Data protection", "Recording skills"]),
        (None, [o.fullname for o in ALL]),
    ],
)
def test_a_course_targeting_only_another_roles_framework_is_not_offered(
    role: str | None, offered: list[str]
) -> None:
    rule = RoleFilter(MAPPINGS, FRAMEWORKS)
    assert [o.fullname for o in ALL if rule.offered_to(o, role)] == offered


def test_a_capability_belongs_to_a_framework_by_its_items_or_its_longest_prefix() -> None:
    rule = RoleFilter(MAPPINGS, {**FRAMEWORKS, "KSS": ["KSS-1"]})
    assert rule.framework_of("KSS-AD-SUPERVISION") == "KSS-AD"
    assert rule.framework_of("KSS-CF-9") == "KSS-CF"  # not an item listed: by prefix
    assert rule.framework_of("KSS-1") == "KSS"
    assert rule.framework_of("UNKNOWN-1") is None


def test_an_adults_worker_is_offered_no_child_protection_course_and_each_links_to_moodle() -> None:
    site = "https://learning.council.example"
    offers = [replace(o, site=site) for o in ALL]
    elsewhere = offer(6, "Other council's course", site="https://other.example")
    report = assess(
        [inputs(item(date(2026, 3, 1)), role="adults-sw", site=site)],
        mappings=MAPPINGS,
        offers=[*offers, elsewhere],
        frameworks=FRAMEWORKS,
        as_of=date(2026, 11, 22),
        rules=RULES,
    )
    count = next(g for g in report.workers[0].gaps if g.code == "SWE_CPD_COUNT")
    assert [(c.id, c.name, c.url) for c in count.suggested_courses] == [
        (3, "Data protection", f"{site}/course/view.php?id=3"),
        (4, "Recording skills", f"{site}/course/view.php?id=4"),
        (2, "Reflective practice group", f"{site}/course/view.php?id=2"),
    ]
