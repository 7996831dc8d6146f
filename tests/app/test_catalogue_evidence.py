"""Absence of data is not evidence: what no reply carried never blanks a course, and a reply
that would empty most of the catalogue at once is logged, not applied."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from cpdsync.app.sync import run_sync
from cpdsync.config import Settings
from cpdsync.records.schema import CourseRow, CpdEntryRow
from cpdsync.simulator import Simulator, serve_in_thread
from cpdsync.simulator.site_state import DEFAULT_CAPABILITIES
from tests.app.conftest import (
    T0,
    canonical_dump,
    council,
    dataset,
    engine_for,
    settings_for,
    write_config,
)

SG_03 = 103  # course C3, idnumber SG-03, mapped by the rule on idnumber SG-*


def _courses(db_url: str) -> dict[int, tuple[str, bool]]:
    engine = engine_for(db_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                sa.select(CourseRow.moodle_id, CourseRow.idnumber, CourseRow.missing_since)
            ).all()
    finally:
        engine.dispose()
    return {moodle_id: (idnumber, missing is not None) for moodle_id, idnumber, missing in rows}


def _retired(db_url: str) -> list[str | None]:
    engine = engine_for(db_url)
    try:
        with engine.connect() as conn:
            return list(
                conn.execute(
                    sa.select(CpdEntryRow.retired_reason).where(CpdEntryRow.retired_at.is_not(None))
                ).scalars()
            )
    finally:
        engine.dispose()


def test_a_course_whose_enrolments_all_ended_keeps_its_idnumber_and_its_cpd(
    tmp_path: Path, db_url: str
) -> None:
    data = council()
    with serve_in_thread(dataset(data)) as sim:
        settings = settings_for(
            write_config(tmp_path, sim.url, db_url, strategy="batched"), sim.token
        )
        run_sync(settings)
        entries = canonical_dump(db_url)["cpd_entries"]
        assert _courses(db_url)[SG_03] == ("SG-03", False)
        # Everyone is unenrolled after completing it: no course list carries its idnumber now.
        ended = copy.deepcopy(data)
        for enrolment in ended["enrolments"]:
            if enrolment["courseid"] == SG_03:
                enrolment.update(timestart=T0 - 400 * 86400, timeend=T0 - 86400)
        sim.replace_dataset(dataset(ended))
        report = run_sync(settings, full=True)
    assert _courses(db_url)[SG_03] == ("SG-03", False)
    assert canonical_dump(db_url)["cpd_entries"] == entries
    assert _retired(db_url) == []
    assert report.record.outcome == "ok"


def _emptied(data: dict[str, Any]) -> dict[str, Any]:
    """Valid replies with (almost) nothing in them: one course left, nobody enrolled."""
    empty = copy.deepcopy(data)
    empty["courses"] = empty["courses"][:1]
    empty["enrolments"] = []
    empty["completions"] = []
    return empty


def test_replies_that_would_empty_the_catalogue_are_logged_not_applied(
    tmp_path: Path, db_url: str
) -> None:
    data = council()
    with serve_in_thread(dataset(data)) as sim:
        settings = settings_for(
            write_config(tmp_path, sim.url, db_url, strategy="batched"), sim.token
        )
        run_sync(settings)
        held = canonical_dump(db_url)
        sim.replace_dataset(dataset(_emptied(data)))
        report = run_sync(settings, full=True)
        warnings = [w for w in report.record.warnings if w.code == "catalogue_suspicious"]
        assert report.record.outcome == "partial"
        assert len(warnings) == 1
        assert "Moodle listed 1 of the 4 courses cpdsync holds" in warnings[0].message
        assert "6 workers" in warnings[0].message
        assert "--accept-catalogue" in warnings[0].message
        assert report.record.counts.catalogue == "held"
        assert canonical_dump(db_url) == held
        assert not any(missing for _, missing in _courses(db_url).values())
        # The admin confirms the courses really went: applied, the CPD entries stay.
        accepted = run_sync(settings, full=True, accept_catalogue=True)
    assert accepted.record.counts.catalogue == "refreshed"
    assert {cid for cid, (_, missing) in _courses(db_url).items() if missing} == {102, 103, 104}
    assert canonical_dump(db_url)["cpd_entries"] == held["cpd_entries"]
    assert _retired(db_url) == []


def test_a_reply_blanking_every_course_idnumber_is_logged_not_applied(
    tmp_path: Path, db_url: str
) -> None:
    data = council()
    # With moodle/course:update Moodle gives idnumbers in the course list itself.
    with serve_in_thread(
        dataset(data), capabilities=DEFAULT_CAPABILITIES | {"moodle/course:update"}
    ) as sim:
        settings = settings_for(write_config(tmp_path, sim.url, db_url), sim.token)
        run_sync(settings)
        held = canonical_dump(db_url)
        blank = copy.deepcopy(data)
        for course in blank["courses"]:
            course["idnumber"] = ""
        sim.replace_dataset(dataset(blank))
        report = run_sync(settings, full=True)
    assert report.record.outcome == "partial"
    assert [w.code for w in report.record.warnings] == ["catalogue_suspicious"]
    assert "empty idnumber for 4 of the 4 courses" in report.record.warnings[0].message
    assert {idnumber for idnumber, _ in _courses(db_url).values()} == {
        "SG-01",
        "PR-02",
        "SG-03",
        "PR-04",
    }
    assert canonical_dump(db_url) == held
    assert _retired(db_url) == []


def test_one_course_deleted_in_moodle_is_marked_missing_and_its_cpd_kept(
    settings: Settings, sim: Simulator, council_data: dict[str, Any], db_url: str
) -> None:
    run_sync(settings)
    entries = canonical_dump(db_url)["cpd_entries"]
    deleted = copy.deepcopy(council_data)
    deleted["courses"] = [c for c in deleted["courses"] if c["id"] != SG_03]
    deleted["enrolments"] = [e for e in deleted["enrolments"] if e["courseid"] != SG_03]
    deleted["completions"] = [c for c in deleted["completions"] if c["courseid"] != SG_03]
    sim.replace_dataset(dataset(deleted))
    report = run_sync(settings, full=True)
    assert report.record.outcome == "ok"
    assert _courses(db_url)[SG_03] == ("SG-03", True)
    assert canonical_dump(db_url)["cpd_entries"] == entries
