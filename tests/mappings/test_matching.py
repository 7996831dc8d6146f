"""Applying mappings: which rule maps a course, which role a worker gets."""

from __future__ import annotations

from pathlib import Path

import pytest

from cpdsync.mappings import CourseFacts, assign_role, load_mappings, match_course
from cpdsync.mappings.definitions import MappingSet
from tests.mappings.conftest import EXAMPLE, course, write


@pytest.fixture
def council() -> MappingSet:
    return load_mappings([EXAMPLE])


def test_each_sample_council_course_maps_to_its_rule(
    council: MappingSet, council_courses: list[CourseFacts]
) -> None:
    by_id = {c.idnumber: match_course(council, c) for c in council_courses}
    assert by_id["INFO-01"] is None
    sg = by_id["SG-CH-01"]
    assert sg is not None and sg.satisfies == ("safeguarding-children",)
    assert "KSS-CF-5" in sg.capabilities and sg.cpd_hours == 3.0
    refresher = by_id["MAN-SGREFRESH-CH"]
    assert refresher is not None and refresher.cpd_hours == 1.5
    assert refresher.cpd_type == "e_learning"
    data = by_id["MAN-DATAPROT"]
    assert data is not None and data.cpd_hours == 1.0  # a literal, not the missing field
    rpg = by_id["RPG-01"]
    assert rpg is not None
    assert (rpg.cpd_type, rpg.reflection_included, rpg.peer_reflection) == (
        "peer_discussion",
        True,
        True,
    )


def test_the_first_matching_rule_wins_in_file_order(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "m.yaml",
        "version: 1\nrules:\n"
        "  - match: {idnumber: 'SG-CH-*'}\n    capabilities: [KSS-CF-5]\n"
        "  - match: {category: 'Safeguarding / *'}\n    capabilities: [SWE-PS-3.4]\n",
    )
    mappings = load_mappings([path])
    first = match_course(mappings, course(1, "SG-CH-02", "Safeguarding / Children"))
    second = match_course(mappings, course(2, "ODD-1", "Safeguarding / Adults"))
    assert first is not None and first.capabilities == ("KSS-CF-5",)
    assert second is not None and second.capabilities == ("SWE-PS-3.4",)
    assert match_course(mappings, course(3, "ODD-2", "Safeguarding")) is None


@pytest.mark.parametrize(
    ("match", "facts", "matched"),
    [
        ("{shortname: 'sg-*'}", course(1, "SG-1", ""), True),
        ("{fullname: 'Course SG*'}", course(1, "SG-1", ""), True),
        ("{category: 'practice skills'}", course(1, "PS-1", "Practice Skills"), True),
        ("{category: 'Practice'}", course(1, "PS-1", "Practice Skills"), False),
        ("{tag: 'PEER-*'}", course(1, "R", "", tags=("x", "peer-discussion")), True),
        ("{tag: '*'}", course(1, "R", ""), False),
        ("{customfield.cpdhours: '3'}", course(1, "R", ""), True),
        ("{customfield.cpdhours: '*'}", course(1, "R", "", hours=None), False),
        ("{customfield.level: '*'}", course(1, "R", ""), False),
    ],
)
def test_each_attribute_matches_as_documented(
    tmp_path: Path, match: str, facts: CourseFacts, matched: bool
) -> None:
    mappings = load_mappings(
        [write(tmp_path, "m.yaml", f"version: 1\nrules:\n  - match: {match}\n")]
    )
    assert (match_course(mappings, facts) is not None) is matched


@pytest.mark.parametrize(
    ("hours", "expected"),
    [
        ("6", 6.0),
        (" 2.5 ", 2.5),
        ("six", None),
        ("", None),
        ("-1", None),
        ("nan", None),
        (None, None),
    ],
)
def test_hours_from_a_custom_field_are_a_number_or_none(
    tmp_path: Path, hours: str | None, expected: float | None
) -> None:
    path = write(
        tmp_path,
        "m.yaml",
        "version: 1\nrules:\n  - match: {idnumber: '*'}\n    hours_from: customfield.cpdhours\n",
    )
    matched = match_course(load_mappings([path]), course(1, "X", "", hours=hours))
    assert matched is not None and matched.cpd_hours == expected


@pytest.mark.parametrize(
    ("profile", "role"),
    [
        ({"jobrole": "Practice Supervisor", "team": "Children North"}, "practice-supervisor"),
        ({"jobrole": "Social Worker", "team": "Children North"}, "child-and-family-sw"),
        ({"jobrole": "Social Worker", "team": "children disability"}, "child-and-family-sw"),
        ({"jobrole": "Senior Social Worker", "team": "Fostering and Adoption"}, "fostering-sw"),
        ({"jobrole": "Social Worker", "team": "Adults East"}, "adults-sw"),
        ({"jobrole": "Advanced Practitioner", "team": "Mental Health"}, "mental-health-sw"),
        ({"jobrole": "Team Manager", "team": "Adults West"}, "team-manager"),
        ({"jobrole": "Newly Qualified Social Worker (ASYE)"}, "social-worker"),
        ({}, "social-worker"),
    ],
)
def test_a_worker_gets_the_first_matching_role_else_the_default(
    council: MappingSet, profile: dict[str, str], role: str
) -> None:
    assigned = assign_role(council, profile)
    assert assigned is not None and assigned.id == role


def test_without_a_default_role_an_unmatched_worker_has_none(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "m.yaml",
        "version: 1\nroles:\n  - id: a\n    assign: {profile_field: {team: 'Adults*'}}\n",
    )
    mappings = load_mappings([path])
    assert assign_role(mappings, {"team": "Children North"}) is None
    found = assign_role(mappings, {"team": "Adults East"})
    assert found is not None and found.id == "a"
