"""`cpdsync mappings coverage` over the courses a sync stored (and over a file of courses)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from cpdsync.cli import main
from cpdsync.connector.facts import CategoryFacts, MoodleCourse, SiteFacts
from cpdsync.records.db import open_database
from tests.app.facts import store_moodle_facts

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "mappings"
SITE = SiteFacts(
    url="https://learning.council.example",
    sitename="Council Learning",
    release="4.5.1+",
    version="2024100701",
    userid=2,
    functions=frozenset(),
)
CATEGORIES = [
    CategoryFacts(id=2, name="Safeguarding", parent=0, path="Safeguarding"),
    CategoryFacts(id=3, name="Children", parent=2, path="Safeguarding / Children"),
    CategoryFacts(id=4, name="Information", parent=0, path="Information"),
]


def _course(moodle_id: int, idnumber: str, category: int, tracked: bool | None) -> MoodleCourse:
    return MoodleCourse(
        id=moodle_id,
        shortname=idnumber.lower(),
        fullname=f"Course {idnumber}",
        idnumber=idnumber,
        categoryid=category,
        visible=True,
        enablecompletion=tracked,
        customfields={"cpdhours": "3"},
    )


COURSES = [
    _course(5, "SG-CH-01", 3, True),
    _course(6, "MAN-DATAPROT", 4, None),  # completion tracking withheld from the token
    _course(7, "INFO-01", 4, True),  # no rule maps it
    _course(8, "INFO-02", 4, False),  # no completion tracking: cannot become CPD, left out
]


def _config(tmp_path: Path, db_url: str) -> Path:
    path = tmp_path / "cpdsync.toml"
    path.write_text(
        f'[moodle]\nurl = "{SITE.url}"\n\n[database]\nurl = "{db_url}"\n\n'
        f'[mappings]\npaths = ["{EXAMPLE}"]\n',
        encoding="utf-8",
    )
    return path


@pytest.fixture
def synced(tmp_path: Path, db_url: str) -> Path:
    database = open_database(db_url)
    try:
        with database.transaction() as session:
            store_moodle_facts(
                session, site=SITE, categories=CATEGORIES, courses=COURSES, workers=[]
            )
    finally:
        database.close()
    return _config(tmp_path, db_url)


def run(config: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--config", str(config), "mappings", "coverage", *args])


def test_coverage_reports_on_the_synced_courses_by_default(synced: Path) -> None:
    result = run(synced, "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (report["courses"], report["mapped"]) == (3, 2)
    assert report["unmapped_courses"] == [
        {
            "courseid": 7,
            "shortname": "info-01",
            "idnumber": "INFO-01",
            "fullname": "Course INFO-01",
            "category": "Information",
        }
    ]
    # Only the children's safeguarding and data protection requirements have a course.
    assert report["unsatisfied_requirements"] == ["safeguarding-adults", "mental-capacity-act"]
    uncovered = {item["id"] for item in report["uncovered_items"]}
    assert "KSS-CF-5" not in uncovered  # SG-CH-01 evidences it
    assert "KSS-CF-1" in uncovered  # no Practice Skills course is synced


def test_coverage_text_names_the_unmapped_synced_course(synced: Path) -> None:
    result = run(synced)
    assert result.exit_code == 0, result.output
    assert "2 of 3 courses mapped by 11 rules" in result.stdout
    assert "info-01 [INFO-01] Information" in result.stdout
    assert "info-02" not in result.stdout


def test_coverage_of_a_courses_file_still_reads_the_file(synced: Path, tmp_path: Path) -> None:
    courses = tmp_path / "courses.json"
    courses.write_text(
        json.dumps([{"courseid": 1, "shortname": "ps", "idnumber": "PS-01"}]), encoding="utf-8"
    )
    result = run(synced, "--courses", str(courses), "--json")
    assert result.exit_code == 0, result.output
    assert (json.loads(result.stdout)["courses"], json.loads(result.stdout)["mapped"]) == (1, 1)


def test_coverage_before_any_sync_says_to_sync_or_give_a_file(tmp_path: Path, db_url: str) -> None:
    result = run(_config(tmp_path, db_url))
    assert result.exit_code == 2
    assert "holds no synced course" in result.stderr
    assert "run `cpdsync sync` first, or give the courses with --courses FILE" in result.stderr
