"""`cpdsync readiness` and `cpdsync export` end to end over a real database and mapping file."""

from __future__ import annotations

import csv
import io
import json
import resource
import signal
from datetime import UTC, datetime
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner, Result

from cpdsync.cli import main
from cpdsync.cli.options import write_output
from cpdsync.connector.facts import (
    CategoryFacts,
    CompletionObservation,
    MoodleCourse,
    MoodleWorker,
)
from cpdsync.errors import UsageError
from cpdsync.mappings import load_mappings
from cpdsync.records.db import open_database
from tests.app.facts import SITE, store_moodle_facts

SCHEMA = json.loads(
    (Path(__file__).parents[2] / "docs" / "readiness.schema.json").read_text(encoding="utf-8")
)
MAPPING_YAML = """\
version: 1
rules:
  - match: {idnumber: "KSS-CF-05-*"}
    capabilities: [KSS-CF-5, SWE-PS-3.1]
    cpd_hours: 6
    satisfies: [safeguarding-children]
  - match: {idnumber: "PEER-*"}
    capabilities: [PCF-6]
    cpd_hours: 2
    cpd_type: peer_discussion
    reflection: included
    peer_reflection: true
requirements:
  - id: safeguarding-children
    title: Safeguarding children refresher
    valid_for: P3Y
    roles: [child-and-family-sw]
roles:
  - id: child-and-family-sw
    assign: {default: true}
    coverage: {framework: KSS-CF, min_items: 2, window: P3Y}
"""
CATEGORY = CategoryFacts(id=2, name="Training", parent=0, path="Training")
COURSES = [
    MoodleCourse(
        id=5,
        shortname="SG-L3",
        fullname="Safeguarding children level 3",
        idnumber="KSS-CF-05-SG",
        categoryid=2,
        visible=True,
        enablecompletion=True,
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
]


def _worker(moodle_id: int, username: str, name: str, registered: str) -> MoodleWorker:
    first, last = name.split()
    return MoodleWorker(
        id=moodle_id,
        username=username,
        email=f"{username}@council.example",
        idnumber=f"EMP{moodle_id:04d}",
        firstname=first,
        lastname=last,
        fullname=name,
        suspended=False,
        profile={
            "swenumber": f"SW10{moodle_id:04d}",
            "sweregistered": registered,
            "team": "Children North",
        },
    )


def _ts(*parts: int) -> int:
    return int(datetime(*parts, tzinfo=UTC).timestamp())  # type: ignore[misc]


@pytest.fixture
def config(tmp_path: Path, db_url: str) -> Path:
    mapping = tmp_path / "mappings" / "council.yaml"
    mapping.parent.mkdir()
    mapping.write_text(MAPPING_YAML, encoding="utf-8")
    mappings = load_mappings([mapping])
    database = open_database(db_url)
    try:
        with database.transaction() as session:
            store_moodle_facts(
                session,
                site=SITE,
                categories=[CATEGORY],
                courses=COURSES,
                workers=[
                    _worker(3, "jsmith", "Jo Smith", "2015-05-01"),
                    _worker(4, "anew", "Ali New", "2026-09-10"),
                ],
                observations=[
                    # 23:30 UTC on 30 Nov 2025 is 30 Nov in London: last year's CPD.
                    CompletionObservation(
                        userid=3,
                        courseid=5,
                        timecompleted=_ts(2025, 11, 30, 23, 30),
                        source="criteria_latest",
                    ),
                    CompletionObservation(
                        userid=3,
                        courseid=6,
                        timecompleted=_ts(2026, 1, 14, 10, 0),
                        source="criteria_latest",
                    ),
                ],
                mappings=mappings,
            )
    finally:
        database.close()
    path = tmp_path / "cpdsync.toml"
    path.write_text(
        f'[database]\nurl = "{db_url}"\n\n[mappings]\npaths = ["{mapping.parent}"]\n',
        encoding="utf-8",
    )
    return path


def run(config: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--config", str(config), *args])


def test_team_table_shows_each_worker_status_and_top_gap(config: Path) -> None:
    result = run(config, "readiness", "--team", "Children North", "--as-of", "2026-11-22")
    assert result.exit_code == 0, result.output
    assert "Registration year 2025-26" in result.output
    jo = next(line for line in result.output.splitlines() if line.startswith("Jo Smith"))
    assert "At risk" in jo and " 1/2 " in jo and "too few pieces of CPD" in jo
    ali = next(line for line in result.output.splitlines() if line.startswith("Ali New"))
    assert "Exempt" in ali


def test_json_output_validates_against_the_schema(config: Path) -> None:
    result = run(config, "readiness", "--as-of", "2026-11-22", "--json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    jsonschema.validate(document, SCHEMA)
    jo = next(w for w in document["workers"] if w["worker"]["name"] == "Jo Smith")
    # v2: the reflective practice group's rule (reflection: included, peer_reflection: true)
    # only prompts: nothing counts as reflected until Jo writes or declares it.
    assert jo["cpd"] == {
        "activities": 1,
        "reflected": 0,
        "peer_reflected": 0,
        "required": 2,
        "peer_required": 1,
    }
    assert [g["code"] for g in jo["gaps"]] == [
        "SWE_CPD_COUNT",
        "SWE_CPD_REFLECTION",
        "SWE_PEER_REFLECTION",
        "KSS_COVERAGE",
    ]
    assert jo["gaps"][0]["suggested_courses"] == [
        {
            "id": 5,
            "name": "Safeguarding children level 3",
            "url": "https://learning.council.example/course/view.php?id=5",
        }
    ]
    peer = jo["gaps"][2]["message"]
    assert "You took part in 'Reflective practice group' on 14 January 2026" in peer
    assert jo["worker"]["site"] == "https://learning.council.example"
    assert jo["worker"]["moodle_id"] == 3


def test_one_worker_gets_the_detail_view(config: Path) -> None:
    result = run(config, "readiness", "jsmith@council.example", "--as-of", "2026-11-22")
    assert result.exit_code == 0, result.output
    assert "Status: At risk" in result.output
    assert "Reflective practice group" in result.output


def test_csv_output_has_a_row_per_worker(config: Path) -> None:
    result = run(config, "readiness", "--as-of", "2026-11-22", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert sorted(r["status"] for r in rows) == ["at_risk", "exempt"]


def test_html_report_is_written_to_the_output_file(config: Path, tmp_path: Path) -> None:
    target = tmp_path / "jo.html"
    result = run(
        config,
        "readiness",
        "jsmith",
        "--as-of",
        "2026-11-22",
        "--format",
        "html",
        "--output",
        str(target),
    )
    assert result.exit_code == 0, result.output
    assert result.output == ""
    page = target.read_text(encoding="utf-8")
    assert "<title>Jo Smith: registration readiness 2025-26</title>" in page
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".jo.html")] == []


def test_malformed_as_of_is_a_usage_error_naming_the_flag(config: Path) -> None:
    result = run(config, "readiness", "--as-of", "2026-13-01")
    assert result.exit_code == 2
    assert "--as-of" in result.output
    assert "2026-13-01" in result.output


def test_unwritable_output_is_a_clear_usage_error_and_writes_nothing(
    config: Path, tmp_path: Path
) -> None:
    target = tmp_path / "missing-folder" / "report.json"
    result = run(config, "readiness", "--as-of", "2026-11-22", "--json", "--output", str(target))
    assert result.exit_code == 2
    assert f"cannot write --output {target}" in result.output
    assert "nothing was written" in result.output
    assert not target.parent.exists()


def test_a_write_that_fails_half_way_leaves_the_existing_file_untouched(tmp_path: Path) -> None:
    # Root may write anywhere, so make the disk "full" instead: a file size limit makes the
    # write fail part way through (EFBIG), as a full disk would.
    target = tmp_path / "report.csv"
    target.write_text("previous report\n", encoding="utf-8")
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, hard))
    try:
        with pytest.raises(UsageError, match="cannot write --output .*nothing was written"):
            write_output("x" * 100_000, target)
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)
    assert target.read_text(encoding="utf-8") == "previous report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.csv"]


