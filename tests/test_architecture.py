"""The rooms of docs/architecture.md as a test: which package may import which, and how big a
module or a function may grow. Read from the source with ``ast``, so an import inside a
function or under TYPE_CHECKING counts as much as one at the top. Also: code and docs point
only at pages the repository has."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "cpdsync"
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
MIGRATIONS = "cpdsync.records.migrations.versions"  # generated shape, exempt from the sizes


@dataclass(frozen=True)
class Rule:
    """Modules under ``source`` may import, of cpdsync, only ``allowed`` (when given) and never
    ``forbidden``; ``exempt`` names modules (exactly) that the rule lets through anyway."""

    name: str
    source: str
    allowed: tuple[str, ...] | None = None
    forbidden: tuple[str, ...] = ()
    exempt: tuple[str, ...] = ()


RULES = (
    Rule(
        "connector is the Moodle client only: no storage, rules, config or simulator",
        "cpdsync.connector",
        forbidden=(
            "cpdsync.records",
            "cpdsync.app",
            "cpdsync.mappings",
            "cpdsync.readiness",
            "cpdsync.render",
            "cpdsync.simulator",
            "cpdsync.config",
            "cpdsync.cli",
        ),
    ),
    Rule(
        "the simulator stands alone: it never imports the connector it is a test bed for",
        "cpdsync.simulator",
        forbidden=("cpdsync.connector",),
    ),
    Rule(
        "records is storage only",
        "cpdsync.records",
        allowed=("cpdsync.records", "cpdsync.errors", "cpdsync.timeutil"),
    ),
    Rule(
        "readiness is pure: rules come in as arguments",
        "cpdsync.readiness",
        allowed=(
            "cpdsync.readiness",
            "cpdsync.mappings.definitions",
            "cpdsync.errors",
            "cpdsync.timeutil",
        ),
    ),
    Rule(
        "render only lays out what readiness decided",
        "cpdsync.render",
        allowed=(
            "cpdsync.render",
            "cpdsync.readiness",
            "cpdsync.mappings.definitions",
            "cpdsync.errors",
            "cpdsync.timeutil",
        ),
    ),
    Rule(
        "mappings talks to neither Moodle nor the database",
        "cpdsync.mappings",
        allowed=("cpdsync.mappings", "cpdsync.errors", "cpdsync.timeutil"),
    ),
    Rule(
        "a cli command never imports another command (shared parts live in options and context)",
        "cpdsync.cli",
        forbidden=("cpdsync.cli",),
        exempt=("cpdsync.cli", "cpdsync.cli.options", "cpdsync.cli.context"),
    ),
    Rule("app never imports the cli above it", "cpdsync.app", forbidden=("cpdsync.cli",)),
)


def within(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


@dataclass(frozen=True)
class Import:
    path: str  # relative to the folder holding the package
    line: int
    importer: str
    target: str


def module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(root: Path, path: Path, known: set[str]) -> list[Import]:
    """Return every import of a module under ``root`` (the package folder) made by ``path``;
    ``known`` holds the package's module names."""
    importer = module_name(root, path)
    is_package = path.name == "__init__.py"
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = importer.split(".")[: len(importer.split(".")) - node.level + is_package]
                base = ".".join([*parent, base] if base else parent)
            # `from package import module` imports the module, not just the package.
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                for alias in node.names
            ]
        for target in dict.fromkeys(targets):
            if within(target, root.name):
                rel = path.relative_to(root.parent).as_posix()
                found.append(Import(rel, node.lineno, importer, target))
    return found


def broken_rule(rule: Rule, found: Import) -> bool:
    if not within(found.importer, rule.source) or found.target in rule.exempt:
        return False
    # A module may import itself, and anyone the root package (it holds only __version__).
    if found.target in (found.importer, PACKAGE.name):
        return False
    if any(within(found.target, name) for name in rule.forbidden):
        return True
    return rule.allowed is not None and not any(within(found.target, a) for a in rule.allowed)


@dataclass(frozen=True)
class Violation:
    key: str  # what is wrong, without line numbers or sizes, for KNOWN_VIOLATIONS
    message: str  # where and why, for a person


def import_violations(root: Path, rules: tuple[Rule, ...] = RULES) -> list[Violation]:
    """Return each import that breaks a rule: file:line, the import and the rule's name."""
    found_all = []
    paths = sorted(root.rglob("*.py"))
    known = {module_name(root, path) for path in paths}
    for path in paths:
        for found in imports_of(root, path, known):
            for rule in rules:
                if broken_rule(rule, found):
                    found_all.append(
                        Violation(
                            f"{found.path} imports {found.target}",
                            f"{found.path}:{found.line}: {found.importer} imports "
                            f"{found.target}; rule: {rule.name}",
                        )
                    )
    return found_all


