"""The run record: written as a run goes, read back typed, its times in one ISO 8601 form."""

from __future__ import annotations

from datetime import timedelta

import pytest

from cpdsync.errors import StorageError
from cpdsync.records import run_log
from cpdsync.records.db import Database
from cpdsync.records.run_log import RunCounts, RunRecord, RunWarning
from cpdsync.records.write_counts import Counts, EntryCounts
from tests.records.rows import NOW, SITE, store_sample

COUNTS = RunCounts(
    catalogue="refreshed",
    catalogue_refreshed_because="first",
    workers=Counts(new=2),
    completions=Counts(new=2, skipped=1, skipped_because=["not stored"]),
    resets=0,
    cpd_entries=EntryCounts(new=1, unmapped=1),
)
WARNING = RunWarning("nocriteriaset", "no criteria", "core_completion_x", courseid=7)


def _finished(run_id: int, outcome: str = "partial") -> RunRecord:
    return RunRecord(
        id=run_id,
        site_url=SITE.url,
        started=NOW + timedelta(hours=1),
        finished=NOW + timedelta(hours=1, minutes=2),
        outcome=outcome,
        strategy="standard",
        counts=COUNTS,
        calls={"core_webservice_get_site_info": 1},
        warnings=(WARNING,),
    )


def test_a_run_is_recorded_and_a_stale_running_one_is_closed_as_interrupted(
    database: Database,
) -> None:
    with database.transaction() as session:
        site = store_sample(session)
        stale = run_log.start_run(session, site, strategy="standard", now=NOW)
        run = run_log.start_run(session, site, strategy="standard", now=NOW + timedelta(hours=1))
        run_log.finish_run(session, run, _finished(run))
    with database.transaction() as session:
        runs = run_log.list_runs(session, SITE.url)
    assert [r.id for r in runs] == [run, stale]
    assert runs[0].outcome == "partial"
    assert runs[0].duration_s == 120.0
    assert runs[0].warnings == (WARNING,)
    assert runs[0].counts.completions == Counts(new=2, skipped=1)
    assert runs[0].counts.cpd_entries == EntryCounts(new=1, unmapped=1)
    assert runs[1].outcome == "failed" and runs[1].error == run_log.INTERRUPTED


def test_the_run_record_json_has_utc_z_times_and_leaves_out_kinds_not_written(
    database: Database,
) -> None:
    with database.transaction() as session:
        run = run_log.start_run(session, SITE.url, strategy="", now=NOW + timedelta(hours=1))
        run_log.finish_run(session, run, _finished(run))
        (record,) = run_log.list_runs(session)
    data = record.as_json()
    assert data["started"] == "2026-03-01T10:00:00Z"
    assert data["finished"] == "2026-03-01T10:02:00Z"
    assert data["duration_s"] == 120.0
    assert data["site_url"] == "https://learning.council.example"
    assert data["counts"] == {
        "catalogue": "refreshed",
        "catalogue_refreshed_because": "first",
        "workers": {"new": 2, "changed": 0, "unchanged": 0, "skipped": 0},
        "completions": {"new": 2, "changed": 0, "unchanged": 0, "skipped": 1},
        "resets": 0,
        "cpd_entries": {
            "new": 1,
            "changed": 0,
            "unchanged": 0,
            "skipped": 0,
            "unmapped": 1,
            "retired": 0,
        },
    }
    assert data["warnings"] == [
        {
            "code": "nocriteriaset",
            "message": "no criteria",
            "wsfunction": "core_completion_x",
            "userid": None,
            "courseid": 7,
        }
    ]
    assert RunCounts.from_json(data["counts"]).as_json() == data["counts"]


def test_a_running_run_has_no_finish_or_duration(database: Database) -> None:
    with database.transaction() as session:
        run_log.start_run(session, SITE.url, strategy="plugin", now=NOW)
        (record,) = run_log.list_runs(session, SITE.url)
    assert (record.outcome, record.finished, record.duration_s) == ("running", None, None)
    assert record.as_json()["counts"] == {}


@pytest.mark.parametrize("outcome", ["running", "done"])
def test_a_run_cannot_be_finished_as_running_or_an_unknown_outcome(
    database: Database, outcome: str
) -> None:
    with (
        pytest.raises(StorageError, match="is not one of ok, partial, failed"),
        database.transaction() as session,
    ):
        run = run_log.start_run(session, SITE.url, strategy="", now=NOW)
        run_log.finish_run(session, run, _finished(run, outcome))


def test_a_run_not_in_the_database_cannot_be_finished(database: Database) -> None:
    with (
        pytest.raises(StorageError, match="sync run 999 is not in the database"),
        database.transaction() as session,
    ):
        run_log.finish_run(session, 999, _finished(999))
