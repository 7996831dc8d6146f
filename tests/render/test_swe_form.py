from __future__ import annotations

import csv
import io
import json
from datetime import date

from cpdsync.readiness.engine import assess
from cpdsync.render.swe_form import form_entries, render_export_csv, render_export_json, render_swe
from tests.readiness.builders import NO_MAPPINGS, RULES, inputs, item
from tests.readiness.sample import team_report

FORM = RULES.cpd_form


def _asha():  # type: ignore[no-untyped-def]
    report = team_report()
    return report, report.workers[0]


def test_swe_export_lays_out_each_counting_entry_in_the_form_fields_in_order() -> None:
    report, asha = _asha()
    entries = form_entries(asha, FORM)
    assert len(entries) == 2  # the 2024 safeguarding course is not dated in 2025-26
    first = {f.field: f.value for f in entries[0].fields}
    assert first["title"] == "Court skills"
    assert first["date"] == "03/02/2026"
    assert first["type_of_cpd"] == "Training course"
    assert first["what_you_learnt"] == "How to give evidence.\nKeep notes."
    assert first["impact_on_practice"] == "Clearer statements."
    assert first["peer_reflection"] == ""
    assert first["linked_standards"] == "3.1"
    second = {f.field: f.value for f in entries[1].fields}
    assert second["peer_reflection"] == "Talked it through. (peer: Supervisor)"
    assert all(e.ready_to_submit for e in entries)


def test_swe_text_export_shows_labels_and_keeps_reflection_lines() -> None:
    report, asha = _asha()
    text = render_swe(report, asha, FORM)
    assert "=== Record 1 of 2 (entry" in text
    assert "What did you learn?\n  How to give evidence.\n  Keep notes." in text
    assert "submit it by 23:59 on 30 November 2026" in text


def test_export_says_which_parts_are_still_to_write_and_how() -> None:
    report = team_report()
    ben = report.workers[1]
    entry = form_entries(ben, FORM)[0]
    assert not entry.ready_to_submit
    learnt = next(f for f in entry.fields if f.field == "what_you_learnt")
    assert learnt.to_write
    assert f"`cpdsync cpd reflect {entry.entry_id}`" in learnt.value


def test_export_with_no_cpd_this_year_says_so() -> None:
    report = team_report()
    dev = report.workers[3]
    assert form_entries(dev, FORM) == []
    assert "No CPD is recorded for this year yet." in render_swe(report, dev, FORM)


def test_csv_export_is_one_row_per_entry_and_spreadsheet_safe() -> None:
    report = team_report()
    rows = list(csv.DictReader(io.StringIO(render_export_csv(report, report.workers[1], FORM))))
    assert len(rows) == 1
    assert rows[0]["title"] == '\'=HYPERLINK("http://x")'
    assert list(rows[0])[:3] == ["entry_id", "title", "date"]


def test_json_export_names_worker_year_and_fields_to_write() -> None:
    report = team_report()
    document = json.loads(render_export_json(report, report.workers[1], FORM))
    assert document["registration_year"]["label"] == "2025-26"
    assert document["worker"]["email"] == "ben@council.example"
    assert document["entries"][0]["to_write"] == ["what_you_learnt", "impact_on_practice"]
    assert document["entries"][0]["fields"]["title"] == '=HYPERLINK("http://x")'


def test_export_of_a_reflection_collected_by_the_course_points_to_moodle() -> None:
    report = assess(
        [inputs(item(date(2026, 3, 1), reflected=True, peer_reflected=True))],
        mappings=NO_MAPPINGS,
        offers=[],
        frameworks={},
        as_of=date(2026, 11, 1),
        rules=RULES,
    )
    fields = {f.field: f for f in form_entries(report.workers[0], FORM)[0].fields}
    assert fields["what_you_learnt"].value.startswith("[recorded in the Moodle course")
    assert not fields["what_you_learnt"].to_write
    assert "peer discussion recorded in the Moodle course" in fields["peer_reflection"].value
