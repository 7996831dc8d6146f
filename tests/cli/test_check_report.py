"""`cpdsync check` verifies the report named by sync.report_id, against the simulator."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from cpdsync.cli import main
from cpdsync.simulator import Simulator, load_sample_council, serve_in_thread


@pytest.fixture(scope="module")
def sim() -> Iterator[Simulator]:
    with serve_in_thread(load_sample_council()) as running:
        yield running


def _check(sim: Simulator, tmp_path: Path, report_id: int) -> tuple[int, str]:
    mappings = tmp_path / "m.yaml"
    mappings.write_text("version: 1\nrules:\n  - match: {idnumber: 'SG-*'}\n", encoding="utf-8")
    config = tmp_path / "cpdsync.toml"
    config.write_text(
        f'[moodle]\nurl = "{sim.url}"\n[mappings]\npaths = ["{mappings}"]\n'
        f'[sync]\nstrategy = "report"\nreport_id = {report_id}\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        main, ["--config", str(config), "check", "--json"], env={"CPDSYNC_MOODLE_TOKEN": sim.token}
    )
    return result.exit_code, result.output


def test_check_accepts_the_documented_report(sim: Simulator, tmp_path: Path) -> None:
    code, out = _check(sim, tmp_path, 1)
    assert code == 0, out
    report = json.loads(out)
    assert report["moodle"]["report_id"] == 1
    assert report["moodle"]["report_problem"] is None


def test_check_names_a_report_that_does_not_exist_and_exits_2(
    sim: Simulator, tmp_path: Path
) -> None:
    code, out = _check(sim, tmp_path, 99)
    assert code == 2
    assert "report 99 (sync.report_id) cannot be used" in out
    assert sim.token not in out
