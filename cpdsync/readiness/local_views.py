"""The council's own rules as a worker sees them: mandatory training and framework coverage.

Pure. These look at every piece up to ``as_of``, whatever its registration year, and are
``local``: they never block renewal.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from cpdsync.errors import ConfigError
from cpdsync.mappings.definitions import Duration, MappingSet, Requirement, Role
from cpdsync.readiness.calendar import RegistrationYear, shift
from cpdsync.readiness.inputs import CpdItem, FrameworkItems
from cpdsync.readiness.report_model import CoverageView, RequirementView


def _add(day: date, duration: Duration, sign: int = 1) -> date:
    return shift(day, sign * duration.years, sign * duration.months, sign * duration.days)


def requirement_view(
    req: Requirement, items: Sequence[CpdItem], year: RegistrationYear, as_of: date
) -> RequirementView:
    """Return where the worker stands on one council requirement as of ``as_of``."""
    done = [i.activity_date for i in items if req.id in i.satisfies and i.activity_date <= as_of]
    if not done:
        return RequirementView(
            id=req.id, title=req.title, last_done=None, expires=None, state="missing"
        )
    last = max(done)
    if req.valid_for is None:
        return RequirementView(
            id=req.id, title=req.title, last_done=last, expires=None, state="valid"
        )
    # Valid up to the day before ``expires``: done 1 Dec 2023 with P3Y expires 1 Dec 2026.
    expires = _add(last, req.valid_for)
    if expires <= as_of:
        state = "expired"
    elif expires <= year.deadline:
        state = "expiring"
    else:
        state = "valid"
    return RequirementView(id=req.id, title=req.title, last_done=last, expires=expires, state=state)


def role_of(mappings: MappingSet, role_id: str | None) -> Role | None:
    """Return the role ``role_id`` names in the mappings, or None."""
    return next((r for r in mappings.roles if r.id == role_id), None) if role_id else None


def coverage_view(
    role: Role, items: Sequence[CpdItem], as_of: date, frameworks: FrameworkItems
) -> CoverageView | None:
    """Return the role's framework coverage over its rolling window ending on ``as_of``, or
    None when the role asks for none; raise ConfigError for a framework not in
    ``frameworks``."""
    target = role.coverage
    if target is None:
        return None
    if target.framework not in frameworks:
        where = f" ({role.location})" if role.location else ""
        raise ConfigError(
            f"role {role.id}{where} asks for coverage of framework {target.framework}, which is "
            f"not one of the frameworks cpdsync knows ({', '.join(sorted(frameworks))}); "
            "fix the framework id in the mapping file"
        )
    # The rolling window ends on as_of and is ``window`` long: P3Y on 22 Nov 2026 starts
    # 23 Nov 2023.
    start = _add(as_of, target.window, -1) + timedelta(days=1)
    seen = {c for i in items if start <= i.activity_date <= as_of for c in i.capabilities}
    framework_items = list(frameworks[target.framework])
    return CoverageView(
        framework=target.framework,
        min_items=target.min_items,
        window=str(target.window),
        window_start=start,
        covered=tuple(i for i in framework_items if i in seen),
        uncovered=tuple(i for i in framework_items if i not in seen),
    )
