from __future__ import annotations

from pathlib import Path

from cpdsync.cli.reference import render

DOC = Path(__file__).parents[2] / "docs" / "cli.md"


def test_cli_reference_in_docs_matches_the_commands_help() -> None:
    assert DOC.read_text(encoding="utf-8") == render(), "docs/cli.md is stale: run `make docs`"
