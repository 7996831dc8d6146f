"""Warnings for mappings that target a framework about to stop being in force, or already past
it: the KSS for child and family practitioners gives way to the early career standards on
1 April 2027, and a rule still mapping courses to it should be planned for before then.

A warning never fails validation: completions from before the change still evidence the old
framework, and the new one may not be modelled yet.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from datetime import date

from cpdsync.errors import Problem
from cpdsync.mappings.definitions import Location, MappingSet
from cpdsync.mappings.framework_types import Framework
from cpdsync.timeutil import uk_day

WARN_MONTHS_BEFORE = 6


def months_before(day: date, months: int) -> date:
    """Return ``day`` moved back ``months`` calendar months (31 August less 6 is 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def ending_soon(framework: Framework, as_of: date) -> bool:
    """Return whether ``framework`` stops being in force within six months of ``as_of``, or
    already has."""
    ends = framework.superseded_on
    return ends is not None and as_of >= months_before(ends, WARN_MONTHS_BEFORE)


def supersession_warnings(
    mappings: MappingSet, frameworks: Mapping[str, Framework], as_of: date
) -> list[Problem]:
    """Return one warning per rule or role that targets a framework which stops being in force
    within six months of ``as_of`` or already has, at the rule's or role's ``file:line``."""
    owner = {item.id: fw for fw in frameworks.values() for item in fw.items}
    warnings: list[Problem] = []
    for rule in mappings.rules:
        named: dict[str, list[str]] = {}
        for cap in rule.capabilities:
            fw = owner.get(cap)
            if fw is not None and ending_soon(fw, as_of):
                named.setdefault(fw.id, []).append(cap)
        for fw_id, caps in named.items():
            what = f"this rule maps courses to {', '.join(caps)} of {fw_id}"
            warnings.append(_warning(rule.location, what, frameworks[fw_id], frameworks, as_of))
    for role in mappings.roles:
        target = role.coverage.framework if role.coverage else None
        fw = frameworks.get(target) if target else None
        if fw is not None and ending_soon(fw, as_of):
            what = f"role {role.id!r} asks for coverage of {fw.id}"
            warnings.append(_warning(role.location, what, fw, frameworks, as_of))
    return warnings


def _warning(
    location: Location | None,
    what: str,
    framework: Framework,
    frameworks: Mapping[str, Framework],
    as_of: date,
) -> Problem:
    ends = framework.superseded_on
    assert ends is not None and framework.in_force_until is not None  # noqa: S101 - ending_soon
    last = uk_day(framework.in_force_until)
    if as_of >= ends:
        when = f"which stopped being in force after {last}"
    else:
        days = (ends - as_of).days
        when = f"which is in force only until {last} ({days} day{'s' if days != 1 else ''} away)"
    successor = frameworks.get(framework.superseded_by or "")
    if successor is None:
        then = "; map the courses to the framework that replaces it"
    elif successor.placeholder:
        then = (
            f"; from {uk_day(ends)} {successor.id} ({successor.title}) replaces it, declared "
            "in cpdsync but not yet modelled: plan the new mapping, and keep this one for "
            "CPD done before then"
        )
    else:
        then = (
            f"; from {uk_day(ends)} {successor.id} ({successor.title}) replaces it: map the "
            "courses to it, and keep this mapping for CPD done before then"
        )
    path, line = (location.path, location.line) if location else ("<mappings>", None)
    return Problem(path, line, f"{what}, {when}{then}")
