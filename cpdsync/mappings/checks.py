"""Checks that need every mapping file at once: duplicate ids, references, dead rules."""

from __future__ import annotations

from collections.abc import Sequence

from cpdsync.errors import Problem
from cpdsync.mappings.definitions import Location, Match, Role
from cpdsync.mappings.frameworks import suggest
from cpdsync.mappings.parse import Parsed, Reference
from cpdsync.mappings.patterns import glob_covers, matches_everything

# A course always has these, even if empty, and ``*`` matches the empty text: a rule matching
# ``*`` on one of them matches every course, so every rule after it is dead.
_ALWAYS_PRESENT = ("idnumber", "shortname", "fullname", "category")


def cross_check(parsed: Parsed) -> list[Problem]:
    """Return every problem that involves more than one entry."""
    problems: list[Problem] = []
    problems += _duplicates(parsed.named_requirements, "requirement")
    problems += _duplicates(parsed.named_roles, "role")
    problems += _second_defaults(parsed.roles)
    problems += _dead_rules(parsed.matches)
    if not parsed.unreadable_files:
        problems += _references(parsed)
    return problems


def _references(parsed: Parsed) -> list[Problem]:
    problems: list[Problem] = []
    requirement_ids = {ref.target for ref in parsed.named_requirements}
    role_ids = {ref.target for ref in parsed.named_roles}
    for ref in parsed.satisfies_refs:
        if ref.target not in requirement_ids:
            problems.append(
                _at(
                    ref.location,
                    f"the rule satisfies {ref.target!r}, which no requirements: entry defines"
                    + _hint(ref.target, requirement_ids),
                )
            )
    for ref in parsed.role_refs:
        if ref.target not in role_ids:
            problems.append(
                _at(
                    ref.location,
                    f"the requirement applies to role {ref.target!r}, which no roles: entry "
                    "defines" + _hint(ref.target, role_ids),
                )
            )
    satisfied = parsed.named_satisfied
    for requirement in parsed.requirements:
        if requirement.id not in satisfied:
            problems.append(
                _at(
                    requirement.location,
                    f"no rule satisfies requirement {requirement.id!r}; add it to the "
                    "satisfies: list of the rule for the course that renews it",
                )
            )
    return problems


def _second_defaults(roles: Sequence[Role]) -> list[Problem]:
    problems = []
    defaults = [role for role in roles if role.assign.default]
    for extra in defaults[1:]:
        problems.append(
            _at(
                extra.location,
                f"role {extra.id!r} is a second default role (the first is {defaults[0].id!r} "
                f"at {defaults[0].location}); keep one",
            )
        )
    return problems


def _duplicates(named: Sequence[Reference], what: str) -> list[Problem]:
    first: dict[str, Location] = {}
    problems = []
    for ref in named:
        if ref.target in first:
            problems.append(
                _at(
                    ref.location,
                    f"{what} id {ref.target!r} is already defined at {first[ref.target]}",
                )
            )
        else:
            first[ref.target] = ref.location
    return problems


def _dead_rules(matches: Sequence[tuple[Match, Location]]) -> list[Problem]:
    """Report each rule that an earlier rule always beats (first match wins)."""
    problems = []
    for index, (later, where) in enumerate(matches):
        for earlier, earlier_at in matches[:index]:
            if _shadows(earlier, later):
                problems.append(
                    _at(
                        where,
                        f"this rule can never match: the earlier rule at {earlier_at} "
                        f"({earlier.attribute}: {earlier.pattern!r}) matches every course it "
                        "would; move it above that rule or narrow the earlier one",
                    )
                )
                break
    return problems


def _shadows(earlier: Match, later: Match) -> bool:
    if earlier.attribute in _ALWAYS_PRESENT and matches_everything(earlier.pattern):
        return True
    if earlier.attribute != later.attribute:
        return False
    return glob_covers(earlier.pattern, later.pattern)


def _at(location: Location | None, message: str) -> Problem:
    if location is None:
        return Problem("<mappings>", None, message)
    return Problem(location.path, location.line, message)


def _hint(target: str, ids: set[str]) -> str:
    if not ids:
        return " (none are defined)"
    return suggest(target, sorted(ids)) + f" (defined: {', '.join(sorted(ids))})"
