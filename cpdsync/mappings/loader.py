"""Read mapping files (YAML, and CSV for rules) into one MappingSet, or report every problem.

A set is returned whole or not at all: the daemon never runs on half a set of mappings.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import yaml

from cpdsync.errors import InputFileError, Problem
from cpdsync.mappings.checks import cross_check
from cpdsync.mappings.csvio import read_rules_csv
from cpdsync.mappings.definitions import MappingSet, Rule
from cpdsync.mappings.frameworks import Framework, capability_index, load_frameworks
from cpdsync.mappings.parse import Entry, Parsed, parse_rule
from cpdsync.mappings.parse_roles import parse_requirement, parse_role
from cpdsync.mappings.yamllines import LineDict, error_line, line_of, load_with_lines

YAML_SUFFIXES = (".yaml", ".yml")
CSV_SUFFIXES = (".csv",)
TOP_KEYS = ("version", "rules", "requirements", "roles")
SUPPORTED_VERSION = 1


def mapping_files(paths: Iterable[Path], problems: list[Problem]) -> list[Path]:
    """Return the mapping files named by ``paths`` (files, or folders searched recursively),
    in a fixed order: as given, and by path name within a folder."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in YAML_SUFFIXES + CSV_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not found:
                problems.append(Problem(str(path), None, "no .yaml, .yml or .csv files here"))
            files += found
        elif path.is_file():
            files.append(path)
        else:
            problems.append(
                Problem(str(path), None, "no such file or folder; check mappings.paths")
            )
    unique: list[Path] = []
    for file in files:
        if file.resolve() not in {u.resolve() for u in unique}:
            unique.append(file)
    return unique


def load_mappings(
    paths: Iterable[Path | str], frameworks: dict[str, Framework] | None = None
) -> MappingSet:
    """Return every rule, requirement and role in ``paths``, in file order; raise
    InputFileError listing every problem in every file (``file:line: message``)."""
    frameworks = frameworks if frameworks is not None else load_frameworks()
    problems: list[Problem] = []
    files = mapping_files([Path(p) for p in paths], problems)
    parsed = Parsed()
    for file in files:
        _read_file(file, frameworks, parsed, problems)
    problems += cross_check(parsed)
    if problems:
        raise InputFileError(_ordered(problems, files), summary=_summary(problems, files))
    return MappingSet(
        rules=tuple(parsed.rules),
        requirements=tuple(parsed.requirements),
        roles=tuple(parsed.roles),
        sources=tuple(str(f) for f in files),
    )


def read_rules_file(path: Path, frameworks: dict[str, Framework] | None = None) -> list[Rule]:
    """Return the rules of one YAML or CSV file, each checked on its own (requirement ids are
    not resolved); raise InputFileError listing every problem."""
    frameworks = frameworks if frameworks is not None else load_frameworks()
    problems: list[Problem] = []
    parsed = Parsed()
    _read_file(path, frameworks, parsed, problems)
    if problems:
        raise InputFileError(problems, summary=_summary(problems, [path]))
    return parsed.rules


def _read_file(
    file: Path, frameworks: dict[str, Framework], out: Parsed, problems: list[Problem]
) -> None:
    name = str(file)
    try:
        text = file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(name, None, f"cannot read the file: {exc}"))
        out.unreadable_files += 1
        return
    capabilities = capability_index(frameworks)
    if file.suffix.lower() in CSV_SUFFIXES:
        for entry in read_rules_csv(name, text, problems):
            parse_rule(entry, capabilities, out)
        return
    try:
        document = load_with_lines(text)
    except yaml.YAMLError as exc:
        problems.append(Problem(name, error_line(exc), f"not valid YAML: {_yaml_reason(exc)}"))
        out.unreadable_files += 1
        return
    if document is None:
        problems.append(Problem(name, None, "the file is empty; start it with version: 1"))
        return
    if not isinstance(document, LineDict):
        problems.append(
            Problem(
                name, 1, "a mapping file is a mapping with version:, rules:, requirements:, roles:"
            )
        )
        return
    top = Entry(document, name, document.line, problems)
    top.check_keys(TOP_KEYS, "mapping file")
    if document.get("version") != SUPPORTED_VERSION:
        where = "version" if "version" in document else None
        top.report(
            where,
            f"version must be {SUPPORTED_VERSION}, got {document.get('version')!r}"
            if where
            else f"the file has no version:; add version: {SUPPORTED_VERSION} at the top",
        )
    for section in ("rules", "requirements", "roles"):
        entries = document.get(section)
        if entries is None:
            continue
        if not isinstance(entries, list):
            top.report(section, f"{section}: must be a list of entries, each starting with -")
            continue
        for index, raw in enumerate(entries):
            line = line_of(entries, index, top.at(section))
            if not isinstance(raw, LineDict):
                problems.append(Problem(name, line, f"each entry of {section}: must be a mapping"))
                continue
            entry = Entry(raw, name, raw.line, problems)
            if section == "rules":
                parse_rule(entry, capabilities, out)
            elif section == "requirements":
                parse_requirement(entry, out)
            else:
                parse_role(entry, frameworks, out)


def _yaml_reason(exc: yaml.YAMLError) -> str:
    problem = getattr(exc, "problem", None)
    context = getattr(exc, "context", None)
    parts = [str(p) for p in (context, problem) if p]
    return "; ".join(parts) if parts else str(exc).splitlines()[0]


def _ordered(problems: list[Problem], files: list[Path]) -> list[Problem]:
    order = {str(f): i for i, f in enumerate(files)}
    return sorted(problems, key=lambda p: (order.get(p.path, -1), p.line or 0))


def _summary(problems: list[Problem], files: list[Path]) -> str:
    count = len({p.path for p in problems})
    return f"{len(problems)} problem(s) in {count} of {max(len(files), count)} mapping file(s)"