def size_violations(root: Path) -> list[Violation]:
    """Return each module over MAX_MODULE_LINES and function over MAX_FUNCTION_LINES."""
    found = []
    for path in sorted(root.rglob("*.py")):
        if within(module_name(root, path), MIGRATIONS):
            continue
        rel = path.relative_to(root.parent).as_posix()
        text = path.read_text(encoding="utf-8")
        count = len(text.splitlines())
        if count > MAX_MODULE_LINES:
            found.append(
                Violation(
                    f"{rel}: module",
                    f"{rel}: {count} lines; rule: no module over {MAX_MODULE_LINES} lines",
                )
            )
        for node in ast.walk(ast.parse(text, str(path))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    found.append(
                        Violation(
                            f"{rel}: function {node.name}",
                            f"{rel}:{node.lineno}: {node.name} is {length} lines; "
                            f"rule: no function over {MAX_FUNCTION_LINES} lines",
                        )
                    )
    return found


# Violations tolerated while a restructuring removes them (none left). Each entry is the key of
# a violation ("cpdsync/x.py imports cpdsync.y", "cpdsync/x.py: function f"); the list may only
# shrink: an entry that no longer breaks a rule fails the last test below until it is deleted.
KNOWN_VIOLATIONS: frozenset[str] = frozenset()


def check(found: list[Violation]) -> None:
    new = [v.message for v in found if v.key not in KNOWN_VIOLATIONS]
    assert not new, "\n".join(["these break the architecture (docs/architecture.md):", *new])


def test_no_import_goes_the_wrong_way_between_rooms() -> None:
    check(import_violations(PACKAGE))


def test_no_module_or_function_outgrows_its_limit() -> None:
    check(size_violations(PACKAGE))


def test_every_known_violation_is_still_real_so_the_list_only_shrinks() -> None:
    real = {v.key for v in import_violations(PACKAGE) + size_violations(PACKAGE)}
    gone = sorted(KNOWN_VIOLATIONS - real)
    assert not gone, "\n".join(["now fixed, so take them out of KNOWN_VIOLATIONS:", *gone])


def write_tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / "cpdsync" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root / "cpdsync"


def test_a_forbidden_import_is_named_with_its_file_line_and_rule(tmp_path: Path) -> None:
    package = write_tree(
        tmp_path,
        {
            "__init__.py": "",
            "errors.py": "",
            "connector/__init__.py": "",
            "connector/client.py": "import json\n\nfrom cpdsync.records.db import open_database\n",
            "records/__init__.py": "",
            "records/db.py": "from cpdsync import errors\nfrom cpdsync.records import db\n",
            "mappings/__init__.py": "",
            "mappings/loader.py": "",
            "mappings/definitions.py": "",
            "readiness/__init__.py": "",
            "readiness/engine.py": (
                "def assess():\n    from ..mappings import loader, definitions\n"
            ),
            "cli/__init__.py": "",
            "cli/options.py": "",
            "cli/a_cmd.py": "from cpdsync.cli import b_cmd, options\nfrom . import context\n",
            "cli/b_cmd.py": "",
            "cli/context.py": "",
        },
    )
    assert [v.message for v in import_violations(package)] == [
        "cpdsync/cli/a_cmd.py:1: cpdsync.cli.a_cmd imports cpdsync.cli.b_cmd; rule: a cli "
        "command never imports another command (shared parts live in options and context)",
        "cpdsync/connector/client.py:3: cpdsync.connector.client imports cpdsync.records.db; "
        "rule: connector is the Moodle client only: no storage, rules, config or simulator",
        "cpdsync/readiness/engine.py:2: cpdsync.readiness.engine imports "
        "cpdsync.mappings.loader; rule: readiness is pure: rules come in as arguments",
    ]
    with pytest.raises(AssertionError, match=r"client.py:3: .* imports cpdsync.records.db"):
        check(import_violations(package))


def test_a_long_function_and_a_long_module_are_named(tmp_path: Path) -> None:
    body = "".join(f"    x{n} = {n}\n" for n in range(MAX_FUNCTION_LINES))
    package = write_tree(
        tmp_path,
        {
            "__init__.py": "",
            "long.py": "def long():\n" + body + "\n" * (MAX_MODULE_LINES - MAX_FUNCTION_LINES),
            "records/migrations/versions/0001_initial.py": "def upgrade():\n" + body,
        },
    )
    assert [v.message for v in size_violations(package)] == [
        f"cpdsync/long.py: {MAX_MODULE_LINES + 1} lines; rule: no module over 400 lines",
        f"cpdsync/long.py:1: long is {MAX_FUNCTION_LINES + 1} lines; rule: no function over "
        "60 lines",
    ]


ROOT = PACKAGE.parent
PROSE = [*sorted(PACKAGE.rglob("*.py")), *sorted((ROOT / "docs").iterdir()), ROOT / "README.md"]
DOCS_PATH = re.compile(r"\bdocs/[A-Za-z0-9_.-]+\.(?:md|json)\b")


def test_every_docs_page_the_code_and_docs_name_exists() -> None:
    missing = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in PROSE
        for name in DOCS_PATH.findall(path.read_text(encoding="utf-8"))
        if not (ROOT / name).is_file()
    ]
    assert not missing, "\n".join(["these name a docs page that does not exist:", *missing])


def test_nothing_points_to_design_sections_outside_the_repository() -> None:
    outside = re.compile(r"DESIGN|§")
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in PROSE
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if outside.search(line)
    ]
    assert not found, "\n".join(["say the fact, or point to a page in docs/:", *found])
