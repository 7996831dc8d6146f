"""Several Moodle sites in one database: one config per site, a run lock per site, and every
report about one site (--site, else the config's moodle.url, never both silently)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cpdsync.cli import main
from cpdsync.simulator import Simulator, serve_in_thread
from tests.app.conftest import council, dataset, write_config

WAIT_S = 120
SHARED = "worker1@council.example"  # a worker with an account on both sites


def _south() -> dict[str, Any]:
    """A second council: its own workers (but one shared with the first), the same courses."""
    data = council()
    data["site"] = {"sitename": "South Council Learning"}
    for user in data["users"][1:]:
        user["email"] = user["email"].replace("@council.example", "@south.example")
    return data


@pytest.fixture
def sites(tmp_path: Path, db_url: str) -> Iterator[tuple[Simulator, Simulator, Path, Path]]:
    """Two simulated sites and one config each, both on the test database."""
    with ExitStack() as stack:
        north = stack.enter_context(serve_in_thread(dataset(council())))
        south = stack.enter_context(serve_in_thread(dataset(_south())))
        yield (
            north,
            south,
            write_config(tmp_path / "north", north.url, db_url),
            write_config(tmp_path / "south", south.url, db_url),
        )


def _sync_process(config: Path, token: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "cpdsync", "--config", str(config), "sync", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "CPDSYNC_MOODLE_TOKEN": token},
    )


def _invoke(config: Path, token: str, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        main, ["--config", str(config), *args], env={"CPDSYNC_MOODLE_TOKEN": token}
    )
    return result.exit_code, result.stdout if result.exit_code == 0 else result.output


def _json(config: Path, token: str, *args: str) -> Any:
    code, out = _invoke(config, token, *args)
    assert code == 0, out
    return json.loads(out)


def _hold_then_sync_the_other(
    held: Simulator, held_config: Path, other: Simulator, other_config: Path
) -> tuple[subprocess.CompletedProcess[str], tuple[int, str, str]]:
    """Start a sync of ``held``'s site and stop it at its first Moodle call (it holds its run
    lock then); sync the other site meanwhile; let the first finish. Return both outcomes."""
    hold = held.hold_call(1, "core_webservice_get_site_info")
    try:
        first = _sync_process(held_config, held.token)
        while not hold.wait(0.05):  # polls only to notice a run that ended early
            assert first.poll() is None, "the first sync ended before calling Moodle"
        second = subprocess.run(
            [sys.executable, "-m", "cpdsync", "--config", str(other_config), "sync", "--json"],
            capture_output=True,
            text=True,
            env={**os.environ, "CPDSYNC_MOODLE_TOKEN": other.token},
            timeout=WAIT_S,
            check=False,
        )
        hold.release()
        out, err = first.communicate(timeout=WAIT_S)
    finally:
        hold.release()
    return second, (first.returncode, out, err)


@pytest.mark.slow
def test_two_sites_sync_at_the_same_time_into_one_database(
    sites: tuple[Simulator, Simulator, Path, Path], db_url: str
) -> None:
    north, south, north_config, south_config = sites
    second, (first_code, first_out, first_err) = _hold_then_sync_the_other(
        north, north_config, south, south_config
    )
    if db_url.startswith("sqlite"):
        # SQLite has one writer: the second site waits its turn and is told whose run it is.
        assert second.returncode == 1
        assert f"a sync of {north.url} is running in the same SQLite database" in second.stderr
        assert first_code == 0, first_err
        return
    # PostgreSQL: each site's advisory lock is its own, so south synced while north's run held.
    assert second.returncode == 0, second.stderr
    assert json.loads(second.stdout)["site_url"] == south.url
    assert first_code == 0, first_err
    assert json.loads(first_out)["site_url"] == north.url


def test_every_report_covers_one_site_and_site_chooses_which(
    sites: tuple[Simulator, Simulator, Path, Path], tmp_path: Path, db_url: str
) -> None:
    north, south, north_config, south_config = sites
    assert _invoke(north_config, north.token, "sync")[0] == 0
    assert _invoke(south_config, south.token, "sync")[0] == 0
    token = north.token

    def emails(report: Any) -> set[str]:
        return {w["worker"]["email"] for w in report["workers"]}

    north_only = emails(_json(north_config, token, "readiness", "--json"))
    assert len(north_only) == 6 and all(e.endswith("@council.example") for e in north_only)
    south_only = emails(_json(north_config, token, "readiness", "--json", "--site", south.url))
    assert len(south_only) == 6 and SHARED in south_only
    assert {e for e in south_only if e != SHARED} <= {f"worker{w}@south.example" for w in range(7)}

    status = _json(north_config, token, "status", "--json", "--site", south.url)
    assert status["site_url"] == south.url and status["records"]["workers"] == 6
    completions = _json(north_config, token, "completions", "--json", "--site", south.url)
    assert {c["site_url"] for c in completions["completions"]} == {south.url}
    assert len(completions["completions"]) == status["records"]["completions"]

    north_cpd = _json(north_config, token, "cpd", "list", SHARED, "--json")
    south_cpd = _json(north_config, token, "cpd", "list", SHARED, "--json", "--site", south.url)
    assert {e["id"] for e in north_cpd["entries"]}.isdisjoint(e["id"] for e in south_cpd["entries"])
    exported = _json(north_config, token, "export", SHARED, "--format", "json", "--site", south.url)
    assert exported  # found on the named site, not refused as naming two workers
    held = _json(north_config, token, "worker", "export", SHARED, "--site", south.url)
    assert held["worker"]["site"] == south.url
    reminders = _json(
        north_config, token, "remind", "--dry-run", "--json", "--as-of", "2026-11-16",
        "--site", south.url,
    )  # fmt: skip
    sent_to = {m["to"]["email"] for m in reminders["messages"]}
    assert sent_to and sent_to <= south_only


def test_without_a_site_a_database_of_several_sites_names_them_and_reports_nothing(
    sites: tuple[Simulator, Simulator, Path, Path], tmp_path: Path, db_url: str
) -> None:
    north, south, north_config, south_config = sites
    assert _invoke(north_config, north.token, "sync")[0] == 0
    assert _invoke(south_config, south.token, "sync")[0] == 0
    siteless = tmp_path / "siteless.toml"
    siteless.write_text(
        north_config.read_text(encoding="utf-8").replace(f'url = "{north.url}"\n', "", 1),
        encoding="utf-8",
    )
    for command in (["readiness"], ["completions"], ["status"], ["cpd", "list", SHARED]):
        code, out = _invoke(siteless, north.token, *command)
        assert code == 2, (command, out)
        assert "holds 2 Moodle sites" in out and north.url in out and south.url in out
    code, out = _invoke(
        north_config, north.token, "readiness", "--site", "https://elsewhere.example"
    )
    assert code == 2 and "--site https://elsewhere.example is not in the database" in out
    result = CliRunner().invoke(
        main,
        ["--config", str(north_config), "remind", "--site", south.url],
        env={"CPDSYNC_MOODLE_TOKEN": north.token, "CPDSYNC_NOTIFY_MOODLE_MESSAGES": "true"},
    )
    assert result.exit_code == 2 and "run remind with that site's config" in result.output
