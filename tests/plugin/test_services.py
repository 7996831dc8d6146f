"""The plugin's pre-built service must hold every web-service function the Python side calls.

The functions cpdsync calls are collected from the package source itself (every string literal
shaped like a Moodle function name outside the simulator), so a new call added anywhere in
cpdsync fails here until db/services.php lists it.
"""

from __future__ import annotations

import ast
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "cpdsync"
PLUGIN = ROOT / "moodle" / "local_cpdsync"
SERVICES_PHP = PLUGIN / "db" / "services.php"

_WSFUNCTION = re.compile(r"^(core|tool|local)_[a-z0-9]+(_[a-z0-9]+)+$")
_QUOTED = re.compile(r"'([a-z0-9_]+)'")


def called_functions() -> dict[str, set[str]]:
    """Return each Moodle function name written in cpdsync's source, with the files naming it."""
    found: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        # The simulator answers functions; it does not call them.
        if "simulator" in path.relative_to(PACKAGE).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and _WSFUNCTION.match(node.value)
            ):
                found.setdefault(node.value, set()).add(str(path.relative_to(ROOT)))
    return found


def _block(text: str, start: str) -> str:
    """Return the bracketed PHP array that opens right after ``start`` (brackets balanced)."""
    begin = text.index(start) + len(start)
    depth = 0
    for pos in range(begin, len(text)):
        if text[pos] == "[":
            depth += 1
        elif text[pos] == "]":
            depth -= 1
            if depth == 0:
                return text[begin : pos + 1]
    raise AssertionError(f"{SERVICES_PHP}: unbalanced brackets after {start!r}")


def service_definition() -> dict[str, str | list[str]]:
    """Return the one pre-built service of services.php: its scalar settings and functions."""
    text = SERVICES_PHP.read_text(encoding="utf-8")
    services = _block(text, "$services = ")
    functions = _QUOTED.findall(_block(services, "'functions' => "))
    settings: dict[str, str | list[str]] = dict(
        re.findall(
            r"'(shortname|restrictedusers|enabled|downloadfiles|uploadfiles)' => '?(\w+)'?",
            services,
        )
    )
    settings["functions"] = functions
    return settings


def declared_functions() -> list[str]:
    """Return the names of the plugin's own functions, the keys of ``$functions``."""
    text = SERVICES_PHP.read_text(encoding="utf-8")
    return re.findall(r"^    '([a-z0-9_]+)' => \[", _block(text, "$functions = "), re.M)


def test_every_function_cpdsync_calls_is_in_the_plugin_service() -> None:
    service = set(service_definition()["functions"])
    missing = {name: files for name, files in called_functions().items() if name not in service}
    assert not missing, (
        "add these functions to the 'functions' list of the service in "
        f"moodle/local_cpdsync/db/services.php (and bump version.php): {missing}"
    )


def test_the_scan_finds_the_calls_it_must_guard() -> None:
    # Guards the scan itself: if it found nothing, the test above would pass vacuously.
    called = called_functions()
    assert "core_webservice_get_site_info" in called
    assert "local_cpdsync_get_course_completions" in called
    assert "local_cpdsync_get_completion_counts" in called


def test_service_lists_no_function_twice() -> None:
    functions = service_definition()["functions"]
    assert len(functions) == len(set(functions))


def test_service_is_the_documented_one_restricted_to_authorised_users() -> None:
    service = service_definition()
    assert service["shortname"] == "cpdsync"
    assert service["restrictedusers"] == "1"
    assert service["enabled"] == "1"
    assert service["downloadfiles"] == "0"
    assert service["uploadfiles"] == "0"


def test_plugin_declares_exactly_the_plugin_functions_cpdsync_calls() -> None:
    called = {name for name in called_functions() if name.startswith("local_cpdsync_")}
    assert set(declared_functions()) == called


def test_php_reads_services_php_as_the_test_parses_it() -> None:
    php = shutil.which("php")
    if php is None:
        pytest.skip("php CLI not installed (.ci/run installs it); the regex parse is still checked")
    script = (
        "define('MOODLE_INTERNAL', 1);"
        f"include {json.dumps(str(SERVICES_PHP))};"
        "echo json_encode(['functions' => array_keys($functions), 'services' => $services]);"
    )
    out = subprocess.run([php, "-r", script], capture_output=True, text=True, check=True)  # noqa: S603
    parsed = json.loads(out.stdout)
    (service,) = parsed["services"].values()
    assert service["functions"] == service_definition()["functions"]
    assert parsed["functions"] == declared_functions()
