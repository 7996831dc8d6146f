"""`cpdsync export` over a real database: each record's description is the course's own summary
and the worker's own words, so two workers on one course differ, and no two records of the demo
council are the same."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from cpdsync.app.demo import demo_run, write_sample_input
from cpdsync.app.export import worker_export
from cpdsync.app.report import load_report
from cpdsync.cli import main
from cpdsync.connector.facts import CompletionObservation
from cpdsync.mappings import load_mappings
from cpdsync.records.db import open_database
from cpdsync.render.swe_form import form_entries
from tests.app.facts import SITE, store_moodle_facts
from tests.cli.test_readiness_cmd import CATEGORY, COURSES, MAPPING_YAML, _ts, _worker

SUMMARY = "<p>A facilitated group where practitioners bring a case &amp; think it through.</p>"
AS_OF = "2026-11-22"


@pytest.fixture
def config(tmp_path: Path, db_url: str) -> Path:
    mapping = tmp_path / "mappings" / "council.yaml"
    mapping.parent.mkdir()
    mapping.write_text(MAPPING_YAML, encoding="utf-8")
    courses = [COURSES[0], replace(COURSES[1], summary=SUMMARY)]
    database = open_database(db_url)
    try:
        with database.transaction() as session:
            store_moodle_facts(
                session,
                site=SITE,
                categories=[CATEGORY],
                courses=courses,
                workers=[
                    _worker(3, "jsmith", "Jo Smith", "2015-05-01"),
                    _worker(5, "kpatel", "Kam Patel", "2016-02-01"),
                ],
                observations=[
                    CompletionObservation(
                        userid=userid,
                        courseid=6,
                        timecompleted=_ts(2026, 1, 14, 10, 0),
                        source="criteria_latest",
                    )
                    for userid in (3, 5)
                ],
                mappings=load_mappings([mapping]),
            )
    finally:
        database.close()
    path = tmp_path / "cpdsync.toml"
    path.write_text(
        f'[database]\nurl = "{db_url}"\n\n[mappings]\npaths = ["{mapping.parent}"]\n',
        encoding="utf-8",
    )
    return path


def _cli(config: Path, *args: str) -> str:
    result = CliRunner().invoke(main, ["--config", str(config), *args])
    assert result.exit_code == 0, result.output
    return result.output


def _reflect(config: Path, worker: str, impact: str) -> None:
    entries = json.loads(_cli(config, "cpd", "list", worker, "--json"))["entries"]
    entry = next(e["id"] for e in entries if e["title"] == "Reflective practice group")
    _cli(
        config,
        "cpd",
        "reflect",
        str(entry),
        "--worker",
        worker,
        "--learnt",
        "Hearing three views of one case.",
        "--impact",
        impact,
        "--peer-reflection",
        "The group challenged my first reading of the referral.",
        "--peer-role",
        "senior practitioner",
    )


def _description(config: Path, worker: str) -> tuple[str, str]:
    document = json.loads(_cli(config, "export", worker, "--json", "--as-of", AS_OF))
    (entry,) = document["entries"]
    return entry["state"], entry["fields"]["description_and_relevance"]


def test_two_workers_on_one_course_get_descriptions_from_their_own_words(config: Path) -> None:
    before = _description(config, "jsmith")
    assert before[0] == "not ready: write your reflection first"
    _reflect(config, "jsmith", "I bring one question to every allocation meeting now.")
    _reflect(config, "kpatel", "I ask the family what they think the worry is, first.")
    jo, kam = _description(config, "jsmith"), _description(config, "kpatel")
    assert jo[0] == kam[0] == "ready to copy"
    assert jo[1] != kam[1]
    about = (
        "Peer discussion or reflective practice group: 'Reflective practice group', 2 hours. "
        "A facilitated group where practitioners bring a case & think it through."
    )
    assert jo[1] == (
        about + "\nWhy it is relevant to my practice: I bring one question to every allocation "
        "meeting now."
    )
    assert kam[1].startswith(about)


def test_no_two_records_of_the_demo_councils_export_are_identical(tmp_path: Path) -> None:
    as_of = date(2026, 11, 22)
    records: list[tuple[str, ...]] = []
    ready = 0
    with demo_run(tmp_path) as run:
        assert write_sample_input(run.settings).reflections > 0
        team = load_report(run.settings, workers=None, team=None, as_of=as_of)
        for worker in team.workers:
            found = worker_export(run.settings, worker.worker.email, as_of=as_of)
            for entry in form_entries(found.worker, found.form):
                records.append(tuple(f.value for f in entry.fields))
                ready += entry.ready_to_submit
    assert len(records) > 40
    assert ready >= 10  # the sample reflections made records ready to copy
    assert len(records) == len(set(records))