def test_fail_on_gaps_exits_1_when_a_statutory_gap_is_open(config: Path) -> None:
    result = run(config, "readiness", "--as-of", "2026-11-22", "--fail-on-gaps")
    assert result.exit_code == 1
    assert "Jo Smith" in result.output  # the report is still shown


def test_fail_on_gaps_exits_0_when_no_statutory_gap_is_open(config: Path) -> None:
    result = run(config, "readiness", "anew", "--as-of", "2026-11-22", "--fail-on-gaps")
    assert result.exit_code == 0, result.output
    assert "Status: Exempt" in result.output


def test_unknown_worker_is_a_usage_error(config: Path) -> None:
    result = run(config, "readiness", "nobody@council.example")
    assert result.exit_code == 2
    assert "nobody@council.example" in result.output


def test_export_lays_out_the_cpd_in_swe_form_fields(config: Path) -> None:
    result = run(config, "export", "jsmith", "--format", "swe", "--as-of", "2026-11-22")
    assert result.exit_code == 0, result.output
    assert "CPD of Jo Smith for registration year 2025-26" in result.output
    assert "=== Record 1 of 1" in result.output  # the 30 Nov 2025 course was last year's
    assert (
        "A short name for this CPD [cpdsync's suggestion]\n  Reflective practice group\n"
        "Date of the CPD [cpdsync's suggestion]\n  14/01/2026" in result.output
    )
    # Nothing written by the worker yet: the record says so in its heading.
    assert "): not ready: write your reflection first ===" in result.output
    assert (
        "Describe what you have learnt from discussing this CPD activity with a peer. "
        "[SWE's question]" in result.output
    )


