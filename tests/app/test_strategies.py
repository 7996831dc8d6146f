"""Every completion strategy, through a whole sync run, stores the completions Moodle holds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cpdsync.app.sync import run_sync
from cpdsync.simulator import serve_in_thread
from cpdsync.simulator.dispatch import default_service
from tests.app.conftest import canonical_dump, dataset, settings_for, write_config

PLUGIN_FUNCTIONS = ("local_cpdsync_get_course_completions", "local_cpdsync_get_completion_counts")


def _held(db_url: str) -> dict[tuple[int, int], tuple[int, str]]:
    return {(w, c): (t, source) for w, c, t, source, _ in canonical_dump(db_url)["completions"]}


def _expected(council_data: dict[str, Any]) -> dict[tuple[int, int], int]:
    return {(c["userid"], c["courseid"]): c["timecompleted"] for c in council_data["completions"]}


@pytest.mark.parametrize(
    "strategy,extra,source",
    [("plugin", {}, "plugin"), ("report", {"report_id": "1"}, "report")],
)
def test_exact_strategies_store_every_completion_with_its_true_time(
    tmp_path: Path,
    db_url: str,
    council_data: dict[str, Any],
    strategy: str,
    extra: dict[str, str],
    source: str,
) -> None:
    functions = (*default_service(), *PLUGIN_FUNCTIONS)
    with serve_in_thread(dataset(council_data), functions=functions) as sim:
        config = write_config(tmp_path, sim.url, db_url, strategy=strategy, **extra)
        report = run_sync(settings_for(config, sim.token))
    assert report.record.strategy == strategy
    held = _held(db_url)
    assert {pair: time for pair, (time, _) in held.items()} == _expected(council_data)
    assert {src for _, src in held.values()} == {source}


@pytest.mark.parametrize("strategy", ["standard", "batched"])
def test_plugin_free_strategies_store_every_completion_a_course_criterion_can_show(
    tmp_path: Path, db_url: str, council_data: dict[str, Any], strategy: str
) -> None:
    with serve_in_thread(dataset(council_data)) as sim:
        config = write_config(tmp_path, sim.url, db_url, strategy=strategy)
        report = run_sync(settings_for(config, sim.token))
    expected = _expected(council_data)
    # Course 101 has completion enabled but no criteria: Moodle's course list says worker 11
    # completed it (completionhascriteria false), but completion status would answer
    # nocriteriaset, so there is no time to read: it is held as seen by the sync.
    no_criteria = {pair for pair in expected if pair[1] == 101}
    held = _held(db_url)
    assert {pair: t for pair, (t, _) in held.items() if pair not in no_criteria} == {
        pair: t for pair, t in expected.items() if pair not in no_criteria
    }
    assert {pair: src for pair, (_, src) in held.items() if pair in no_criteria} == {
        pair: "observed" for pair in no_criteria
    }
    assert {src for pair, (_, src) in held.items() if pair not in no_criteria} == {
        "criteria_latest"
    }
    assert report.record.counts.resets == 0
    assert report.record.outcome == "ok"


def test_a_no_criteria_course_reporting_not_completed_does_not_reset_a_held_completion(
    tmp_path: Path, db_url: str, council_data: dict[str, Any]
) -> None:
    functions = (*default_service(), *PLUGIN_FUNCTIONS)
    with serve_in_thread(dataset(council_data), functions=functions) as sim:
        config = write_config(tmp_path, sim.url, db_url, strategy="plugin")
        run_sync(settings_for(config, sim.token))
        assert (11, 101) in _held(db_url)
        config = write_config(tmp_path, sim.url, db_url, strategy="standard")
        again = run_sync(settings_for(config, sim.token))
    assert again.record.counts.resets == 0
    assert not any(reset for *_, reset in canonical_dump(db_url)["completions"])


def test_a_rule_matching_on_tags_is_named_in_a_warning_since_moodle_reports_none(
    tmp_path: Path, db_url: str, council_data: dict[str, Any]
) -> None:
    with serve_in_thread(dataset(council_data)) as sim:
        config = write_config(tmp_path, sim.url, db_url)
        with (tmp_path / "mappings" / "council.yaml").open("a", encoding="utf-8") as handle:
            handle.write("  - match: {tag: peer-discussion}\n    peer_reflection: true\n")
        report = run_sync(settings_for(config, sim.token))
    tag_warnings = [w for w in report.record.warnings if w.code == "tags_unavailable"]
    assert len(tag_warnings) == 1
    assert "council.yaml:11" in tag_warnings[0].message
    assert report.record.outcome == "partial"
