"""The plugin's service, the Python side and docs/moodle-plugin.md must agree on the functions.

The functions cpdsync calls are collected from the package source itself (every string literal
shaped like a Moodle function name outside the simulator), so a new call added anywhere in
cpdsync fails here until db/services.php lists it. In the other direction, the plugin may offer
a function cpdsync does not call yet (the plugin ships first), but only one that the service
holds, a class implements and the contract in docs/moodle-plugin.md documents.
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
CONTRACT_MD = ROOT / "docs" / "moodle-plugin.md"
SERVICE_NAME = "cpdsync companion (local_cpdsync)"

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
    """Return the one pre-built service of services.php: its name, scalar settings and functions."""
    text = SERVICES_PHP.read_text(encoding="utf-8")
    services = _block(text, "$services = ")
    functions = _QUOTED.findall(_block(services, "'functions' => "))
    settings: dict[str, str | list[str]] = dict(
        re.findall(
            r"'(shortname|restrictedusers|enabled|downloadfiles|uploadfiles)' => '?(\w+)'?",
            services,
        )
    )
    settings["name"] = re.findall(r"^    '([^']+)' => \[", services, re.M)[0]
    settings["functions"] = functions
    return settings


def declared_functions() -> list[str]:
    """Return the names of the plugin's own functions, the keys of ``$functions``."""
    text = SERVICES_PHP.read_text(encoding="utf-8")
    return re.findall(r"^    '([a-z0-9_]+)' => \[", _block(text, "$functions = "), re.M)


def declared_classes() -> dict[str, str]:
    """Return each plugin function's implementing class, as ``$functions`` names it."""
    text = _block(SERVICES_PHP.read_text(encoding="utf-8"), "$functions = ")
    pairs = re.findall(r"^    '([a-z0-9_]+)' => \[\s*'classname' => '([^']+)'", text, re.M)
    return dict(pairs)


def documented_service() -> list[str]:
    """Return the function list the contract in docs/moodle-plugin.md gives for the service."""
    text = CONTRACT_MD.read_text(encoding="utf-8")
    begin = text.index("<!-- service-functions")
    end = text.index("<!-- end service-functions -->")
    return re.findall(r"^- `([a-z0-9_]+)`$", text[begin:end], re.M)


def documented_plugin_functions() -> list[str]:
    """Return the plugin functions the contract documents, each under a heading of its own."""
    text = CONTRACT_MD.read_text(encoding="utf-8")
    return re.findall(r"^### `(local_cpdsync_[a-z0-9_]+)`", text, re.M)


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
    # Named after the plugin, so it never clashes with a service an admin made by hand
    # ("CPD Sync"): Moodle's upgrade dies on a duplicate service name.
    assert service["name"] == SERVICE_NAME
    assert service["shortname"] == "local_cpdsync"
    assert service["restrictedusers"] == "1"
    assert service["enabled"] == "1"
    assert service["downloadfiles"] == "0"
    assert service["uploadfiles"] == "0"


def test_every_plugin_function_cpdsync_calls_is_declared_by_the_plugin() -> None:
    called = {name for name in called_functions() if name.startswith("local_cpdsync_")}
    missing = called - set(declared_functions())
    assert not missing, f"cpdsync calls plugin functions the plugin does not declare: {missing}"


def test_every_plugin_function_is_in_the_service() -> None:
    missing = set(declared_functions()) - set(service_definition()["functions"])
    assert not missing, f"add to the service in {SERVICES_PHP.relative_to(ROOT)}: {missing}"


def test_the_service_holds_exactly_the_documented_functions() -> None:
    service = service_definition()["functions"]
    assert isinstance(service, list)
    assert sorted(service) == sorted(documented_service()), (
        f"the service in {SERVICES_PHP.relative_to(ROOT)} and the list under 'The service' in "
        f"{CONTRACT_MD.relative_to(ROOT)} differ"
    )


def test_every_plugin_function_has_its_section_in_the_contract() -> None:
    assert sorted(declared_functions()) == sorted(documented_plugin_functions())


def test_every_plugin_function_names_a_class_that_exists() -> None:
    classes = declared_classes()
    assert sorted(classes) == sorted(declared_functions())
    for function, classname in classes.items():
        namespace, _, name = classname.rpartition("\\")
        assert namespace == "local_cpdsync\\external", f"{function}: {classname}"
        path = PLUGIN / "classes" / "external" / f"{name}.php"
        assert path.is_file(), f"{function}: {path.relative_to(ROOT)} is missing"
        assert f"class {name} extends external_api" in path.read_text(encoding="utf-8")


def test_plugin_functions_cpdsync_does_not_call_yet_are_the_ones_expected() -> None:
    # The plugin ships these before the Python side uses them; a function leaves this set when
    # cpdsync starts calling it. Anything else declared but unused is a mistake.
    shipped_ahead = {
        "local_cpdsync_get_categories",
        "local_cpdsync_get_courses",
        "local_cpdsync_get_enrolments",
        "local_cpdsync_get_users",
        "local_cpdsync_get_users_with_field",
        "local_cpdsync_get_worker_input",
        "local_cpdsync_push_readiness",
    }
    unused = set(declared_functions()) - set(called_functions())
    assert unused <= shipped_ahead, (
        f"declared but neither called nor expected: {unused - shipped_ahead}"
    )


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
