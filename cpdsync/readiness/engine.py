"""The gap engine: readiness inputs and an ``as_of`` date in, a readiness report out.

Pure: no I/O, no clock. The records layer builds the inputs (cpdsync/app/readiness_inputs.py), the
CLI renders the report. What counts (docs/readiness.md), under the SWE rules passed in:

- a piece of CPD counts for a registration year when its UK date is inside that year and not
  after ``as_of``; completing the same Moodle course twice in a year is one piece, not two
  (SWE asks for *different* pieces);
- a piece is reflected when ``CpdItem.reflected``; it meets the peer rule only when it is both
  reflected and peer-reflected (a peer discussion without its reflection is not yet CPD);
- council requirements and framework coverage look at every piece up to ``as_of``, whatever
  its year, and are ``local``: they never block renewal.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta

from cpdsync.errors import ConfigError
from cpdsync.mappings.definitions import Duration, MappingSet, Requirement, Role
from cpdsync.readiness import gaps as g
from cpdsync.readiness.calendar import RegistrationYear, shift, year_by_label, year_of
from cpdsync.readiness.inputs import CourseOffer, CpdItem, ReadinessInput, WorkerInfo
from cpdsync.readiness.report_model import (
    GAP_ORDER,
    CoverageView,
    CpdCounts,
    EntryView,
    Gap,
    ReadinessReport,
    RegistrationYearOut,
    RequirementView,
    Status,
    WorkerDetail,
    WorkerOut,
    WorkerReadiness,
)
from cpdsync.readiness.superseded import EndedFramework, superseded_gap
from cpdsync.readiness.swe_rules import SweRules, YearRules, parse_month_day

# framework id -> its item ids in framework order, e.g. {"KSS-CF": ["KSS-CF-1", …]}. Built by
# the caller from cpdsync.mappings.load_frameworks() so the engine does not depend on its type.
FrameworkItems = Mapping[str, Sequence[str]]


def assess(
    inputs: Sequence[ReadinessInput],
    *,
    mappings: MappingSet,
    offers: Sequence[CourseOffer],
    frameworks: FrameworkItems,
    as_of: date,
    rules: SweRules,
    registration_year: str | None = None,
    include_left: bool = False,
    item_titles: Mapping[str, str] | None = None,
    ended: Mapping[str, EndedFramework] | None = None,
) -> ReadinessReport:
    """Return every worker's readiness for the renewal of the registration year holding
    ``as_of`` (or the year named by ``registration_year``, e.g. ``2025-26``) under the SWE
    ``rules``; ``ended`` names the frameworks with a last day in force (FRAMEWORK_SUPERSEDED).

    Workers who have left are left out unless ``include_left``. Raise ConfigError when a role's
    coverage names a framework missing from ``frameworks``, or no SWE rule covers the year.
    """
    year = (
        year_by_label(registration_year, rules=rules.calendar)
        if registration_year
        else year_of(as_of, rules=rules.calendar)
    )
    year_rules = rules.for_year(year.label)
    ctx = g.Context(
        year=year,
        as_of=as_of,
        offers=tuple(o for o in offers if o.available),
        item_titles=item_titles or {},
        ended=ended or {},
    )
    workers = [
        _assess_worker(one, ctx, year_rules, mappings, frameworks)
        for one in sorted(inputs, key=lambda i: (i.worker.name.casefold(), i.worker.key))
        if include_left or not one.worker.left
    ]
    return ReadinessReport(
        as_of=as_of,
        registration_year=RegistrationYearOut(label=year.label, start=year.start, end=year.end),
        deadline=year.deadline,
        days_to_deadline=year.days_to_deadline(as_of),
        workers=workers,
    )


def is_exempt(worker: WorkerInfo, year: RegistrationYear, rules: YearRules) -> bool:
    """Return True when the worker joined the register on or after the exemption day."""
    if rules.exemption is None or worker.registered_on is None:
        return False
    month, day = parse_month_day(rules.exemption.joined_on_or_after)
    return worker.registered_on >= date(year.end.year, month, day)


def counted_pieces(items: Sequence[CpdItem], year: RegistrationYear, as_of: date) -> list[CpdItem]:
    """Return the distinct pieces of CPD that count for ``year`` as of ``as_of``, by date."""
    best: dict[tuple[str, int], CpdItem] = {}
    for item in items:
        if not year.contains(item.activity_date) or item.activity_date > as_of:
            continue
        key = ("course", item.courseid) if item.courseid is not None else ("entry", item.entry_id)
        current = best.get(key)
        if current is None or _strength(item) > _strength(current):
            best[key] = item
    return sorted(best.values(), key=lambda i: (i.activity_date, i.entry_id))


def _strength(item: CpdItem) -> tuple[bool, bool, date]:
    return (item.reflected and item.peer_reflected, item.reflected, item.activity_date)


def _assess_worker(
    one: ReadinessInput,
    ctx: g.Context,
    rules: YearRules,
    mappings: MappingSet,
    frameworks: FrameworkItems,
) -> WorkerReadiness:
    worker = one.worker
    exempt = is_exempt(worker, ctx.year, rules)
    pieces = counted_pieces(one.cpd, ctx.year, ctx.as_of)
    reflected = [p for p in pieces if p.reflected]
    peer_ok = [p for p in reflected if p.peer_reflected]
    need = 0 if exempt else rules.cpd.min_pieces
    peer_need = 0 if exempt else rules.cpd.min_peer_reflected

    found = _cpd_gaps(ctx, pieces, need, peer_need)
    if worker.swe_number is None:
        found.append(g.swe_number_missing())
    requirements = tuple(
        _requirement_view(req, one.cpd, ctx)
        for req in mappings.requirements
        if not req.roles or worker.role in req.roles
    )
    for view in requirements:
        requirement_gap = g.requirement(ctx, view)
        if requirement_gap is not None:
            found.append(requirement_gap)
    role = _role(mappings, worker.role)
    coverage = _coverage_view(role, one.cpd, ctx.as_of, frameworks) if role else None
    if role is not None and coverage is not None and len(coverage.covered) < coverage.min_items:
        found.append(g.coverage(ctx, coverage, role.title or f"the role {role.id}"))
    ended = superseded_gap(ctx.ended, frameworks, role, one.cpd, ctx.as_of)
    if ended is not None:
        found.append(ended)
    if one.unmapped_completions > 0:
        found.append(g.unmapped(one.unmapped_completions))
    found.sort(key=lambda gap: GAP_ORDER.index(gap.code))

    counted = {p.entry_id for p in pieces}
    return WorkerReadiness(
        worker=_worker_out(worker),
        status=_status(exempt, found, ctx),
        cpd=CpdCounts(
            activities=len(pieces),
            reflected=len(reflected),
            peer_reflected=len(peer_ok),
            required=need,
            peer_required=peer_need,
        ),
        gaps=found,
        detail=WorkerDetail(
            key=worker.key,
            team=worker.team,
            suspended=worker.suspended,
            registered_on=worker.registered_on,
            entries=tuple(_entry_view(i, i.entry_id in counted) for i in _by_date(one.cpd)),
            requirements=requirements,
            coverage=coverage,
        ),
    )


def _cpd_gaps(ctx: g.Context, pieces: Sequence[CpdItem], need: int, peer_need: int) -> list[Gap]:
    """The statutory gaps in the year's CPD: too few pieces, reflections or peer reflections."""
    reflected = [p for p in pieces if p.reflected]
    found: list[Gap] = []
    if len(pieces) < need:
        done = {p.courseid for p in pieces if p.courseid is not None}
        found.append(g.cpd_count(ctx, len(pieces), need, done))
    unreflected = [p for p in pieces if not p.reflected]
    if len(reflected) < need and unreflected:
        found.append(g.cpd_reflection(ctx, unreflected, need - len(reflected)))
    if len([p for p in reflected if p.peer_reflected]) < peer_need:
        pending = [p for p in pieces if p.peer_reflected and not p.reflected]
        no_peer = [p for p in reflected if not p.peer_reflected]
        found.append(g.peer_reflection(ctx, no_peer, pending, peer_need))
    return found


