"""`cpdsync check` tells what the cpdsync role lacks from Moodle's answers, against the
simulator with capabilities taken away as on a real site."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cpdsync.cli import main
from cpdsync.simulator import load_sample_council, serve_in_thread
from cpdsync.simulator.dispatch import default_service
from cpdsync.simulator.site_state import DEFAULT_CAPABILITIES

FULLNAMES = "moodle/site:viewfullnames"  # the lab's role holds it; the default one does not
PLUGIN = ("local_cpdsync_get_course_completions", "local_cpdsync_get_completion_counts")


def _check(
    tmp_path: Path, *, revoke: frozenset[str] = frozenset(), strategy: str = "auto"
) -> tuple[int, dict[str, Any]]:
    functions = (*default_service(), *PLUGIN) if strategy == "plugin" else None
    with serve_in_thread(
        load_sample_council(),
        functions=functions,
        capabilities=(DEFAULT_CAPABILITIES | {FULLNAMES}) - revoke,
    ) as sim:
        mappings = tmp_path / "m.yaml"
        mappings.write_text("version: 1\nrules:\n  - match: {idnumber: 'SG-*'}\n", "utf-8")
        config = tmp_path / "cpdsync.toml"
        config.write_text(
            f'[moodle]\nurl = "{sim.url}"\n[mappings]\npaths = ["{mappings}"]\n'
            f'[database]\nurl = "sqlite:///{tmp_path / "c.db"}"\n[sync]\nstrategy = "{strategy}"\n',
            encoding="utf-8",
        )
        result = CliRunner().invoke(
            main,
            ["--config", str(config), "check", "--json"],
            env={"CPDSYNC_MOODLE_TOKEN": sim.token},
        )
    return result.exit_code, json.loads(result.stdout)


def _capabilities(report: dict[str, Any]) -> dict[str, tuple[str, str]]:
    return {
        line["text"].split(": ", 1)[0]: (line["status"], line["text"] + " " + (line["fix"] or ""))
        for line in report["lines"]
        if line["section"] == "capabilities"
    }


def test_a_full_role_passes_and_names_the_hidden_course_read(tmp_path: Path) -> None:
    code, report = _check(tmp_path)
    assert code == 0
    found = _capabilities(report)
    assert {status for status, _ in found.values()} == {"ok"}
    assert "1 of them hidden" in found["moodle/course:viewhiddencourses"][1]


def test_without_viewhiddencourses_check_warns_what_hidden_courses_cost(tmp_path: Path) -> None:
    code, report = _check(tmp_path, revoke=frozenset({"moodle/course:viewhiddencourses"}))
    assert code == 0
    status, text = _capabilities(report)["moodle/course:viewhiddencourses"]
    assert status == "warn"
    assert "Moodle counts 30 courses but lists 29 to the token" in text
    assert "completions in hidden courses are never read" in text


@pytest.mark.parametrize(("strategy", "code"), [("batched", 3), ("standard", 3), ("plugin", 0)])
def test_without_report_completion_view_a_plugin_free_strategy_cannot_run(
    tmp_path: Path, strategy: str, code: int
) -> None:
    got, report = _check(tmp_path, revoke=frozenset({"report/completion:view"}), strategy=strategy)
    assert got == code
    found = _capabilities(report)
    if strategy == "plugin":
        assert "report/completion:view" not in found  # the plugin reads completions itself
    else:
        assert found["report/completion:view"][0] == "fail"


def test_without_viewalldetails_check_warns_that_swe_numbers_are_unread(tmp_path: Path) -> None:
    code, report = _check(tmp_path, revoke=frozenset({"moodle/user:viewalldetails"}))
    assert code == 0
    status, text = _capabilities(report)["moodle/user:viewalldetails"]
    assert status == "warn"
    assert "shows the profile field swenumber" in text and "SWE_NUMBER_MISSING" in text
