"""The ``FRAMEWORK_SUPERSEDED`` gap (local): a worker whose CPD is still measured against a
framework that has stopped being in force.

Precisely: on an ``as_of`` after a framework's last day in force, the worker has the gap when
their role's coverage target names that framework, or when a piece of their CPD dated after
that last day (and not after ``as_of``) is mapped to one of its items. CPD done while the
framework was in force still evidences it, so it never raises the gap. The gap never blocks
renewal: Social Work England does not ask for a framework; the council's mappings need work.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from cpdsync.mappings.definitions import Role
from cpdsync.readiness.inputs import CpdItem
from cpdsync.readiness.report_model import SEVERITY, Gap, plural
from cpdsync.timeutil import uk_day

MAX_NAMED = 3


@dataclass(frozen=True)
class EndedFramework:
    """A framework with a last day in force, and what replaces it (if anything)."""

    id: str
    title: str
    last_day: date  # the last day it is in force; superseded from the day after
    successor: str | None = None
    successor_title: str | None = None


def superseded_gap(
    ended: Mapping[str, EndedFramework],
    items_of: Mapping[str, Sequence[str]],
    role: Role | None,
    cpd: Sequence[CpdItem],
    as_of: date,
) -> Gap | None:
    """Return the FRAMEWORK_SUPERSEDED gap for one worker as of ``as_of``, or None.

    ``ended`` holds the frameworks that end, by id; ``items_of`` every framework's item ids.
    """
    reasons: list[str] = []
    for fw in ended.values():
        if as_of <= fw.last_day:
            continue
        items = set(items_of.get(fw.id, ()))
        late = [
            i for i in cpd if fw.last_day < i.activity_date <= as_of and items & set(i.capabilities)
        ]
        named = role is not None and role.coverage is not None and role.coverage.framework == fw.id
        if named or late:
            reasons.append(_reason(fw, named, late))
    if not reasons:
        return None
    return Gap(
        code="FRAMEWORK_SUPERSEDED",
        severity=SEVERITY["FRAMEWORK_SUPERSEDED"],
        message=" ".join(reasons)
        + " This does not affect your registration; L&D will update the council's mappings.",
    )


def _reason(fw: EndedFramework, role_named: bool, late: Sequence[CpdItem]) -> str:
    replaced = (
        f", replaced by {fw.successor_title or fw.successor} ({fw.successor}) from "
        if fw.successor
        else " on "
    )
    head = (
        f"{fw.title} ({fw.id}) stopped being in force after {uk_day(fw.last_day)}"
        f"{replaced}{uk_day(_day_after(fw.last_day))}."
    )
    parts = [head]
    if role_named:
        parts.append(f"Your role's framework target still names {fw.id}.")
    if late:
        shown = "; ".join(f"'{i.title}' ({uk_day(i.activity_date)})" for i in late[:MAX_NAMED])
        more = len(late) - MAX_NAMED
        if more > 0:
            shown += f" and {plural(more, 'other')}"
        parts.append(f"CPD you did since is still mapped to it: {shown}.")
    return " ".join(parts)


def _day_after(day: date) -> date:
    return date.fromordinal(day.toordinal() + 1)
