"""`cpdsync sync`, `status` and `completions` on a synced database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from cpdsync.cli import main
from cpdsync.simulator import Simulator
from tests.app.conftest import write_config


def _invoke(config: Path, sim: Simulator, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        main, ["--config", str(config), *args], env={"CPDSYNC_MOODLE_TOKEN": sim.token}
    )
    return result.exit_code, result.output


def test_status_is_critical_before_any_run_and_healthy_after_a_sync(
    sim: Simulator, db_url: str, tmp_path: Path
) -> None:
    config = write_config(tmp_path, sim.url, db_url)
    code, out = _invoke(config, sim, "status", "--json")
    assert code == 2
    assert json.loads(out)["state"] == "CRITICAL"
    code, out = _invoke(config, sim, "sync", "--json")
    assert code == 0, out
    run = json.loads(out)
    assert run["outcome"] == "ok" and run["counts"]["completions"]["new"] > 0
    code, out = _invoke(config, sim, "status", "--json")
    assert code == 0, out
    status = json.loads(out)
    assert status["state"] == "OK" and status["healthy"] is True
    assert status["runs"][0]["id"] == run["run_id"]
    assert status["next_due"] is not None


def test_completions_lists_one_workers_completions_with_their_date_source(
    sim: Simulator, db_url: str, tmp_path: Path
) -> None:
    config = write_config(tmp_path, sim.url, db_url)
    assert _invoke(config, sim, "sync")[0] == 0
    code, out = _invoke(config, sim, "completions", "worker2@council.example", "--json")
    assert code == 0, out
    rows = json.loads(out)["completions"]
    assert {row["course_id"] for row in rows} == {102, 104}
    assert {row["worker_email"] for row in rows} == {"worker2@council.example"}
    assert all(row["completed_at"].endswith(("Z", "+00:00")) for row in rows)
    code, out = _invoke(config, sim, "completions", "nobody@council.example")
    assert code == 2


def test_sync_json_prints_the_failed_run_with_its_error_and_keeps_the_exit_code(
    sim: Simulator, db_url: str, tmp_path: Path
) -> None:
    config = write_config(tmp_path, sim.url, db_url)
    result = CliRunner().invoke(
        main, ["--config", str(config), "sync", "--json"], env={"CPDSYNC_MOODLE_TOKEN": "nope"}
    )
    assert result.exit_code == 3
    run = json.loads(result.stdout)
    assert run["outcome"] == "failed" and isinstance(run["run_id"], int)
    assert "invalidtoken" in run["error"] and run["calls"] == {"core_webservice_get_site_info": 1}
    # Stopped before a run began (no token at all): nothing recorded, the error all the same.
    result = CliRunner().invoke(main, ["--config", str(config), "sync", "--json"], env={})
    assert result.exit_code == 2
    run = json.loads(result.stdout)
    assert (
        run["run_id"] is None and run["outcome"] == "failed" and "no Moodle token" in run["error"]
    )


def test_a_full_sync_counts_everything_it_read_as_unchanged(
    sim: Simulator, db_url: str, tmp_path: Path
) -> None:
    config = write_config(tmp_path, sim.url, db_url)
    code, out = _invoke(config, sim, "sync", "--json")
    first = json.loads(out)["counts"]["completions"]
    assert first["read"] == first["new"] > 0
    code, out = _invoke(config, sim, "sync", "--full", "--json")
    assert code == 0, out
    again = json.loads(out)["counts"]
    assert again["completions"]["read"] == again["completions"]["unchanged"] == first["new"]
    assert again["completions"]["new"] == again["completions"]["changed"] == 0
    assert again["workers"]["read"] == again["workers"]["unchanged"] == 6
    code, out = _invoke(config, sim, "sync", "--full")
    assert f"completions  {first['new']} read: 0 new, 0 changed, {first['new']} unchanged" in out


def _process(
    config: Path, sim: Simulator, *args: str, verbose: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run cpdsync as a process of its own: its logging set up as in production (pytest's own
    log capture would stand in for it in-process), stderr apart from stdout and not a terminal."""
    env = {**os.environ, "CPDSYNC_MOODLE_TOKEN": sim.token}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "cpdsync",
            *([verbose] if verbose else []),
            "--config",
            str(config),
            *args,
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


@pytest.mark.slow
def test_progress_goes_to_stderr_a_line_per_phase_and_json_stays_alone_on_stdout(
    sim: Simulator, db_url: str, tmp_path: Path
) -> None:
    config = write_config(tmp_path, sim.url, db_url)
    result = _process(config, sim, "sync", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["outcome"] == "ok"
    phases = [line for line in result.stderr.splitlines() if "cpdsync.progress" in line]
    assert [line.split(": ")[1] for line in phases] == ["catalogue", "completions", "derive"]
    assert "6 workers, 4 courses" in phases[0] and "Moodle calls in" in phases[0]
    assert "Context impl" not in result.stderr  # Alembic's lines wait for -vv


@pytest.mark.slow
def test_alembic_says_what_it_does_only_at_double_verbose(
    sim: Simulator, db_url: str, tmp_path: Path
) -> None:
    config = write_config(tmp_path, sim.url, db_url)
    once = _process(config, sim, "sync", verbose="-v")
    assert once.returncode == 0 and "Context impl" not in once.stderr
    assert "creating the cpdsync schema" in once.stderr  # cpdsync's own line says it
    twice = _process(config, sim, "migrate", verbose="-vv")
    assert twice.returncode == 0 and "Context impl" in twice.stderr
