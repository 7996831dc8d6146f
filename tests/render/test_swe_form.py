"""The SWE-form export: only the peer question is presented as SWE's wording, the description is
built from the course's summary and the worker's words, and a record is ready to copy only
with the worker's own reflection in it."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

from cpdsync.readiness.engine import assess
from cpdsync.readiness.report_model import ReadinessReport
from cpdsync.render.swe_form import (
    form_entries,
    plain_summary,
    render_export_csv,
    render_export_json,
    render_swe,
)
from tests.readiness.builders import NO_MAPPINGS, RULES, inputs, item
from tests.readiness.sample import by_name, team_report

FORM = RULES.cpd_form
PEER_QUESTION = "Describe what you have learnt from discussing this CPD activity with a peer."
SUMMARY = "<p><strong>Neglect</strong>: recognising it &amp; responding.</p><p>Case studies.</p>"


def _asha():  # type: ignore[no-untyped-def]
    report = team_report()
    return report, by_name(report, "Asha")


def test_only_the_peer_question_is_presented_as_swes_wording() -> None:
    confirmed = [(f.field, f.label, f.source) for f in FORM.fields if f.confirmed]
    assert confirmed == [
        (
            "peer_reflection",
            PEER_QUESTION,
            "https://www.socialworkengland.org.uk/cpd/peer-reflection/",
        )
    ]
    labels = [f.label for f in FORM.fields]
    assert "Title" not in labels and not any("Professional standards" in x for x in labels)


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
    assert first["description_and_relevance"] == (
        "Training course: 'Court skills', 3 hours.\n"
        "Why it is relevant to my practice: Clearer statements."
    )
    assert first["peer_reflection"] == ""
    assert first["linked_standards"] == "3.1"
    second = {f.field: f.value for f in entries[1].fields}
    assert second["peer_reflection"] == "Talked it through. (peer: Supervisor)"
    assert all(e.ready_to_submit and e.state == "ready to copy" for e in entries)


def test_swe_text_export_marks_swes_question_and_cpdsyncs_suggestions() -> None:
    report, asha = _asha()
    text = render_swe(report, asha, FORM)
    assert "=== Record 1 of 2 (entry" in text and "): ready to copy ===" in text
    assert (
        "What you learnt from doing the activity [cpdsync's suggestion]\n"
        "  How to give evidence.\n  Keep notes." in text
    )
    assert f"{PEER_QUESTION} [SWE's question]\n  Talked it through. (peer: Supervisor)" in text
    assert "submit it by 23:59 on 30 November 2026" in text


def test_a_record_without_the_workers_reflection_is_not_ready() -> None:
    report = team_report()
    ben = by_name(report, "Ben")
    entry = form_entries(ben, FORM)[0]
    assert not entry.ready_to_submit
    assert entry.state == "not ready: your reflection is a draft - finish and submit it first"
    learnt = next(f for f in entry.fields if f.field == "what_you_learnt")
    assert learnt.to_write
    assert f"`cpdsync cpd reflect {entry.entry_id}`" in learnt.value


def test_export_with_no_cpd_this_year_says_so() -> None:
    report = team_report()
    dev = by_name(report, "Dev")
    assert form_entries(dev, FORM) == []
    assert "No CPD is recorded for this year yet." in render_swe(report, dev, FORM)


def test_csv_export_is_one_row_per_entry_and_spreadsheet_safe() -> None:
    report = team_report()
    rows = list(
        csv.DictReader(io.StringIO(render_export_csv(report, by_name(report, "Ben"), FORM)))
    )
    assert len(rows) == 1
    assert rows[0]["title"] == '\'=HYPERLINK("http://x")'
    assert list(rows[0])[:4] == ["entry_id", "state", "title", "date"]
    assert rows[0]["state"].startswith("not ready")


def test_json_export_names_worker_year_form_and_fields_to_write() -> None:
    report = team_report()
    document = json.loads(render_export_json(report, by_name(report, "Ben"), FORM))
    assert document["registration_year"]["label"] == "2025-26"
    assert document["worker"]["email"] == "ben@council.example"
    assert document["entries"][0]["to_write"] == [
        "description_and_relevance",
        "what_you_learnt",
        "impact_on_practice",
    ]
    assert document["entries"][0]["fields"]["title"] == '=HYPERLINK("http://x")'
    assert [f["field"] for f in document["form"] if f["swe_wording"]] == ["peer_reflection"]


def test_a_reflection_asked_for_in_the_course_is_not_ready_until_written_here() -> None:
    # v2: the rule's reflection: included / peer_reflection: true only prompt.
    prompted = item(date(2026, 3, 1), reflected=False, prompts_reflection=True, prompts_peer=True)
    report = assess(
        [inputs(prompted)],
        mappings=NO_MAPPINGS,
        offers=[],
        frameworks={},
        as_of=date(2026, 11, 1),
        rules=RULES,
    )
    (entry,) = form_entries(report.workers[0], FORM)
    fields = {f.field: f for f in entry.fields}
    assert entry.state == "not ready: write your reflection first"
    assert fields["what_you_learnt"].to_write
    assert "(if you wrote it in the Moodle course, copy it from there)" in (
        fields["what_you_learnt"].value
    )
    assert fields["peer_reflection"].to_write


def _two_workers(first: str, second: str) -> ReadinessReport:
    def one(key: int, impact: str) -> object:
        course = item(
            date(2026, 3, 1),
            title="Neglect: Recognition and Response",
            courseid=14,
            course_summary=SUMMARY,
            learnt="Signs I had missed.",
            impact=impact,
        )
        return inputs(course, key=key, email=f"w{key}@council.example", name=f"Worker {key}")

    return assess(
        [one(1, first), one(2, second)],  # type: ignore[list-item]
        mappings=NO_MAPPINGS,
        offers=[],
        frameworks={},
        as_of=date(2026, 11, 1),
        rules=RULES,
    )


def _description(report: ReadinessReport, index: int) -> str:
    (entry,) = form_entries(report.workers[index], FORM)
    return next(f.value for f in entry.fields if f.field == "description_and_relevance")


def test_two_workers_on_the_same_course_get_different_descriptions_from_their_words() -> None:
    report = _two_workers(
        "I now ask about school attendance on every visit. It helps.",
        "My assessments name the neglect I see, not just the risk.",
    )
    first, second = _description(report, 0), _description(report, 1)
    assert first != second
    course = "Training course: 'Neglect: Recognition and Response', 3 hours. "
    assert first == (
        course + "Neglect: recognising it & responding. Case studies.\n"
        "Why it is relevant to my practice: I now ask about school attendance on every visit."
    )
    assert second.endswith(
        "Why it is relevant to my practice: My assessments name the neglect I see, not just "
        "the risk."
    )


def test_the_course_summary_becomes_one_plain_line_of_bounded_length() -> None:
    assert plain_summary("<p>A&amp;B<br>line\x1b[31m</p>") == "A&B line [31m"
    long = plain_summary("<p>" + "word " * 400 + "</p>")
    assert len(long) <= 604 and long.endswith(" ...")


def test_a_piece_declared_on_swe_without_words_here_is_marked_as_already_there() -> None:
    declared = item(date(2026, 3, 1), reflected=False, peer_recorded_on_swe=True)
    report = assess(
        [inputs(declared)],
        mappings=NO_MAPPINGS,
        offers=[],
        frameworks={},
        as_of=date(2026, 11, 1),
        rules=RULES,
    )
    (entry,) = form_entries(report.workers[0], FORM)
    fields = {f.field: f for f in entry.fields}
    assert not entry.ready_to_submit
    assert entry.state == "already on your SWE account (you said so); its words are not in cpdsync"
    assert "(you said it is recorded on your SWE account: copy it from there)" in (
        fields["what_you_learnt"].value
    )
