"""Turn one rule entry into its typed form, noting every problem on the way; the entry and the
parse results that requirement and role entries (parse_roles.py) share.

Nothing here stops at the first problem: each function checks every key of its entry, appends
a ``Problem`` per fault and returns None when the entry cannot be used. Checks that need the
whole set of files (duplicate ids, references between entries) are in ``checks.py``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from cpdsync.errors import Problem
from cpdsync.mappings.definitions import (
    CPD_TYPES,
    CpdType,
    Location,
    Match,
    Requirement,
    Role,
    Rule,
)
from cpdsync.mappings.frameworks import suggest
from cpdsync.mappings.patterns import glob_problem
from cpdsync.mappings.yamllines import LineDict, LineList, line_of

RULE_KEYS = (
    "match",
    "capabilities",
    "cpd_hours",
    "hours_from",
    "cpd_type",
    "satisfies",
    "reflection",
    "peer_reflection",
)
MATCH_ATTRIBUTES = ("idnumber", "shortname", "fullname", "category", "tag", "customfield.NAME")
REFLECTION_VALUES = ("included", "not_included")
_CUSTOMFIELD_RE = re.compile(r"^customfield\.[A-Za-z0-9_]+$")


@dataclass(frozen=True)
class Reference:
    """An id one entry names in another section, checked once every file is read."""

    target: str
    location: Location


@dataclass
class Entry:
    """One entry of a mapping file and where its keys are (a YAML mapping or a CSV row)."""

    data: Mapping[str, Any]
    path: str
    line: int | None
    problems: list[Problem]

    def at(self, key: str | None = None) -> int | None:
        if key is None or not isinstance(self.data, LineDict):
            return self.line
        return line_of(self.data, key, self.line)

    def item_line(self, key: str, index: int) -> int | None:
        value = self.data.get(key)
        return line_of(value, index, self.at(key)) if isinstance(value, LineList) else self.at(key)

    def report(self, key: str | None, message: str) -> None:
        self.problems.append(Problem(self.path, self.at(key), message))

    def location(self) -> Location:
        return Location(self.path, self.line)

    def check_keys(self, allowed: tuple[str, ...], what: str) -> None:
        for key in self.data:
            if key not in allowed:
                self.report(
                    str(key), f"unknown key {key!r} in a {what}; allowed: {', '.join(allowed)}"
                )
        duplicates = getattr(self.data, "duplicate_keys", [])
        for key, line in duplicates:
            self.problems.append(
                Problem(self.path, line, f"key {key!r} is given twice in one {what}")
            )


@dataclass
class Parsed:
    rules: list[Rule] = field(default_factory=list)
    requirements: list[Requirement] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    satisfies_refs: list[Reference] = field(default_factory=list)
    role_refs: list[Reference] = field(default_factory=list)
    # Ids as written, also in entries that failed to parse, so that a reference to a broken
    # entry is not reported a second time as a reference to a missing one.
    named_requirements: list[Reference] = field(default_factory=list)
    named_roles: list[Reference] = field(default_factory=list)
    named_satisfied: set[str] = field(default_factory=set)
    # Every rule whose match parsed, usable or not, so a dead rule is reported with its faults.
    matches: list[tuple[Match, Location]] = field(default_factory=list)
    # A file that could not be read at all hides its ids: reference checks would be guesses.
    unreadable_files: int = 0


def _not_a_target(cap: str, capabilities: Mapping[str, object]) -> str | None:
    """Why a rule cannot name ``cap`` (an unknown id, or a placeholder item), or None."""
    if cap not in capabilities:
        return f"unknown capability id {cap!r}{suggest(cap, list(capabilities))}"
    target = capabilities[cap]
    item = target[1] if isinstance(target, tuple) else target
    if getattr(item, "placeholder", False):
        return (
            f"{cap} is a placeholder for an item the sources imply but do not name, so a course "
            "cannot evidence it; name the item the course does evidence"
        )
    return None


def parse_rule(entry: Entry, capabilities: Mapping[str, object], out: Parsed) -> None:
    """Append the rule in ``entry`` to ``out``, or report why it cannot be used."""
    entry.check_keys(RULE_KEYS, "rule")
    out.named_satisfied.update(raw_ids(entry.data.get("satisfies")))
    ok = True
    match = _match(entry)
    if match is not None:
        out.matches.append((match, entry.location()))
    caps = id_list(entry, "capabilities")
    for index, cap in enumerate(caps):
        why = _not_a_target(cap, capabilities)
        if why is not None:
            entry.problems.append(Problem(entry.path, entry.item_line("capabilities", index), why))
            ok = False
    hours = _hours(entry)
    hours_from = _hours_from(entry)
    if "cpd_hours" in entry.data and "hours_from" in entry.data:
        entry.report("hours_from", "give cpd_hours or hours_from, not both")
        ok = False
    cpd_type = _cpd_type(entry)
    satisfies = id_list(entry, "satisfies")
    reflection = entry.data.get("reflection", "not_included")
    if reflection not in REFLECTION_VALUES:
        got = (
            "yes/true"
            if reflection is True
            else "no/false"
            if reflection is False
            else repr(reflection)
        )
        entry.report("reflection", f"reflection must be included or not_included, got {got}")
        ok = False
    peer = entry.data.get("peer_reflection", False)
    if not isinstance(peer, bool):
        entry.report("peer_reflection", f"peer_reflection must be true or false, got {peer!r}")
        ok = False
    for index, requirement in enumerate(satisfies):
        at = Location(entry.path, entry.item_line("satisfies", index))
        out.satisfies_refs.append(Reference(requirement, at))
    if not (ok and match and hours is not BAD and hours_from is not BAD and cpd_type):
        return
    out.rules.append(
        Rule(
            match=match,
            capabilities=tuple(caps),
            cpd_hours=hours if isinstance(hours, float) else None,
            hours_from=hours_from if isinstance(hours_from, str) else None,
            cpd_type=cpd_type,
            satisfies=tuple(satisfies),
            reflection_included=reflection == "included",
            peer_reflection=bool(peer),
            location=entry.location(),
        )
    )


BAD = object()  # a sentinel: the value was given and is wrong (None means not given)


def _match(entry: Entry) -> Match | None:
    raw = entry.data.get("match")
    if raw is None:
        entry.report(None, f"a rule needs match: with one of {', '.join(MATCH_ATTRIBUTES)}")
        return None
    if not isinstance(raw, Mapping) or len(raw) != 1:
        entry.report(
            "match",
            "match must name exactly one of "
            + ", ".join(MATCH_ATTRIBUTES)
            + ' e.g. {idnumber: "SG-*"}',
        )
        return None
    ((attribute, pattern),) = raw.items()
    line = line_of(raw, attribute, entry.at("match"))
    if attribute not in MATCH_ATTRIBUTES[:-1] and not _CUSTOMFIELD_RE.match(str(attribute)):
        entry.problems.append(
            Problem(
                entry.path,
                line,
                f"cannot match on {attribute!r}; use one of {', '.join(MATCH_ATTRIBUTES)}",
            )
        )
        return None
    if isinstance(pattern, bool) or not isinstance(pattern, str | int):
        entry.problems.append(Problem(entry.path, line, f"the {attribute} pattern must be text"))
        return None
    problem = glob_problem(str(pattern))
    if problem:
        entry.problems.append(Problem(entry.path, line, problem))
        return None
    return Match(attribute=str(attribute), pattern=str(pattern))


def raw_ids(raw: Any) -> set[str]:
    return {v for v in raw if isinstance(v, str)} if isinstance(raw, list) else set()


def id_list(entry: Entry, key: str) -> list[str]:
    raw = entry.data.get(key, [])
    if raw is None:
        return []
    if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
        entry.report(key, f"{key} must be a list of ids, e.g. [KSS-CF-5, PCF-6]")
        return []
    return list(raw)


def _hours(entry: Entry) -> float | None | object:
    if "cpd_hours" not in entry.data:
        return None
    raw = entry.data["cpd_hours"]
    is_number = isinstance(raw, int | float) and not isinstance(raw, bool)
    if not is_number or not math.isfinite(raw) or raw <= 0:
        entry.report("cpd_hours", f"cpd_hours must be a positive number of hours, got {raw!r}")
        return BAD
    return float(raw)


def _hours_from(entry: Entry) -> str | None | object:
    if "hours_from" not in entry.data:
        return None
    raw = entry.data["hours_from"]
    if not isinstance(raw, str) or not _CUSTOMFIELD_RE.match(raw):
        entry.report(
            "hours_from",
            f"hours_from must name a course custom field like customfield.cpdhours, got {raw!r}",
        )
        return BAD
    return raw


def _cpd_type(entry: Entry) -> CpdType | None:
    raw = entry.data.get("cpd_type", "training_course")
    if raw not in CPD_TYPES:
        hint = suggest(str(raw), list(CPD_TYPES)).lower()
        entry.report(
            "cpd_type", f"unknown cpd_type {raw!r}{hint} (allowed: {', '.join(CPD_TYPES)})"
        )
        return None
    return raw  # type: ignore[no-any-return]
