"""`cpdsync init` writes a config and a starter mapping that validates."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from cpdsync.cli import main


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def test_init_writes_a_starter_mapping_that_validates(tmp_path: Path) -> None:
    result = run("init", str(tmp_path / "etc"))
    assert result.exit_code == 0, result.output
    starter = tmp_path / "etc" / "mappings" / "council.yaml"
    assert starter.is_file()
    assert run("mappings", "validate", str(starter)).exit_code == 0
