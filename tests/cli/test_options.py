"""The one write_output every command uses: reports replace, new files never do."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from cpdsync.cli.options import write_output
from cpdsync.errors import UsageError


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_report_replaces_the_file_and_its_group_may_read_it_whatever_the_umask(
    tmp_path: Path,
) -> None:
    target = tmp_path / "report.csv"
    target.write_text("previous report\n", encoding="utf-8")
    previous = os.umask(0o077)
    try:
        write_output("a,b\r\n", target)
    finally:
        os.umask(previous)
    assert target.read_bytes() == b"a,b\r\n"
    assert _mode(target) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.csv"]
    write_output("a,b\r\n", target, mode=0o600)
    assert _mode(target) == 0o600


def test_a_new_file_never_replaces_one_and_gets_the_umask_permissions(tmp_path: Path) -> None:
    target = tmp_path / "rules.yaml"
    previous = os.umask(0o022)
    try:
        write_output("version: 1\n", target, new_file=True)
        assert _mode(target) == 0o644
        with pytest.raises(UsageError, match="already exists; choose another --output"):
            write_output("version: 2\n", target, new_file=True)
    finally:
        os.umask(previous)
    assert target.read_text(encoding="utf-8") == "version: 1\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rules.yaml"]


def test_a_new_file_can_start_with_a_byte_order_mark(tmp_path: Path) -> None:
    target = tmp_path / "rules.csv"
    write_output("id\r\n", target, new_file=True, encoding="utf-8-sig")
    assert target.read_bytes() == b"\xef\xbb\xbfid\r\n"


def test_dash_and_none_print_the_text_as_utf8(capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    write_output("Café\r\n", Path("-"))
    write_output("Café\r\n", None)
    assert capfdbinary.readouterr().out == "Café\r\n".encode() * 2
