"""Turn one requirement or role entry of a mapping file into its typed form, noting every
problem on the way (as parse.py does for rules)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from cpdsync.errors import Problem
from cpdsync.mappings.definitions import Coverage, Duration, Location, Requirement, Role, RoleAssign
from cpdsync.mappings.frameworks import Framework, suggest
from cpdsync.mappings.parse import BAD, Entry, Parsed, Reference, id_list, raw_ids
from cpdsync.mappings.patterns import glob_problem, parse_duration
from cpdsync.mappings.yamllines import line_of

REQUIREMENT_KEYS = ("id", "title", "valid_for", "roles")
ROLE_KEYS = ("id", "title", "assign", "coverage")
COVERAGE_KEYS = ("framework", "min_items", "window")
_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


def _duration(entry: Entry, data: Mapping[str, Any], key: str) -> Duration | None | object:
    raw = data.get(key)
    if raw is None:
        return None
    try:
        return parse_duration(raw)
    except ValueError as exc:
        entry.problems.append(Problem(entry.path, line_of(data, key, entry.line), f"{key}: {exc}"))
        return BAD


def _entry_id(entry: Entry, what: str) -> str | None:
    raw = entry.data.get("id")
    if not isinstance(raw, str) or not _ID_RE.match(raw):
        where = "id" if "id" in entry.data else None
        entry.report(
            where, f"a {what} needs an id of letters, digits, '-', '_' or '.', got {raw!r}"
        )
        return None
    return raw


def parse_requirement(entry: Entry, out: Parsed) -> None:
    """Append the requirement in ``entry`` to ``out``, or report why it cannot be used."""
    entry.check_keys(REQUIREMENT_KEYS, "requirement")
    out.named_requirements += [
        Reference(i, entry.location()) for i in raw_ids([entry.data.get("id")])
    ]
    req_id = _entry_id(entry, "requirement")
    title = entry.data.get("title")
    if not isinstance(title, str) or not title.strip():
        entry.report("title" if "title" in entry.data else None, "a requirement needs a title")
        title = None
    valid_for = _duration(entry, entry.data, "valid_for")
    roles = id_list(entry, "roles")
    if req_id is None or title is None or valid_for is BAD:
        return
    for index, role in enumerate(roles):
        out.role_refs.append(Reference(role, Location(entry.path, entry.item_line("roles", index))))
    out.requirements.append(
        Requirement(
            id=req_id,
            title=title,
            valid_for=valid_for if isinstance(valid_for, Duration) else None,
            roles=tuple(roles),
            location=entry.location(),
        )
    )


def parse_role(entry: Entry, frameworks: Mapping[str, Framework], out: Parsed) -> None:
    """Append the role in ``entry`` to ``out``, or report why it cannot be used."""
    entry.check_keys(ROLE_KEYS, "role")
    out.named_roles += [Reference(i, entry.location()) for i in raw_ids([entry.data.get("id")])]
    role_id = _entry_id(entry, "role")
    title = entry.data.get("title", "")
    if not isinstance(title, str):
        entry.report("title", "title must be text")
    assign = _assign(entry)
    coverage = _coverage(entry, frameworks)
    if role_id is None or assign is None or coverage is BAD or not isinstance(title, str):
        return
    out.roles.append(
        Role(
            id=role_id,
            assign=assign,
            coverage=coverage if isinstance(coverage, Coverage) else None,
            title=title,
            location=entry.location(),
        )
    )


def _assign(entry: Entry) -> RoleAssign | None:
    raw = entry.data.get("assign")
    usage = 'assign: {profile_field: {jobrole: "Social Worker*"}} or assign: {default: true}'
    if not isinstance(raw, Mapping) or len(raw) != 1:
        entry.report("assign" if "assign" in entry.data else None, f"a role needs {usage}")
        return None
    ((kind, value),) = raw.items()
    line = line_of(raw, kind, entry.at("assign"))
    if kind == "default":
        if value is not True:
            entry.problems.append(Problem(entry.path, line, "default must be true"))
            return None
        return RoleAssign(default=True)
    if kind != "profile_field":
        entry.problems.append(
            Problem(
                entry.path, line, f"unknown key {kind!r} in assign; allowed: profile_field, default"
            )
        )
        return None
    if not isinstance(value, Mapping) or len(value) != 1:
        entry.problems.append(
            Problem(entry.path, line, f"profile_field must name one field and a glob; {usage}")
        )
        return None
    ((name, pattern),) = value.items()
    if not isinstance(pattern, str):
        entry.problems.append(Problem(entry.path, line, f"the {name} pattern must be text"))
        return None
    problem = glob_problem(pattern)
    if problem:
        entry.problems.append(Problem(entry.path, line_of(value, name, line), problem))
        return None
    return RoleAssign(profile_field=str(name), pattern=pattern)


def _coverage(entry: Entry, frameworks: Mapping[str, Framework]) -> Coverage | None | object:
    raw = entry.data.get("coverage")
    if raw is None:
        return None
    line = entry.at("coverage")
    if not isinstance(raw, Mapping):
        entry.report("coverage", "coverage must be {framework: ID, min_items: N, window: P3Y}")
        return BAD
    bad = False
    for key in raw:
        if key not in COVERAGE_KEYS:
            where = line_of(raw, key, line)
            entry.problems.append(
                Problem(
                    entry.path,
                    where,
                    f"unknown key {key!r} in coverage; allowed: {', '.join(COVERAGE_KEYS)}",
                )
            )
            bad = True
    fw_id = raw.get("framework")
    framework = _coverage_framework(entry, raw, frameworks, line)
    bad = bad or framework is None
    min_items = raw.get("min_items")
    if isinstance(min_items, bool) or not isinstance(min_items, int) or min_items < 1:
        entry.problems.append(
            Problem(
                entry.path,
                line_of(raw, "min_items", line),
                f"min_items must be a whole number of at least 1, got {min_items!r}",
            )
        )
        bad = True
    elif framework is not None and min_items > len(framework.coverable_ids()):
        entry.problems.append(
            Problem(
                entry.path,
                line_of(raw, "min_items", line),
                f"min_items is {min_items} but {framework.id} has only "
                f"{len(framework.coverable_ids())} items, so the target can never be met",
            )
        )
        bad = True
    window = _duration(entry, raw, "window")
    if window is None:
        entry.problems.append(Problem(entry.path, line, "coverage needs a window such as P3Y"))
    if bad or not isinstance(window, Duration) or not isinstance(min_items, int):
        return BAD
    return Coverage(framework=str(fw_id), min_items=min_items, window=window)


def _coverage_framework(
    entry: Entry, raw: Mapping[str, Any], frameworks: Mapping[str, Framework], line: int | None
) -> Framework | None:
    """The framework a coverage target names, or None after reporting why it cannot be one."""
    fw_id = raw.get("framework")
    framework = frameworks.get(fw_id) if isinstance(fw_id, str) else None
    where = line_of(raw, "framework", line)
    if framework is None:
        hint = suggest(str(fw_id), list(frameworks))
        entry.problems.append(
            Problem(
                entry.path,
                where,
                f"unknown framework {fw_id!r}{hint} (known: {', '.join(frameworks)})",
            )
        )
        return None
    if framework.placeholder:
        entry.problems.append(
            Problem(
                entry.path,
                where,
                f"{framework.id} is a declared placeholder: its structure is not confirmed, so "
                "cpdsync has no items of it to cover yet; keep the role's coverage on the "
                "framework in force until cpdsync ships its items",
            )
        )
        return None
    return framework
