"""How many calls a sync makes, and when it reads the catalogue (workers, courses) from Moodle
rather than using the one it holds."""

from __future__ import annotations

import copy
import math
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from cpdsync.app.refresh_policy import ROSTER, names_newcomers, refresh_reason
from cpdsync.app.sync import run_sync
from cpdsync.config import Settings
from cpdsync.connector.facts import CompletionBatch
from cpdsync.simulator import Simulator, serve_in_thread
from cpdsync.simulator.dispatch import default_service
from tests.app.conftest import canonical_dump, council, dataset, settings_for, write_config

PLUGIN_FUNCTIONS = ("local_cpdsync_get_course_completions", "local_cpdsync_get_completion_counts")
BATCH = "tool_mobile_call_external_functions"
START = datetime(2025, 11, 20, 9, 0, tzinfo=UTC)


class Clock:
    """The run's clock, moved on by the test."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def plugin_sim(council_data: dict[str, Any]) -> Iterator[Simulator]:
    functions = (*default_service(), *PLUGIN_FUNCTIONS)
    with serve_in_thread(dataset(council_data), functions=functions) as running:
        yield running


def plugin_settings(tmp_path: Path, sim: Simulator, db_url: str, **sync: str) -> Settings:
    config = write_config(tmp_path, sim.url, db_url, strategy="plugin", **sync)
    return settings_for(config, sim.token)


def calls_of(sim: Simulator, settings: Settings, **options: Any) -> tuple[dict[str, int], Any]:
    sim.reset_stats()
    report = run_sync(settings, **options)
    return sim.stats(), report


def test_batched_sync_sends_course_lists_and_status_calls_in_batches_of_the_set_size(
    tmp_path: Path, db_url: str
) -> None:
    data = council(workers=130, courses=4)
    with serve_in_thread(dataset(data)) as sim:
        settings = settings_for(
            write_config(tmp_path, sim.url, db_url, strategy="batched"), sim.token
        )
        full, report = calls_of(sim, settings)
        sub_calls = dict(sim.state.batched)
        incremental, again = calls_of(sim, settings)
    # Every completion is new but (11, 101): its course has no criteria, so Moodle's course
    # list does not call it complete.
    new = len([c for c in data["completions"] if c["courseid"] != 101])
    assert report.record.counts.catalogue == "refreshed"
    assert full == {
        "core_webservice_get_site_info": 1,
        "core_course_get_categories": 1,
        "core_course_get_courses_by_field": 1,
        # One batch for the 4 courses' enrolments, one for the users' suspended flags, two
        # for the 130 workers' course lists (100 a request), the status calls 50 a request.
        BATCH: 1 + 1 + 2 + math.ceil(new / 50),
    }
    assert sub_calls["core_enrol_get_users_courses"] == 130
    assert sub_calls["core_completion_get_course_completion_status"] == new
    # No change, catalogue held: the site, and the 130 course lists in two requests.
    assert again.record.counts.catalogue == "held"
    assert incremental == {"core_webservice_get_site_info": 1, BATCH: 2}


def test_plugin_incremental_sync_with_no_changes_makes_three_calls(
    tmp_path: Path, db_url: str, plugin_sim: Simulator
) -> None:
    settings = plugin_settings(tmp_path, plugin_sim, db_url)
    full, _ = calls_of(plugin_sim, settings)
    assert sum(full.values()) <= 12
    incremental, report = calls_of(plugin_sim, settings)
    assert incremental == {
        "core_webservice_get_site_info": 1,
        "local_cpdsync_get_course_completions": 1,
        "local_cpdsync_get_completion_counts": 1,
    }
    assert report.record.counts.catalogue == "held"
    assert report.record.outcome == "ok"


def test_a_completion_of_a_worker_not_held_refreshes_the_catalogue_in_the_run_and_is_recorded(
    tmp_path: Path, db_url: str, plugin_sim: Simulator, council_data: dict[str, Any]
) -> None:
    clock = Clock(START)
    settings = plugin_settings(tmp_path, plugin_sim, db_url)
    run_sync(settings, clock=clock)
    changed = copy.deepcopy(council_data)
    changed["users"].append(
        {
            "id": 99,
            "username": "newstarter",
            "firstname": "New",
            "lastname": "Starter",
            "email": "new.starter@council.example",
            "idnumber": "EMP0099",
            "customfields": {"swenumber": "SW100099", "jobrole": "Social Worker"},
        }
    )
    changed["enrolments"].append({"userid": 99, "courseid": 103})
    done_at = START + timedelta(hours=1)
    changed["completions"].append(
        {"userid": 99, "courseid": 103, "timecompleted": int(done_at.timestamp())}
    )
    plugin_sim.replace_dataset(dataset(changed))
    clock.now = START + timedelta(hours=2)
    calls, report = calls_of(plugin_sim, settings, clock=clock)
    assert report.record.counts.catalogue == "refreshed"
    assert report.record.counts.catalogue_refreshed_because == "unknown"
    assert report.record.counts.workers.new == 1
    assert report.record.counts.completions.new == 1
    # The refresh: enrolments read (in batches, the token may batch) ...
    assert plugin_sim.state.batched["core_enrol_get_enrolled_users"] >= 1
    # ... and the completions asked for again.
    assert calls["local_cpdsync_get_course_completions"] == 2
    held = canonical_dump(db_url)["completions"]
    assert (99, 103) in {(row[0], row[1]) for row in held}


def test_the_catalogue_is_read_again_once_sync_catalogue_refresh_has_passed(
    tmp_path: Path, db_url: str, plugin_sim: Simulator, council_data: dict[str, Any]
) -> None:
    clock = Clock(START)
    settings = plugin_settings(tmp_path, plugin_sim, db_url, catalogue_refresh="6h")
    assert run_sync(settings, clock=clock).record.counts.catalogue == "refreshed"
    changed = copy.deepcopy(council_data)
    changed["users"][0]["lastname"] = "Renamed"
    plugin_sim.replace_dataset(dataset(changed))

    clock.now = START + timedelta(hours=5, minutes=59)
    before = run_sync(settings, clock=clock)
    assert before.record.counts.catalogue == "held"
    assert before.record.counts.workers.changed == 0

    clock.now = START + timedelta(hours=6)
    due = run_sync(settings, clock=clock)
    assert due.record.counts.catalogue == "refreshed"
    assert due.record.counts.catalogue_refreshed_because == "due"
    assert due.record.counts.workers.changed == 1

    # The refresh moved the catalogue cursor: the next run within 6 hours holds again.
    clock.now = START + timedelta(hours=7)
    assert run_sync(settings, clock=clock).record.counts.catalogue == "held"


def test_a_full_sync_always_reads_the_catalogue(
    tmp_path: Path, db_url: str, plugin_sim: Simulator
) -> None:
    clock = Clock(START)
    settings = plugin_settings(tmp_path, plugin_sim, db_url)
    run_sync(settings, clock=clock)
    clock.now = START + timedelta(minutes=1)
    calls, report = calls_of(plugin_sim, settings, clock=clock, full=True)
    assert report.record.counts.catalogue == "refreshed"
    assert report.record.counts.catalogue_refreshed_because == "full"
    assert plugin_sim.state.batched["core_enrol_get_enrolled_users"] >= 1
    assert "local_cpdsync_get_completion_counts" not in calls  # a full read needs no counts


def test_a_completion_of_someone_not_followed_dated_before_the_last_refresh_reads_no_catalogue(
    tmp_path: Path, db_url: str, plugin_sim: Simulator, council_data: dict[str, Any]
) -> None:
    clock = Clock(START)
    settings = plugin_settings(tmp_path, plugin_sim, db_url)
    run_sync(settings, clock=clock)
    # A user the refresh saw and did not follow (no enrolment in a course cpdsync reads) has
    # a completion dated before it: re-reading for it would repeat on every run.
    changed = copy.deepcopy(council_data)
    changed["users"].append(
        {
            "id": 98,
            "username": "formerstaff",
            "firstname": "Former",
            "lastname": "Staff",
            "email": "former.staff@council.example",
            "idnumber": "EMP0098",
        }
    )
    changed["completions"].append(
        {"userid": 98, "courseid": 103, "timecompleted": int(START.timestamp()) - 3600}
    )
    plugin_sim.replace_dataset(dataset(changed))
    clock.now = START + timedelta(hours=1)
    calls, report = calls_of(plugin_sim, settings, clock=clock)
    assert report.record.counts.catalogue == "held"
    assert sum(calls.values()) == 3


def test_with_a_roster_only_an_unknown_course_makes_a_completion_name_a_newcomer() -> None:
    refreshed = int(START.timestamp())
    batch = CompletionBatch(unknown={(99, 101): refreshed + 60})  # someone off the roster
    assert names_newcomers(batch, str(refreshed))
    assert not names_newcomers(batch, str(refreshed), followed_courses={101})
    batch.unknown[(11, 555)] = refreshed + 60  # a course not held
    assert names_newcomers(batch, str(refreshed), followed_courses={101})
    # A changed roster reads the catalogue again at once.
    reason = refresh_reason(
        str(refreshed), timedelta(days=1), START, full=False, roster_changed=True
    )
    assert reason == ROSTER