def _worker_out(worker: WorkerInfo) -> WorkerOut:
    return WorkerOut(
        email=worker.email,
        name=worker.name,
        idnumber=worker.idnumber,
        swe_number=worker.swe_number,
        role=worker.role,
    )


def _status(exempt: bool, found: Sequence[Gap], ctx: g.Context) -> Status:
    if exempt:
        return "exempt"
    if not any(gap.severity == "statutory" for gap in found):
        return "ready"
    return "not_ready" if ctx.year.after_deadline(ctx.as_of) else "at_risk"


def _by_date(items: Sequence[CpdItem]) -> list[CpdItem]:
    return sorted(items, key=lambda i: (i.activity_date, i.entry_id), reverse=True)


def _entry_view(item: CpdItem, counts: bool) -> EntryView:
    return EntryView(
        entry_id=item.entry_id,
        title=item.title,
        activity_date=item.activity_date,
        cpd_type=item.cpd_type,
        hours=item.hours,
        capabilities=item.capabilities,
        reflected=item.reflected,
        peer_reflected=item.peer_reflected,
        has_draft_reflection=item.has_draft_reflection,
        source=item.source,
        counts=counts,
        learnt=item.learnt,
        impact=item.impact,
        peer_reflection=item.peer_reflection,
        peer_role=item.peer_role,
        course_summary=item.course_summary,
    )


def _add(day: date, duration: Duration, sign: int = 1) -> date:
    return shift(day, sign * duration.years, sign * duration.months, sign * duration.days)


def _requirement_view(
    req: Requirement, items: Sequence[CpdItem], ctx: g.Context
) -> RequirementView:
    done = [
        i.activity_date for i in items if req.id in i.satisfies and i.activity_date <= ctx.as_of
    ]
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
    if expires <= ctx.as_of:
        state = "expired"
    elif expires <= ctx.year.deadline:
        state = "expiring"
    else:
        state = "valid"
    return RequirementView(id=req.id, title=req.title, last_done=last, expires=expires, state=state)


def _role(mappings: MappingSet, role_id: str | None) -> Role | None:
    return next((r for r in mappings.roles if r.id == role_id), None) if role_id else None


def _coverage_view(
    role: Role, items: Sequence[CpdItem], as_of: date, frameworks: FrameworkItems
) -> CoverageView | None:
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
