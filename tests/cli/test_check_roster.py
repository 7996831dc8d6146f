"""`cpdsync check` and `cpdsync status` on the roster ([workers]) against the simulator: what
the token lacks for the roster it is given, and the warning when there is none."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from cpdsync.cli import main
from cpdsync.simulator import Simulator, serve_in_thread
from cpdsync.simulator.dispatch import default_service
from cpdsync.simulator.site_state import DEFAULT_CAPABILITIES
from tests.app.conftest import dataset, write_config
from tests.app.test_roster_sync import PLUGIN_USERS, roster_council


@pytest.fixture
def sim() -> Iterator[Simulator]:
    with serve_in_thread(
        dataset(roster_council()), functions=default_service() + PLUGIN_USERS
    ) as running:
        yield running


def run(
    tmp_path: Path, sim: Simulator, workers: str, *args: str, command: str = "check"
) -> tuple[int, str, str]:
    config = write_config(tmp_path, sim.url, f"sqlite:///{tmp_path / 'c.db'}")
    if workers:
        config.write_text(config.read_text(encoding="utf-8") + f"[workers]\n{workers}\n")
    result = CliRunner().invoke(
        main,
        ["--config", str(config), command, *args],
        env={"CPDSYNC_MOODLE_TOKEN": sim.token},
    )
    return result.exit_code, result.stdout, result.stderr


def test_check_counts_the_roster_and_names_hr_rows_without_an_account(
    tmp_path: Path, sim: Simulator
) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "email,team\nworker1@council.example,North\nnobody@council.example,\n", encoding="utf-8"
    )
    code, out, err = run(tmp_path, sim, f'cohorts = ["SW-REGISTERED"]\nroster = "{roster}"')
    assert code == 0, out + err
    assert "  ok    9 workers on the roster" in out
    assert "  info  cohort SW-REGISTERED: 8 members" in out
    assert f"  info  HR roster {roster}: 2 rows, 1 with a Moodle account" in out
    assert (
        f"  WARN  on the HR roster without a Moodle account: {roster}:3: nobody@council.example"
    ) in out
    assert "  ok    core_cohort_get_cohort_members (required)" in out


def test_check_json_reports_the_roster(tmp_path: Path, sim: Simulator) -> None:
    code, out, _ = run(tmp_path, sim, 'with_profile_field = "swenumber"', "--json")
    assert code == 0
    roster = json.loads(out)["roster"]
    assert roster["ok"] is True
    assert roster["workers"] == 8
    assert roster["sources"] == ["profile field swenumber: 8 users with it set"]


def test_check_names_a_cohort_the_site_lacks_and_lists_the_ones_it_has(
    tmp_path: Path, sim: Simulator
) -> None:
    code, out, err = run(tmp_path, sim, 'cohorts = ["SW-ALL"]')
    assert code == 2
    assert "Workers (the roster: [workers])\n  FAIL" in out
    assert "'SW-ALL'" in err
    assert "SW-REGISTERED (Registered social workers), ADMIN (Business support)" in err


def test_check_names_the_capability_to_grant_for_cohorts(tmp_path: Path, sim: Simulator) -> None:
    sim.state.capabilities = DEFAULT_CAPABILITIES - {"moodle/cohort:view"}
    code, out, err = run(tmp_path, sim, 'cohorts = ["SW-REGISTERED"]')
    assert code == 3
    assert "give its role moodle/cohort:view" in out + err


def test_check_names_the_cohort_functions_missing_from_the_service(tmp_path: Path) -> None:
    core = [f for f in default_service() if not f.startswith("core_cohort_")]
    with serve_in_thread(dataset(roster_council()), functions=core) as sim:
        code, out, _ = run(tmp_path, sim, 'cohorts = ["SW-REGISTERED"]')
    assert code == 3
    assert "  FAIL  core_cohort_get_cohorts (required)" in out
    assert "add core_cohort_get_cohorts to the cpdsync external service" in out
    assert "the cpdsync role needs moodle/cohort:view" in out


def test_check_says_the_plugin_is_needed_for_a_profile_field_roster(tmp_path: Path) -> None:
    with serve_in_thread(dataset(roster_council())) as sim:
        code, out, _ = run(tmp_path, sim, 'with_profile_field = "swenumber"')
    assert code == 3
    assert "  FAIL  local_cpdsync_get_users_with_field (required)" in out
    assert "install the local_cpdsync plugin" in out


def test_check_names_a_profile_field_the_site_lacks(tmp_path: Path, sim: Simulator) -> None:
    code, _, err = run(tmp_path, sim, 'with_profile_field = "staffnumber"')
    assert code == 2
    assert "no custom profile field with that shortname" in err


def test_check_lists_an_unreadable_roster_by_file_and_line(tmp_path: Path, sim: Simulator) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("email,teams\n", encoding="utf-8")
    code, out, err = run(tmp_path, sim, f'roster = "{roster}"')
    assert code == 2
    assert f"{roster}:1: unknown column(s): 'teams'" in out + err


def test_without_a_roster_check_and_status_warn_that_workers_may_be_invisible(
    tmp_path: Path, sim: Simulator
) -> None:
    code, out, _ = run(tmp_path, sim, "")
    assert code == 0
    assert "a social worker with no enrolment is invisible in every report" in out
    code, out, _ = run(tmp_path, sim, "", command="status")
    assert "warning: no roster is configured ([workers])" in out
    code, out, _ = run(tmp_path, sim, 'cohorts = ["SW-REGISTERED"]', command="status")
    assert "no roster is configured" not in out
