"""Apply a MappingSet: which rule maps a course, which role a worker has."""

from __future__ import annotations

import math

from cpdsync.mappings.definitions import CourseFacts, MappingSet, Match, Role, Rule, RuleMatch
from cpdsync.mappings.patterns import glob_matches

_CUSTOMFIELD = "customfield."


def rule_matches(match: Match, facts: CourseFacts) -> bool:
    """Return whether one rule's condition holds for the course (globs ignore case)."""
    attribute, pattern = match.attribute, match.pattern
    if attribute == "tag":
        return any(glob_matches(pattern, tag) for tag in facts.tags)
    if attribute.startswith(_CUSTOMFIELD):
        value = facts.customfields.get(attribute[len(_CUSTOMFIELD) :])
        return value is not None and glob_matches(pattern, value)
    text = {
        "idnumber": facts.idnumber,
        "shortname": facts.shortname,
        "fullname": facts.fullname,
        "category": facts.category_path,
    }[attribute]
    return glob_matches(pattern, text)


def match_course(mappings: MappingSet, facts: CourseFacts) -> RuleMatch | None:
    """Return the first rule (in file order) that matches the course, with its hours resolved;
    None when no rule matches."""
    for rule in mappings.rules:
        if rule_matches(rule.match, facts):
            return RuleMatch(
                rule=rule,
                capabilities=rule.capabilities,
                cpd_hours=_hours(rule, facts),
                cpd_type=rule.cpd_type,
                satisfies=rule.satisfies,
                reflection_included=rule.reflection_included,
                peer_reflection=rule.peer_reflection,
            )
    return None


def _hours(rule: Rule, facts: CourseFacts) -> float | None:
    if rule.hours_from is None:
        return rule.cpd_hours
    raw = facts.customfields.get(rule.hours_from[len(_CUSTOMFIELD) :])
    if raw is None:
        return None
    try:
        hours = float(raw.strip())
    except ValueError:
        return None  # a course with "six" in its hours field counts, without hours
    return hours if math.isfinite(hours) and hours > 0 else None


def assign_role(mappings: MappingSet, profile: dict[str, str]) -> Role | None:
    """Return the first role whose profile-field glob matches the worker's profile, else the
    default role, else None."""
    for role in mappings.roles:
        field, pattern = role.assign.profile_field, role.assign.pattern
        if field is None or pattern is None:
            continue
        value = profile.get(field)
        if value is not None and glob_matches(pattern, value):
            return role
    return next((role for role in mappings.roles if role.assign.default), None)