def test_export_json_and_csv_have_the_form_fields(config: Path) -> None:
    as_json = run(config, "export", "EMP0003", "--json", "--as-of", "2026-11-22")
    assert as_json.exit_code == 0, as_json.output
    document = json.loads(as_json.output)
    assert document["worker"]["email"] == "jsmith@council.example"
    assert document["entries"][0]["fields"]["type_of_cpd"].startswith("Peer discussion")
    as_csv = run(config, "export", "EMP0003", "--format", "csv", "--as-of", "2026-11-22")
    assert as_csv.exit_code == 0, as_csv.output
    assert as_csv.output.splitlines()[0].startswith("entry_id,state,title,date,type_of_cpd")
    peer = next(f for f in document["form"] if f["field"] == "peer_reflection")
    assert peer["swe_wording"] is True
    assert peer["source"] == "https://www.socialworkengland.org.uk/cpd/peer-reflection/"
    assert [f["field"] for f in document["form"] if f["swe_wording"]] == ["peer_reflection"]


def test_export_of_an_unknown_worker_is_a_usage_error(config: Path) -> None:
    result = run(config, "export", "SW999999")
    assert result.exit_code == 2


def _entry_id(config: Path, worker: str, title: str) -> int:
    listed = run(config, "cpd", "list", worker, "--json")
    assert listed.exit_code == 0, listed.output
    return next(e["id"] for e in json.loads(listed.output)["entries"] if e["title"] == title)


