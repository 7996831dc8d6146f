"""`cpdsync demo` runs the whole product on the packaged sample council."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from cpdsync.cli import main

ROOT = Path(__file__).parents[2]


def test_packaged_sample_mappings_are_the_example_council_mappings() -> None:
    packaged = ROOT / "cpdsync" / "mappings" / "templates" / "sample-council.yaml"
    example = ROOT / "examples" / "mappings" / "council.yaml"
    assert packaged.read_text(encoding="utf-8") == example.read_text(encoding="utf-8")


def test_demo_syncs_the_sample_council_and_prints_team_and_worker_readiness(
    tmp_path: Path,
) -> None:
    result = CliRunner().invoke(
        main, ["demo", "--as-of", "2026-11-22", "--html-dir", str(tmp_path / "pages")]
    )
    assert result.exit_code == 0, result.output
    out = result.output
    assert "run 1: ok" in out
    assert "completions" in out and "new" in out
    assert "Registration year 2025-26" in out
    assert "40 workers:" in out
    assert "Ready" in out and "At risk" in out and "Exempt" in out
    assert "== One worker's detail:" in out
    assert "SWE_CPD_" in out
    assert "<html" in (tmp_path / "pages" / "worker.html").read_text(encoding="utf-8").lower()
    assert (tmp_path / "pages" / "team.html").is_file()
