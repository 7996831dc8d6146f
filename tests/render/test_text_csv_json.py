from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest

from cpdsync.render.csv_report import render_csv, safe_cell
from cpdsync.render.json_report import render_json
from cpdsync.render.text import render_team, render_text, render_worker
from tests.readiness.sample import team_report

SCHEMA = json.loads(
    (Path(__file__).parents[2] / "docs" / "readiness.schema.json").read_text(encoding="utf-8")
)


def test_readiness_json_validates_against_the_shipped_schema() -> None:
    document = json.loads(render_json(team_report()))
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.validate(document, SCHEMA, cls=jsonschema.Draft202012Validator)
    statuses = {w["worker"]["name"]: w["status"] for w in document["workers"]}
    assert statuses == {
        "Asha Ready": "ready",
        "Ben <b>Risk</b> & Co": "at_risk",
        "Cara New": "exempt",
        "Dev Suspended": "at_risk",
    }


def test_readiness_json_has_exactly_the_fields_of_the_contract() -> None:
    document = json.loads(render_json(team_report()))
    assert list(document) == [
        "as_of",
        "registration_year",
        "deadline",
        "days_to_deadline",
        "workers",
    ]
    assert document["as_of"] == "2026-11-22"
    assert document["registration_year"] == {
        "label": "2025-26",
        "start": "2025-12-01",
        "end": "2026-11-30",
    }
    assert (document["deadline"], document["days_to_deadline"]) == ("2026-11-30", 8)
    worker = document["workers"][1]
    assert list(worker) == ["worker", "status", "cpd", "gaps"]
    assert list(worker["worker"]) == ["email", "name", "idnumber", "swe_number", "role"]
    assert worker["worker"]["swe_number"] is None
    assert list(worker["gaps"][0]) == ["code", "severity", "message", "suggested_courses"]


def test_schema_refuses_a_report_that_breaks_the_contract() -> None:
    document = json.loads(render_json(team_report()))
    document["workers"][0]["status"] = "fine"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, SCHEMA)
    document = json.loads(render_json(team_report()))
    document["workers"][1]["gaps"][0]["severity"] = "info"  # SWE_CPD_COUNT is statutory
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, SCHEMA)


@pytest.mark.parametrize("lead", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(lead: str) -> None:
    assert safe_cell(lead + "SUM(A1)") == "'" + lead + "SUM(A1)"
    assert safe_cell(-3) == -3
    assert safe_cell("Jo Smith") == "Jo Smith"


def test_csv_has_one_row_per_worker_with_safe_cells() -> None:
    rows = list(csv.DictReader(io.StringIO(render_csv(team_report()))))
    assert [r["status"] for r in rows] == ["ready", "at_risk", "exempt", "at_risk"]
    ben = rows[1]
    assert ben["gap_codes"].split() == [
        "SWE_CPD_COUNT",
        "SWE_CPD_REFLECTION",
        "SWE_PEER_REFLECTION",
        "SWE_NUMBER_MISSING",
        "MANDATORY_MISSING",
        "KSS_COVERAGE",
        "UNMAPPED_COMPLETIONS",
    ]
    assert ben["swe_number"] == ""
    assert ben["days_to_deadline"] == "8"
    for row in rows:
        assert not any(cell.startswith(("=", "+", "@")) for cell in row.values())


def test_text_team_table_shows_status_days_counts_and_top_gap() -> None:
    text = render_team(team_report())
    assert "deadline 23:59 on 30 November 2026, 8 days left" in text
    lines = {line.split("  ")[0]: line for line in text.splitlines()}
    assert "Ready" in lines["Asha Ready"] and " 2/2 " in lines["Asha Ready"]
    ben = next(line for line in text.splitlines() if line.startswith("Ben <b>Risk</b>"))
    assert "At risk" in ben and "too few pieces of CPD" in ben
    assert "Dev Suspended (suspended)" in text
    assert "4 workers: 1 ready, 2 at risk, 1 exempt" in text


def test_text_worker_view_lists_each_gap_with_its_courses_and_the_cpd() -> None:
    report = team_report()
    text = render_worker(report, report.workers[1])
    assert "Status: At risk" in text
    assert "SWE_PEER_REFLECTION" in text
    assert "      - Group supervision" in text
    assert "draft; counts" in text


def test_text_of_a_single_worker_is_the_detail_view() -> None:
    report = team_report()
    single = report.model_copy(update={"workers": report.workers[:1]})
    assert render_text(single).startswith("Asha Ready <asha@council.example>")


def test_text_drops_terminal_control_characters_from_moodle_names() -> None:
    report = team_report()
    odd = report.workers[0].worker.model_copy(update={"name": "Eve\x1b[31m"})
    worker = report.workers[0].model_copy(update={"worker": odd})
    assert "\x1b" not in render_worker(report, worker)
