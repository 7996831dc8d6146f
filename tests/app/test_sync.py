"""One sync run against the simulator over loopback, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from cpdsync.app.sync import run_sync
from cpdsync.config import Settings
from cpdsync.errors import InputFileError
from cpdsync.records.db import open_database
from cpdsync.records.run_log import RunCounts, list_runs
from cpdsync.simulator import Simulator
from cpdsync.simulator.site_state import DEFAULT_CAPABILITIES
from tests.app.conftest import canonical_dump


def _new_and_changed(counts: RunCounts) -> dict[str, tuple[int, int]]:
    return {kind: (value.new, value.changed) for kind, value in counts.writes()}


def test_second_sync_right_after_a_full_sync_changes_nothing(
    settings: Settings, db_url: str
) -> None:
    first = run_sync(settings)
    assert first.record.counts.completions.new > 0
    assert first.record.counts.cpd_entries.new > 0
    held = canonical_dump(db_url)
    second = run_sync(settings)
    assert all(pair == (0, 0) for pair in _new_and_changed(second.record.counts).values()), (
        second.record.counts
    )
    assert second.record.counts.resets == 0
    assert canonical_dump(db_url) == held


def test_run_record_holds_outcome_counts_calls_and_named_warnings(
    settings: Settings, sim: Simulator, db_url: str
) -> None:
    # Without this capability Moodle leaves users out of its replies: each is a named warning
    # on the run, and the run goes on.
    sim.state.capabilities = DEFAULT_CAPABILITIES - {"moodle/user:viewalldetails"}
    report = run_sync(settings).record
    assert report.id is not None
    assert report.outcome == "partial"
    assert {w.code for w in report.warnings} == {"userunreadable"}
    assert {w.userid for w in report.warnings} == {11, 12, 13, 14, 15, 16}
    assert report.counts.completions is not None and report.counts.completions.new > 0
    assert report.calls["core_webservice_get_site_info"] == 1
    database = open_database(db_url)
    try:
        with database.transaction() as session:
            (run,) = list_runs(session)
    finally:
        database.close()
    assert run == report


def test_dry_run_reports_what_would_change_and_writes_nothing(
    settings: Settings, db_url: str
) -> None:
    report = run_sync(settings, dry_run=True)
    assert report.dry_run and report.record.id is None
    assert report.record.counts.completions.new > 0
    assert canonical_dump(db_url) == {"completions": [], "cpd_entries": []}
    database = open_database(db_url)
    try:
        with database.transaction() as session:
            assert list_runs(session) == []
    finally:
        database.close()


def test_invalid_mappings_stop_the_run_before_moodle_is_called(
    settings: Settings, sim: Simulator, tmp_path: Path, db_url: str
) -> None:
    (tmp_path / "mappings" / "council.yaml").write_text(
        "version: 1\nrules:\n  - match: {idnumber: X}\n    capabilities: [NOT-A-CAPABILITY]\n",
        encoding="utf-8",
    )
    sim.reset_stats()
    with pytest.raises(InputFileError) as caught:
        run_sync(settings)
    assert caught.value.exit_code == 2
    assert "council.yaml:4" in caught.value.message
    assert sum(sim.stats().values()) == 0
    assert not Path(db_url.removeprefix("sqlite:///")).exists() or db_url.startswith("postgres")
