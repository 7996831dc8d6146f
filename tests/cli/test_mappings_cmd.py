"""`cpdsync mappings …` end to end through the click application."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from cpdsync.cli import main
from cpdsync.mappings import CourseFacts
from tests.mappings.conftest import BROKEN, EXAMPLE, write


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def test_validate_says_ok_with_counts_for_the_example() -> None:
    result = run("mappings", "validate", str(EXAMPLE))
    assert result.exit_code == 0, result.output
    assert result.stdout == "OK: 11 rules, 4 requirements, 7 roles from 1 files\n"


def test_validate_prints_every_problem_and_exits_2_for_the_broken_copy() -> None:
    result = run("mappings", "validate", str(BROKEN))
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0] == "cpdsync: error: 15 problem(s) in 2 of 2 mapping file(s):"
    assert (
        f"{BROKEN / 'council.yaml'}:6: unknown capability id 'KSS-CF-05'; did you mean "
        "KSS-CF-5?" in lines
    )
    assert len(lines) == 16


def test_validate_json_lists_problems_with_path_and_line() -> None:
    result = run("mappings", "validate", "--json", str(BROKEN))
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert data["ok"] is False
    assert data["problems"][0] == {
        "path": str(BROKEN / "council.yaml"),
        "line": 6,
        "message": "unknown capability id 'KSS-CF-05'; did you mean KSS-CF-5?",
    }


def test_validate_reads_mappings_paths_from_the_config(tmp_path: Path) -> None:
    config = write(tmp_path, "cpdsync.toml", f'[mappings]\npaths = ["{EXAMPLE}"]\n')
    result = run("--config", str(config), "mappings", "validate", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["rules"] == 11


def test_coverage_reports_unmapped_courses_as_json(
    tmp_path: Path, council_courses: list[CourseFacts]
) -> None:
    courses = [
        {
            "courseid": c.courseid,
            "shortname": c.shortname,
            "fullname": c.fullname,
            "idnumber": c.idnumber,
            "category_path": c.category_path,
            "tags": list(c.tags),
            "customfields": c.customfields,
        }
        for c in council_courses
    ]
    path = write(tmp_path, "courses.json", json.dumps(courses))
    result = run(
        "mappings", "coverage", "--courses", str(path), "--mappings", str(EXAMPLE), "--json"
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [c["idnumber"] for c in data["unmapped_courses"]] == ["INFO-01"]
    assert data["unsatisfied_requirements"] == []
    text = run("mappings", "coverage", "--courses", str(path), "--mappings", str(EXAMPLE))
    assert "10 of 11 courses mapped by 11 rules" in text.stdout
    assert "info-01 [INFO-01] Information" in text.stdout


def test_export_then_import_csv_round_trips_through_the_commands(tmp_path: Path) -> None:
    csv_path = tmp_path / "rules.csv"
    exported = run("mappings", "export-csv", str(EXAMPLE), "--output", str(csv_path))
    assert exported.exit_code == 0, exported.output
    assert csv_path.read_bytes().startswith(b"\xef\xbb\xbfmatch,pattern,")
    yaml_path = tmp_path / "mappings" / "rules.yaml"
    yaml_path.parent.mkdir()
    imported = run("mappings", "import-csv", str(csv_path), "--output", str(yaml_path))
    assert imported.exit_code == 0, imported.output
    assert imported.stdout == f"wrote 11 rules to {yaml_path}\n"
    # The imported rules plus the example's requirements and roles validate as a whole.
    tail = (EXAMPLE / "council.yaml").read_text(encoding="utf-8").split("\nrequirements:", 1)[1]
    write(tmp_path / "mappings", "z-rest.yaml", "version: 1\nrequirements:" + tail)
    again = run("mappings", "export-csv", str(tmp_path / "mappings"), "--output", "-")
    assert again.exit_code == 0, again.output
    assert b"\xef\xbb\xbf" + again.stdout_bytes == csv_path.read_bytes()


def test_export_never_overwrites_a_file(tmp_path: Path) -> None:
    target = write(tmp_path, "rules.csv", "keep me")
    result = run("mappings", "export-csv", str(EXAMPLE), "--output", str(target))
    assert result.exit_code == 2
    assert "already exists" in result.stderr
    assert target.read_text(encoding="utf-8") == "keep me"


def test_import_csv_reports_bad_rows_and_writes_nothing(tmp_path: Path) -> None:
    source = write(tmp_path, "r.csv", "match,pattern,cpd_hours\nidnumber,A,lots\n")
    target = tmp_path / "r.yaml"
    result = run("mappings", "import-csv", str(source), "--output", str(target))
    assert result.exit_code == 2
    assert f"{source}:2: cpd_hours must be a positive number of hours, got 'lots'" in result.stderr
    assert not target.exists()
