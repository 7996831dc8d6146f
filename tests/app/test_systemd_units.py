"""The shipped systemd units are hardened, commented and accepted by systemd-analyze."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

UNITS = Path(__file__).resolve().parents[2] / "systemd"
SERVICES = ("cpdsync-sync.service", "cpdsync.service")
HARDENING = (
    "DynamicUser=yes",
    "StateDirectory=cpdsync",
    "LoadCredential=moodle-token:",
    "ProtectSystem=strict",
    "ProtectHome=yes",
    "PrivateTmp=yes",
    "NoNewPrivileges=yes",
)


def _directives(name: str) -> list[str]:
    lines = (UNITS / name).read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith(("#", "["))]


@pytest.mark.parametrize("name", SERVICES)
def test_services_are_hardened_and_take_the_token_as_a_credential(name: str) -> None:
    text = "\n".join(_directives(name))
    for directive in HARDENING:
        assert directive in text, f"{name} lacks {directive}"


def test_timer_catches_up_after_downtime_and_spreads_its_start() -> None:
    text = "\n".join(_directives("cpdsync-sync.timer"))
    assert "Persistent=true" in text
    assert "RandomizedDelaySec=" in text


def test_sync_service_is_oneshot_and_daemon_has_time_to_finish_its_run() -> None:
    assert "Type=oneshot" in _directives("cpdsync-sync.service")
    assert any(d.startswith("TimeoutStopSec=") for d in _directives("cpdsync.service"))


@pytest.mark.parametrize("name", [*SERVICES, "cpdsync-sync.timer"])
def test_lines_an_admin_might_change_are_commented(name: str) -> None:
    lines = (UNITS / name).read_text(encoding="utf-8").splitlines()
    for key in ("ExecStart=", "LoadCredential=", "OnCalendar=", "RandomizedDelaySec=", "User"):
        for number, line in enumerate(lines):
            if line.startswith(key):
                assert lines[number - 1].startswith("#"), f"{name}: {line!r} has no comment"


def test_systemd_analyze_verify_accepts_the_units(tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed here")
    for unit in UNITS.iterdir():
        text = unit.read_text(encoding="utf-8")
        # verify checks that ExecStart exists; point it at this interpreter's cpdsync.
        executable = Path(sys.executable).parent / "cpdsync"
        (tmp_path / unit.name).write_text(text.replace("/usr/bin/cpdsync", str(executable)))
    result = subprocess.run(
        [analyze, "verify", "--man=no", *sorted(str(p) for p in tmp_path.iterdir())],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "cpdsync" not in result.stderr, result.stderr
