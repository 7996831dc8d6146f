"""`cpdsync frameworks …` end to end through the click application."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from cpdsync.cli import main
from tests.mappings.test_moodle_csv import MOODLE_45_HEADER


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def test_frameworks_list_shows_items_and_end_dates() -> None:
    result = run("frameworks", "list")
    assert result.exit_code == 0
    assert (
        "KSS-CF    10 items, 8 unverified, in force until 2027-03-31, then CF-ECS" in result.stdout
    )
    listed = json.loads(run("frameworks", "list", "--json").stdout)
    assert [fw["id"] for fw in listed] == ["KSS-AD", "KSS-CF", "KSS-PL", "KSS-PS", "PCF", "SWE-PS"]


def test_frameworks_show_marks_unverified_items() -> None:
    result = run("frameworks", "show", "KSS-CF")
    assert result.exit_code == 0
    assert "  KSS-CF-1  Relationships and effective direct work\n" in result.stdout
    assert "  KSS-CF-2  Communication [unverified]\n" in result.stdout
    data = json.loads(run("frameworks", "show", "KSS-CF", "--json").stdout)
    assert data["items"][1] == {
        "id": "KSS-CF-2",
        "title": "Communication",
        "summary": data["items"][1]["summary"],
        "parent": None,
        "verified": False,
    }


def test_an_unknown_framework_exits_2_with_a_suggestion() -> None:
    result = run("frameworks", "show", "KSS-F")
    assert result.exit_code == 2
    assert "did you mean KSS-CF?" in result.stderr


def test_frameworks_export_writes_moodles_import_format(tmp_path: Path) -> None:
    target = tmp_path / "kss-cf.csv"
    result = run(
        "frameworks", "export", "KSS-CF", "--format", "moodle-csv", "--output", str(target)
    )
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8").split("\n", 1)[0] == MOODLE_45_HEADER
    to_stdout = run("frameworks", "export", "KSS-CF", "--format", "moodle-csv")
    assert to_stdout.stdout == target.read_text(encoding="utf-8")