def test_export_shows_the_workers_own_reflection_in_the_swe_form(config: Path) -> None:
    entry = _entry_id(config, "jsmith", "Reflective practice group")
    written = run(
        config,
        "cpd",
        "reflect",
        str(entry),
        "--worker",
        "jsmith",
        "--learnt",
        "Naming my assumptions before a home visit.\nAsking open questions.",
        "--impact",
        "Visits plans now list what I expect to find.",
        "--peer-reflection",
        "My supervisor showed me where I had jumped to conclusions.",
        "--peer-role",
        "practice supervisor",
    )
    assert written.exit_code == 0, written.output
    result = run(config, "export", "jsmith", "--format", "swe", "--as-of", "2026-11-22")
    assert result.exit_code == 0, result.output
    assert f"(entry {entry}): ready to copy ===" in result.output
    assert (
        "What you learnt from doing the activity [cpdsync's suggestion]\n"
        "  Naming my assumptions before a home visit.\n"
        "  Asking open questions.\n" in result.output
    )
    assert (
        "Why it is relevant to my practice: Visits plans now list what I expect to find."
        in result.output
    )
    assert "  Visits plans now list what I expect to find.\n" in result.output
    assert (
        "  My supervisor showed me where I had jumped to conclusions. "
        "(peer: practice supervisor)\n" in result.output
    )
    assert "not written yet" not in result.output  # no placeholder where the worker wrote


def test_export_shows_a_draft_reflection_as_a_draft_still_to_submit(config: Path) -> None:
    added = run(
        config,
        "cpd",
        "add",
        "jsmith",
        "--title",
        "Reading: Munro review",
        "--date",
        "2026-02-10",
        "--type",
        "reading",
    )
    assert added.exit_code == 0, added.output
    entry = _entry_id(config, "jsmith", "Reading: Munro review")
    drafted = run(
        config,
        "cpd",
        "reflect",
        str(entry),
        "--worker",
        "jsmith",
        "--learnt",
        "Systems shape practice more than rules do.",
        "--impact",
        "Half-formed thoughts so far.",
        "--draft",
    )
    assert drafted.exit_code == 0, drafted.output
    result = run(config, "export", "jsmith", "--format", "swe", "--as-of", "2026-11-22")
    assert result.exit_code == 0, result.output
    block = result.output.split(f"(entry {entry}): ")[1]
    assert block.startswith("not ready: your reflection is a draft - finish and submit it first")
    assert (
        "What you learnt from doing the activity [cpdsync's suggestion]\n"
        "  [draft, not submitted yet - finish it and save it without "
        f"--draft: `cpdsync cpd reflect {entry}`]\n"
        "  Systems shape practice more than rules do.\n" in block
    )
    as_json = run(config, "export", "jsmith", "--json", "--as-of", "2026-11-22")
    document = json.loads(as_json.output)
    draft = next(e for e in document["entries"] if e["entry_id"] == entry)
    assert draft["draft"] is True
    assert draft["ready_to_submit"] is False
    assert draft["to_write"] == [
        "description_and_relevance",
        "what_you_learnt",
        "impact_on_practice",
    ]


def test_year_reports_a_past_year_as_of_its_deadline(config: Path) -> None:
    result = run(config, "readiness", "--year", "2024-25", "--as-of", "2026-11-22", "--json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    jsonschema.validate(document, SCHEMA)
    assert document["registration_year"]["label"] == "2024-25"
    assert document["deadline"] == "2025-11-30"
    found = {
        w["worker"]["name"]: (w["status"], w["cpd"]["activities"]) for w in document["workers"]
    }
    # Jo's course of 30 November 2025 (23:30 UTC, still 30 November in London) is 2024-25's,
    # but one unreflected piece did not meet the rule; Ali joined after that renewal.
    assert found == {"Jo Smith": ("missed", 1), "Ali New": ("exempt", 0)}
    assert document["workers"][0]["gaps"][0]["code"] == "SWE_RENEWAL_MISSED"


@pytest.mark.parametrize(
    ("year", "message"),
    [
        ("2018-19", "registration year 2018-19 does not exist"),
        ("2027-28", "registration year 2027-28 has not begun"),
        ("2025/26", "'2025/26' is not a registration year; write it like 2025-26"),
    ],
)
def test_a_year_that_does_not_exist_is_a_usage_error(config: Path, year: str, message: str) -> None:
    result = run(config, "readiness", "--year", year, "--as-of", "2026-11-22")
    assert result.exit_code == 2
    assert message in result.output
