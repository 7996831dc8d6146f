"""Which courses are offered to a worker to close a gap: those for their role, on their site,
best first, each with its link in Moodle.

The role rule (docs/readiness.md, "Suggested courses"): a *role framework* is a framework that
some role's coverage names (in the sample council KSS-CF, KSS-AD, KSS-PS and PCF). A course is
for another role, and not offered, when the worker has a role and the course

- satisfies no council requirement that applies to the worker's role, and
- carries no item of the worker's own role framework, and
- either targets a role framework (one of its capabilities is an item of one) or satisfies a
  council requirement limited to other roles.

So a child-protection course mapped to KSS-CF is not offered to an adults social worker, a
course that renews a requirement the worker's role has is always offered, and a course mapped
only to frameworks no role targets (such as SWE's professional standards) is offered to all.
A worker with no role is offered every course.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from cpdsync.mappings.definitions import MappingSet
from cpdsync.readiness.inputs import CourseOffer, FrameworkItems
from cpdsync.readiness.report_model import SuggestedCourse

MAX_SUGGESTIONS = 5


class RoleFilter:
    """Decides which courses are for a role, under the mappings and the known frameworks."""

    def __init__(self, mappings: MappingSet, frameworks: FrameworkItems) -> None:
        self._mappings = mappings
        self._frameworks = frameworks
        self._item_framework = {item: fid for fid, items in frameworks.items() for item in items}
        self._role_framework = {
            role.id: role.coverage.framework for role in mappings.roles if role.coverage
        }
        self._targeted = set(self._role_framework.values())

    def framework_of(self, capability: str) -> str | None:
        """Return the framework a capability id belongs to (by its items, else by its id's
        prefix, the longest that fits), or None."""
        known = self._item_framework.get(capability)
        if known is not None:
            return known
        prefixes = [fid for fid in self._frameworks if capability.startswith(fid + "-")]
        return max(prefixes, key=len, default=None)

    def offered_to(self, offer: CourseOffer, role: str | None) -> bool:
        """Return True when ``offer`` is for a worker of ``role`` (the rule above)."""
        if role is None:
            return True
        requirements = {r.id: r for r in self._mappings.requirements}
        satisfied = [requirements[s] for s in offer.satisfies if s in requirements]
        if any(not r.roles or role in r.roles for r in satisfied):
            return True
        frameworks = {self.framework_of(c) for c in offer.capabilities}
        own = self._role_framework.get(role)
        if own is not None and own in frameworks:
            return True
        targets_role_framework = bool(frameworks & self._targeted)
        limited_to_others = any(r.roles and role not in r.roles for r in satisfied)
        return not (targets_role_framework or limited_to_others)


def pick(
    offers: Sequence[CourseOffer],
    keep: Callable[[CourseOffer], bool],
    score: Callable[[CourseOffer], int],
) -> list[SuggestedCourse]:
    """Return at most MAX_SUGGESTIONS of the ``offers`` kept, best ``score`` first, then by
    name; one course per name."""
    chosen = sorted((o for o in offers if keep(o)), key=lambda o: (-score(o), o.fullname))
    names: set[str] = set()
    out: list[SuggestedCourse] = []
    for offer in chosen:
        if offer.fullname in names:
            continue
        names.add(offer.fullname)
        out.append(SuggestedCourse(id=offer.courseid, name=offer.fullname, url=offer.url))
    return out[:MAX_SUGGESTIONS]
