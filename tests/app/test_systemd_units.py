"""The shipped systemd units are hardened, commented, accepted by systemd-analyze, and the
per-site templates say the same as the single-site units but for the site's own files."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

UNITS = Path(__file__).resolve().parents[2] / "systemd"
SERVICES = ("cpdsync-sync.service", "cpdsync.service", "cpdsync-sync@.service", "cpdsync@.service")
TEMPLATES = {
    "cpdsync-sync@.service": "cpdsync-sync.service",
    "cpdsync@.service": "cpdsync.service",
    "cpdsync-sync@.timer": "cpdsync-sync.timer",
}
HARDENING = (
    "User=cpdsync",
    "Group=cpdsync",
    "StateDirectory=cpdsync",
    "LoadCredential=moodle-token:",
    "ProtectSystem=strict",
    "ProtectHome=yes",
    "PrivateTmp=yes",
    "NoNewPrivileges=yes",
    "UMask=0027",
)
# systemd-analyze security: the exposure level each service must keep under, in tenths (its
# --threshold unit): 20 is 2.0 of 10, lower is safer; systemd calls below 3.0 "OK".
EXPOSURE_LIMIT = 20


def _directives(name: str) -> list[str]:
    lines = (UNITS / name).read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith(("#", "["))]


@pytest.mark.parametrize("name", SERVICES)
def test_services_are_hardened_and_take_the_token_as_a_credential(name: str) -> None:
    text = "\n".join(_directives(name))
    for directive in HARDENING:
        assert directive in text, f"{name} lacks {directive}"


@pytest.mark.parametrize(("template", "single"), sorted(TEMPLATES.items()))
def test_a_site_template_differs_from_its_single_site_unit_only_in_the_sites_files(
    template: str, single: str
) -> None:
    ours = _directives(template)
    theirs = _directives(single)
    assert len(ours) == len(theirs)
    differ = [(a, b) for a, b in zip(ours, theirs, strict=True) if a != b]
    for line, _ in differ:
        assert "%i" in line, f"{template}: {line!r} differs from {single} without naming the site"
    if template.endswith(".service"):
        assert "ExecStart=/usr/bin/cpdsync --config /etc/cpdsync/%i.toml" in "\n".join(ours)
        assert "LoadCredential=moodle-token:/etc/cpdsync/%i.moodle-token" in ours


def test_timer_catches_up_after_downtime_and_spreads_its_start() -> None:
    for name in ("cpdsync-sync.timer", "cpdsync-sync@.timer"):
        text = "\n".join(_directives(name))
        assert "Persistent=true" in text
        assert "RandomizedDelaySec=" in text


def test_sync_service_is_oneshot_and_daemon_has_time_to_finish_its_run() -> None:
    assert "Type=oneshot" in _directives("cpdsync-sync.service")
    assert any(d.startswith("TimeoutStopSec=") for d in _directives("cpdsync.service"))


def test_a_config_error_stops_the_daemon_restarting_and_its_comment_says_how_to_see_it() -> None:
    text = (UNITS / "cpdsync.service").read_text(encoding="utf-8")
    assert "RestartPreventExitStatus=2" in _directives("cpdsync.service")
    assert "journalctl -u cpdsync.service" in text and "systemctl status" in text


@pytest.mark.parametrize("name", [*SERVICES, "cpdsync-sync.timer", "cpdsync-sync@.timer"])
def test_lines_an_admin_might_change_are_commented(name: str) -> None:
    lines = (UNITS / name).read_text(encoding="utf-8").splitlines()
    for key in ("ExecStart=", "LoadCredential=", "OnCalendar=", "RandomizedDelaySec=", "User"):
        for number, line in enumerate(lines):
            if line.startswith(key):
                assert lines[number - 1].startswith("#"), f"{name}: {line!r} has no comment"


def _analyze() -> str:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed on this machine: the units are not verified")
    return analyze


def _installed(tmp_path: Path) -> list[Path]:
    """Copy the units as systemd would run them: templates as an instance, ExecStart pointing
    at this interpreter's cpdsync (verify checks the executable exists)."""
    executable = Path(sys.executable).parent / "cpdsync"
    copies = []
    for unit in sorted(UNITS.iterdir()):
        text = unit.read_text(encoding="utf-8").replace("/usr/bin/cpdsync", str(executable))
        copy = tmp_path / unit.name.replace("@.", "@council.")
        copy.write_text(text, encoding="utf-8")
        copies.append(copy)
    return copies


def test_systemd_analyze_verify_accepts_the_units(tmp_path: Path) -> None:
    analyze = _analyze()
    units = _installed(tmp_path)
    result = subprocess.run(
        [analyze, "verify", "--man=no", *map(str, units)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "cpdsync" not in result.stderr, result.stderr


def test_systemd_analyze_security_rates_every_service_ok(tmp_path: Path) -> None:
    analyze = _analyze()
    probe = subprocess.run(
        [analyze, "security", "--help"], capture_output=True, text=True, timeout=60, check=False
    )
    if "--offline" not in probe.stdout:
        pytest.skip("this systemd-analyze cannot rate unit files offline (systemd < 250)")
    units = [unit for unit in _installed(tmp_path) if unit.suffix == ".service"]
    for unit in units:
        result = subprocess.run(
            [
                analyze,
                "security",
                "--offline=true",
                f"--threshold={EXPOSURE_LIMIT}",
                str(unit),
            ],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert result.returncode == 0, f"{unit.name}: {result.stdout[-400:]}{result.stderr}"
        assert "Overall exposure level" in result.stdout
    # The threshold bites: no unit is perfect.
    strict = subprocess.run(
        [analyze, "security", "--offline=true", "--threshold=0", str(units[0])],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert strict.returncode != 0
