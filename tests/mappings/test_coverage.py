"""What the mappings leave uncovered for a site's courses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cpdsync.errors import InputFileError
from cpdsync.mappings import CourseFacts, load_frameworks, load_mappings
from cpdsync.mappings.coverage import coverage_report, read_course_facts
from tests.mappings.conftest import EXAMPLE, write


def test_the_sample_council_leaves_only_the_info_course_unmapped(
    council_courses: list[CourseFacts],
) -> None:
    report = coverage_report(load_mappings([EXAMPLE]), load_frameworks(), council_courses)
    assert (report.courses, report.mapped) == (11, 10)
    assert [c.idnumber for c in report.unmapped_courses] == ["INFO-01"]
    assert report.unsatisfied_requirements == ()
    assert report.frameworks == ("KSS-AD", "KSS-CF", "KSS-PS", "PCF", "SWE-PS")
    uncovered = {i.id for i in report.uncovered_items}
    assert "KSS-CF-3" in uncovered and "KSS-CF-5" not in uncovered
    assert "PCF-1" in uncovered and "PCF-6" not in uncovered


def test_requirements_no_course_satisfies_are_listed(council_courses: list[CourseFacts]) -> None:
    without_mca = [c for c in council_courses if c.idnumber != "MAN-MCA"]
    report = coverage_report(load_mappings([EXAMPLE]), load_frameworks(), without_mca)
    assert report.unsatisfied_requirements == ("mental-capacity-act",)
    assert report.to_json()["unsatisfied_requirements"] == ["mental-capacity-act"]


def test_a_simulator_dataset_gives_category_paths_and_skips_courses_without_completion(
    tmp_path: Path,
) -> None:
    dataset = {
        "site": {},
        "categories": [
            {"id": 2, "name": "Safeguarding", "parent": 0},
            {"id": 3, "name": "Children", "parent": 2},
        ],
        "courses": [
            {
                "id": 5,
                "shortname": "SG1",
                "fullname": "Safeguarding 1",
                "idnumber": "SG-CH-01",
                "categoryid": 3,
                "enablecompletion": True,
                "customfields": {"cpdhours": "6"},
                "tags": ["safeguarding"],
            },
            {
                "id": 6,
                "shortname": "INFO",
                "fullname": "Info",
                "idnumber": "INFO-01",
                "categoryid": 2,
                "enablecompletion": False,
            },
        ],
    }
    path = write(tmp_path, "dataset.json", json.dumps(dataset))
    (only,) = read_course_facts(path)
    assert only == CourseFacts(
        courseid=5,
        shortname="SG1",
        fullname="Safeguarding 1",
        idnumber="SG-CH-01",
        category_path="Safeguarding / Children",
        tags=("safeguarding",),
        customfields={"cpdhours": "6"},
    )


def test_a_plain_list_of_course_facts_is_read(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "courses.json",
        json.dumps([{"courseid": 1, "shortname": "a", "fullname": "A", "category": "Legal"}]),
    )
    (only,) = read_course_facts(path)
    assert (only.courseid, only.category_path) == (1, "Legal")


@pytest.mark.parametrize(
    ("text", "message"),
    [("{", "not valid JSON"), ('{"x": 1}', "expected a JSON list"), ("[1]", "lacks a field")],
)
def test_a_bad_courses_file_is_named_with_the_fault(
    tmp_path: Path, text: str, message: str
) -> None:
    with pytest.raises(InputFileError, match=message):
        read_course_facts(write(tmp_path, "c.json", text))
