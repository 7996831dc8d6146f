"""`cpdsync demo` runs the whole product on the packaged sample council, on a fixed date."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from cpdsync.app.demo import demo_run, write_sample_input
from cpdsync.cli import main

ROOT = Path(__file__).parents[2]


def test_packaged_sample_mappings_are_the_example_council_mappings() -> None:
    packaged = ROOT / "cpdsync" / "mappings" / "templates" / "sample-council.yaml"
    example = ROOT / "examples" / "mappings" / "council.yaml"
    assert packaged.read_text(encoding="utf-8") == example.read_text(encoding="utf-8")


def test_demo_shows_a_spread_of_statuses_on_its_fixed_date_and_two_more(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["demo", "--html-dir", str(tmp_path / "pages")])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "run 1: ok" in out
    assert "completions" in out and "new" in out
    assert (
        "As on 22 November 2026, a date in the renewal window, so the demo looks the same any "
        "day" in out
    )
    assert "Registration year 2025-26" in out
    table = out.split("== Readiness of every worker on 2026-11-22 ==")[1].split("== One")[0]
    for status in ("At risk", "Ready", "Submitted", "Exempt"):
        assert f" {status} " in table, status
    # The roster is the sample council's cohort: its two new starters, enrolled on nothing,
    # are in the report; the worker who left is not.
    assert "41 workers:" in table
    assert "Niall Hughes" in table and "Aaron Roberts" in table
    assert "Tariq Martin" not in out
    assert "== One worker's detail:" in out
    assert "SWE_CPD_" in out and "renewal steps to finish" in out
    assert "before the renewal window opens ==" in out and " in progress" in out
    after = out.split("== The day after the deadline, 1 December 2026")[1]
    assert "missed the renewal deadline (23:59 on 30 November 2026)" in after
    assert " missed, " in after
    assert "<html" in (tmp_path / "pages" / "worker.html").read_text(encoding="utf-8").lower()
    assert (tmp_path / "pages" / "team.html").is_file()


def test_demo_with_as_of_shows_that_date_only() -> None:
    result = CliRunner().invoke(main, ["demo", "--as-of", "2026-12-01"])
    assert result.exit_code == 0, result.output
    assert "As on 1 December 2026 (--as-of)." in result.output
    assert "before the renewal window opens" not in result.output
    table = result.output.split("== Readiness of every worker on 2026-12-01 ==")[1]
    assert table.split("Top gap\n")[1].split("\n")[1].split()[2] == "Missed"


@pytest.fixture(scope="module")
def demo_council(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """The demo's sample council synced into a database, with the workers' sample input,
    and the environment that points `cpdsync` commands at it."""
    workdir = tmp_path_factory.mktemp("demo")
    with demo_run(workdir) as run:
        write_sample_input(run.settings)
        config = run.settings.config
        yield {
            "CPDSYNC_CONFIG": "",
            "CPDSYNC_DATABASE_URL": config.database.url,
            "CPDSYNC_MAPPINGS_PATHS": ",".join(str(p) for p in config.mappings.paths),
        }


def _cli(env: dict[str, str], *args: str) -> Result:
    result = CliRunner().invoke(main, list(args), env=env)
    assert result.exit_code == 0, result.output
    return result


def _statuses(env: dict[str, str], as_of: str) -> list[tuple[str, str, list[str]]]:
    document = json.loads(_cli(env, "readiness", "--as-of", as_of, "--json").output)
    return [
        (w["worker"]["email"], w["status"], [g["code"] for g in w["gaps"]])
        for w in document["workers"]
    ]


def test_the_day_after_the_deadline_leads_with_the_workers_who_missed_it(
    demo_council: dict[str, str],
) -> None:
    on_deadline_day = {email: status for email, status, _ in _statuses(demo_council, "2026-11-30")}
    after = _statuses(demo_council, "2026-12-01")
    missed = [email for email, status, _ in after if status == "missed"]
    # Exactly those still at risk on the deadline day, and all of them first.
    assert missed
    assert set(missed) == {e for e, s in on_deadline_day.items() if s == "at_risk"}
    assert [email for email, _, _ in after[: len(missed)]] == missed
    assert all(codes[0] == "SWE_RENEWAL_MISSED" for _, status, codes in after if status == "missed")
    text = _cli(demo_council, "readiness", "--as-of", "2026-12-01").output
    assert f"{len(missed)} workers missed the renewal deadline (23:59 on 30 November 2026)" in (
        " ".join(text.split())
    )
    rows = text.split("Top gap\n")[1].splitlines()[1 : len(missed) + 1]
    assert all(" Missed " in row for row in rows)
    assert "Provisional rules for 2026-27" in text  # SWE's planned consultation


def test_nobody_is_ready_without_two_reflections_and_one_peer_reflection(
    demo_council: dict[str, str],
) -> None:
    ready = [
        email for email, status, _ in _statuses(demo_council, "2026-11-22") if status == "ready"
    ]
    assert ready
    for email in ready:
        listed = json.loads(
            _cli(demo_council, "cpd", "list", email, "--year", "2025-26", "--json").output
        )
        written = [
            e
            for e in listed["entries"]
            if e["reflection"] == "submitted" or e["recorded_on_swe"] or e["peer_recorded_on_swe"]
        ]
        peer = [
            e
            for e in written
            if (e["reflection"] == "submitted" and e["peer_reflection"])
            or e["peer_recorded_on_swe"]
        ]
        assert len({e["title"] for e in written}) >= 2, email
        assert peer, email
