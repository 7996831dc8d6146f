from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import jsonschema
import pytest

from cpdsync.render.csv_report import render_csv, safe_cell
from cpdsync.render.json_report import readiness_schema_text, render_json
from cpdsync.render.text import render_team, render_text, render_worker
from tests.readiness.sample import by_name, team_report

SCHEMA = json.loads(
    (Path(__file__).parents[2] / "docs" / "readiness.schema.json").read_text(encoding="utf-8")
)


def test_readiness_json_validates_against_the_shipped_schema() -> None:
    document = json.loads(render_json(team_report()))
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.validate(document, SCHEMA, cls=jsonschema.Draft202012Validator)
    statuses = [(w["worker"]["name"], w["status"]) for w in document["workers"]]
    # v2: most urgent first, and a "submitted" worker.
    assert statuses == [
        ("Ben <b>Risk</b> & Co", "at_risk"),
        ("Dev Suspended", "at_risk"),
        ("Asha Ready", "ready"),
        ("Eve Submitted", "submitted"),
        ("Cara New", "exempt"),
    ]


def test_readiness_json_has_exactly_the_fields_of_the_contract() -> None:
    document = json.loads(render_json(team_report()))
    # v2: "schema": 2 first; the year says whether its rules are provisional; each worker
    # has previous_year, team, moodle_id and site; each gap its entries; courses are objects.
    assert list(document) == [
        "schema",
        "as_of",
        "registration_year",
        "deadline",
        "days_to_deadline",
        "workers",
    ]
    assert document["schema"] == 2
    assert document["as_of"] == "2026-11-22"
    assert document["registration_year"] == {
        "label": "2025-26",
        "start": "2025-12-01",
        "end": "2026-11-30",
        "rules_provisional": False,
        "provisional_note": None,
    }
    assert (document["deadline"], document["days_to_deadline"]) == ("2026-11-30", 8)
    worker = document["workers"][0]
    assert list(worker) == ["worker", "status", "previous_year", "cpd", "gaps"]
    assert list(worker["worker"]) == [
        "email",
        "name",
        "idnumber",
        "swe_number",
        "role",
        "team",
        "moodle_id",
        "site",
    ]
    assert worker["worker"]["swe_number"] is None
    assert worker["previous_year"] == {"label": "2024-25", "outcome": "missed"}
    assert list(worker["gaps"][0]) == [
        "code",
        "severity",
        "message",
        "entries",
        "suggested_courses",
    ]
    courses = next(g for g in worker["gaps"] if g["code"] == "SWE_PEER_REFLECTION")
    assert courses["suggested_courses"] == [{"id": 11, "name": "Group supervision", "url": None}]


def test_schema_refuses_a_report_that_breaks_the_contract() -> None:
    document = json.loads(render_json(team_report()))
    document["workers"][0]["status"] = "fine"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, SCHEMA)
    document = json.loads(render_json(team_report()))
    document["workers"][0]["gaps"][0]["severity"] = "info"  # SWE_CPD_COUNT is statutory
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, SCHEMA)
    document = json.loads(render_json(team_report()))
    document["workers"][0]["status"] = "not_ready"  # gone in v2
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, SCHEMA)
    document = json.loads(render_json(team_report()))
    document["schema"] = 1
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, SCHEMA)


@pytest.mark.parametrize("lead", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(lead: str) -> None:
    assert safe_cell(lead + "SUM(A1)") == "'" + lead + "SUM(A1)"
    assert safe_cell(-3) == -3
    assert safe_cell("Jo Smith") == "Jo Smith"


def test_csv_has_one_row_per_worker_with_safe_cells() -> None:
    rows = list(csv.DictReader(io.StringIO(render_csv(team_report()))))
    assert [r["status"] for r in rows] == ["at_risk", "at_risk", "ready", "submitted", "exempt"]
    ben = rows[0]
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
    assert (ben["previous_year"], ben["previous_outcome"]) == ("2024-25", "missed")
    for row in rows:
        assert not any(cell.startswith(("=", "+", "@")) for cell in row.values())


def test_text_team_table_shows_status_days_counts_and_top_gap() -> None:
    text = render_team(team_report())
    assert "deadline 23:59 on 30 November 2026, 8 days left" in text
    lines = {line.split("  ")[0]: line for line in text.splitlines()}
    assert "Ready" in lines["Asha Ready"] and " 2/2 " in lines["Asha Ready"]
    assert "renewal steps to finish" in lines["Asha Ready"]
    ben = next(line for line in text.splitlines() if line.startswith("Ben <b>Risk</b>"))
    assert "At risk" in ben and "too few pieces of CPD" in ben and "2024-25 missed" in ben
    assert "Submitted" in lines["Eve Submitted"]
    assert "Dev Suspended (suspended)" in text
    # v2: most urgent first, and the summary in the same order.
    names = [line.split("  ")[0] for line in text.splitlines()[4:9]]
    assert names == ["Ben <b>Risk</b> & Co", "Dev Suspended (suspended)", "Asha Ready"] + [
        "Eve Submitted",
        "Cara New",
    ]
    assert "5 workers: 2 at risk, 1 ready, 1 submitted, 1 exempt" in text


def test_text_worker_view_lists_each_gap_with_its_courses_and_the_cpd() -> None:
    report = team_report()
    text = render_worker(report, report.workers[0])
    assert "Status: At risk" in text
    assert "Last year: 2024-25: missed" in text
    assert "SWE_PEER_REFLECTION" in text
    assert "      - Group supervision" in text
    assert "draft; counts" in text


def test_text_of_a_single_worker_is_the_detail_view() -> None:
    report = team_report()
    single = report.model_copy(update={"workers": report.workers[2:3]})
    assert render_text(single).startswith("Asha Ready <asha@council.example>")


def test_text_drops_terminal_control_characters_from_moodle_names() -> None:
    report = team_report()
    odd = report.workers[0].worker.model_copy(update={"name": "Eve\x1b[31m"})
    worker = report.workers[0].model_copy(update={"worker": odd})
    assert "\x1b" not in render_worker(report, worker)


def test_the_schema_file_is_generated_from_the_report_models() -> None:
    # `make docs` writes it; a model change without regenerating it fails here.
    shipped = (Path(__file__).parents[2] / "docs" / "readiness.schema.json").read_text("utf-8")
    assert shipped == readiness_schema_text()
    assert SCHEMA["properties"]["schema"]["const"] == 2
    statuses = SCHEMA["$defs"]["WorkerReadiness"]["properties"]["status"]["enum"]
    assert statuses == ["missed", "at_risk", "in_progress", "ready", "submitted", "exempt"]


def test_text_shows_the_provisional_note_and_leads_with_a_missed_deadline() -> None:
    report = team_report(as_of=date(2026, 12, 1))
    text = render_team(report)
    assert "Provisional rules for 2026-27: Social Work England has said it plans to consult" in text
    lead = text.split("\n\n")[1]
    assert lead.startswith("! 2 workers missed the renewal deadline (23:59 on 30 November 2026)")
    assert "must not practise as social workers until restored" in " ".join(lead.split())
    rows = text.split("Top gap\n")[1].splitlines()[1:4]
    assert [" Missed " in row for row in rows] == [True, True, False]
    ben = render_worker(report, by_name(report, "Ben"))
    what = ben.split("What to do:\n")[1]
    assert what.startswith("  [statutory] SWE_RENEWAL_MISSED: Your Social Work England")
    assert "Status: Missed\n  The renewal deadline passed" in ben
