"""The gap engine: readiness inputs and an ``as_of`` date in, a readiness report out.

Pure: no I/O, no clock. The app builds the inputs (cpdsync/app/readiness_inputs.py), the CLI
renders the report. What counts is in cpdsync/readiness/counting.py and inputs.py; the statuses
(docs/readiness.md), most urgent first:

- ``missed``: the year's deadline passed with the CPD rule unmet and no renewal declared
  (a past year's report), or, in the next year's report, for ``missed_notice_days`` after that
  deadline; the gap ``SWE_RENEWAL_MISSED`` leads;
- ``at_risk`` / ``in_progress``: a statutory gap open, with fewer than ``at_risk_days`` days
  to the deadline, or at least that many;
- ``ready``: no statutory gap; ``SWE_RENEWAL_STEPS`` keeps the renewal steps in front;
- ``submitted``: the worker declared the renewal submitted;
- ``exempt``: joined or restored to the register on or after 1 September of the renewal year.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from cpdsync.errors import ConfigError
from cpdsync.mappings.definitions import MappingSet
from cpdsync.readiness import gaps as g
from cpdsync.readiness.calendar import RegistrationYear, year_by_label, year_of
from cpdsync.readiness.counting import Tally, is_exempt, tally, year_outcome
from cpdsync.readiness.inputs import (
    CourseOffer,
    CpdItem,
    FrameworkItems,
    ReadinessInput,
    ReadinessPolicy,
    WorkerInfo,
)
from cpdsync.readiness.local_views import coverage_view, requirement_view, role_of
from cpdsync.readiness.offers import RoleFilter
from cpdsync.readiness.renewal_gaps import renewal_missed, renewal_steps
from cpdsync.readiness.report_model import (
    GAP_ORDER,
    STATUS_ORDER,
    CpdCounts,
    EntryView,
    Gap,
    PreviousYear,
    ReadinessReport,
    RegistrationYearOut,
    RenewalView,
    Status,
    WorkerDetail,
    WorkerOut,
    WorkerReadiness,
)
from cpdsync.readiness.superseded import EndedFramework, superseded_gap
from cpdsync.readiness.swe_rules import SweRules, YearRules


@dataclass(frozen=True)
class _Setting:
    """Everything one report shares across its workers."""

    year: RegistrationYear
    rules: YearRules
    swe: SweRules
    previous: tuple[RegistrationYear, YearRules] | None
    as_of: date
    policy: ReadinessPolicy
    offers: tuple[CourseOffer, ...]
    role_filter: RoleFilter
    item_titles: Mapping[str, str] = field(default_factory=dict)
    ended: Mapping[str, EndedFramework] = field(default_factory=dict)

    @property
    def fee_year(self) -> str:
        """The registration year a restoration applied for on ``as_of`` would fall in."""
        return year_of(self.as_of, rules=self.swe.calendar).label

    def context(self, worker: WorkerInfo) -> g.Context:
        offers = tuple(
            o
            for o in self.offers
            if (o.site is None or worker.site is None or o.site == worker.site)
            and self.role_filter.offered_to(o, worker.role)
        )
        return g.Context(
            year=self.year,
            as_of=self.as_of,
            offers=offers,
            item_titles=self.item_titles,
            ended=self.ended,
            who=worker.email or worker.idnumber or "WORKER",
        )


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
    policy: ReadinessPolicy | None = None,
) -> ReadinessReport:
    """Return every worker's readiness for the renewal of the registration year holding
    ``as_of`` (or the year named by ``registration_year``, e.g. ``2025-26``) under the SWE
    ``rules`` and the council's ``policy``, most urgent first; ``ended`` names the frameworks
    with a last day in force (FRAMEWORK_SUPERSEDED).

    Workers who have left are left out unless ``include_left``. Raise ConfigError when a role's
    coverage names a framework missing from ``frameworks``, or no SWE rule covers the year.
    """
    year = (
        year_by_label(registration_year, rules=rules.calendar)
        if registration_year
        else year_of(as_of, rules=rules.calendar)
    )
    year_rules = rules.for_year(year.label)
    setting = _Setting(
        year=year,
        rules=year_rules,
        swe=rules,
        previous=_previous_year(year, rules),
        as_of=as_of,
        policy=policy or ReadinessPolicy(),
        offers=tuple(o for o in offers if o.available),
        role_filter=RoleFilter(mappings, frameworks),
        item_titles=item_titles or {},
        ended=ended or {},
    )
    workers = [
        _assess_worker(one, setting, mappings, frameworks)
        for one in inputs
        if include_left or not one.worker.left
    ]
    workers.sort(key=urgency)
    return ReadinessReport(
        as_of=as_of,
        registration_year=RegistrationYearOut(
            label=year.label,
            start=year.start,
            end=year.end,
            rules_provisional=year_rules.cpd.provisional,
            provisional_note=year_rules.cpd.note if year_rules.cpd.provisional else None,
        ),
        deadline=year.deadline,
        days_to_deadline=year.days_to_deadline(as_of),
        workers=workers,
    )


def urgency(w: WorkerReadiness) -> tuple[int, str, int]:
    """Return the sort key of team views: status (most urgent first), then name."""
    return (STATUS_ORDER.index(w.status), w.worker.name.casefold(), w.detail.key)


def _previous_year(
    year: RegistrationYear, rules: SweRules
) -> tuple[RegistrationYear, YearRules] | None:
    first = year.start.year - 1
    label = f"{first}-{(first + 1) % 100:02d}"
    try:
        return year_by_label(label, rules=rules.calendar), rules.for_year(label)
    except ConfigError:  # before SWE's first year: there is no year before
        return None


def _previous(one: ReadinessInput, s: _Setting) -> PreviousYear | None:
    if s.previous is None:
        return None
    year, rules = s.previous
    return PreviousYear(label=year.label, outcome=year_outcome(one, year, rules))


def _missed_year(
    one: ReadinessInput, s: _Setting, exempt: bool, cpd: Tally, previous: PreviousYear | None
) -> RegistrationYear | None:
    """The year whose missed deadline this report leads with, or None."""
    if s.year.label in one.renewals or exempt:
        return None
    if s.year.after_deadline(s.as_of):
        return None if cpd.met else s.year
    if s.previous is None or previous is None or previous.outcome != "missed":
        return None
    since = (s.as_of - s.previous[0].deadline).days
    return s.previous[0] if 0 < since <= s.policy.missed_notice_days else None


def _status(
    one: ReadinessInput, s: _Setting, exempt: bool, cpd: Tally, missed: RegistrationYear | None
) -> Status:
    if s.year.label in one.renewals:
        return "submitted"
    if exempt:
        return "exempt"
    if missed is not None:
        return "missed"
    if cpd.met:
        return "ready"
    days = s.year.days_to_deadline(s.as_of)
    return "at_risk" if days < s.policy.at_risk_days else "in_progress"


def _assess_worker(
    one: ReadinessInput, s: _Setting, mappings: MappingSet, frameworks: FrameworkItems
) -> WorkerReadiness:
    worker = one.worker
    ctx = s.context(worker)
    exempt = is_exempt(worker, s.year, s.rules)
    cpd = tally(one.cpd, s.year, s.as_of, s.rules, exempt)
    previous = _previous(one, s)
    missed = _missed_year(one, s, exempt, cpd, previous)
    status = _status(one, s, exempt, cpd, missed)

    found: list[Gap] = []
    if missed is not None:
        found.append(renewal_missed(ctx, missed, s.swe.renewal, s.fee_year))
    if status != "submitted":
        found += _cpd_gaps(ctx, cpd)
    if status == "ready":
        found.append(renewal_steps(ctx, s.swe.renewal, cpd.reflected, s.fee_year))
    detail, local = _local(one, ctx, s, mappings, frameworks, cpd)
    found += local
    found.sort(key=lambda gap: GAP_ORDER.index(gap.code))
    return WorkerReadiness(
        worker=_worker_out(worker),
        status=status,
        previous_year=previous,
        cpd=CpdCounts(
            activities=len(cpd.pieces),
            reflected=len(cpd.reflected),
            peer_reflected=len(cpd.peer_reflected),
            required=cpd.need,
            peer_required=cpd.peer_need,
        ),
        gaps=found,
        detail=detail,
    )


def _cpd_gaps(ctx: g.Context, cpd: Tally) -> list[Gap]:
    """The statutory gaps in the year's CPD: too few pieces, reflections or peer reflections."""
    reflected = cpd.reflected
    found: list[Gap] = []
    if len(cpd.pieces) < cpd.need:
        done = {p.courseid for p in cpd.pieces if p.courseid is not None}
        found.append(g.cpd_count(ctx, len(cpd.pieces), cpd.need, done))
    unreflected = [p for p in cpd.pieces if not p.reflected]
    if len(reflected) < cpd.need and unreflected:
        found.append(g.cpd_reflection(ctx, unreflected, cpd.need - len(reflected)))
    if len(cpd.peer_reflected) < cpd.peer_need:
        found.append(g.peer_reflection(ctx, cpd.pieces, cpd.peer_need))
    return found


def _identity_gaps(worker: WorkerInfo) -> list[Gap]:
    """Who the worker is: a roster worker without a Moodle account, or no SWE number in the
    Moodle profile (not said without an account: there is no profile to fix)."""
    if not worker.moodle_account:
        return [g.roster_no_moodle_account(worker.roster_sources)]
    return [g.swe_number_missing()] if worker.swe_number is None else []


def _local(
    one: ReadinessInput,
    ctx: g.Context,
    s: _Setting,
    mappings: MappingSet,
    frameworks: FrameworkItems,
    cpd: Tally,
) -> tuple[WorkerDetail, list[Gap]]:
    """The worker's detail and their local and information gaps: a Moodle account or SWE
    number missing, council requirements, framework coverage, a superseded framework,
    unmapped completions."""
    worker = one.worker
    found: list[Gap] = _identity_gaps(worker)
    requirements = tuple(
        requirement_view(req, one.cpd, s.year, s.as_of)
        for req in mappings.requirements
        if not req.roles or worker.role in req.roles
    )
    found += [gap for view in requirements if (gap := g.requirement(ctx, view)) is not None]
    role = role_of(mappings, worker.role)
    coverage = coverage_view(role, one.cpd, s.as_of, frameworks) if role else None
    if role is not None and coverage is not None and len(coverage.covered) < coverage.min_items:
        found.append(g.coverage(ctx, coverage, role.title or f"the role {role.id}"))
    ended = superseded_gap(ctx.ended, frameworks, role, one.cpd, ctx.as_of)
    if ended is not None:
        found.append(ended)
    if one.unmapped_completions > 0:
        found.append(g.unmapped(one.unmapped_completions))
    declared = one.renewals.get(s.year.label)
    counted = {p.entry_id for p in cpd.pieces}
    detail = WorkerDetail(
        key=worker.key,
        team=worker.team,
        suspended=worker.suspended,
        registered_on=worker.registered_on,
        entries=tuple(_entry_view(i, i.entry_id in counted) for i in _by_date(one.cpd)),
        requirements=requirements,
        coverage=coverage,
        renewal=RenewalView(declared_on=declared.declared_on, declared_by=declared.declared_by)
        if declared
        else None,
    )
    return detail, found


def _worker_out(worker: WorkerInfo) -> WorkerOut:
    return WorkerOut(
        email=worker.email,
        name=worker.name,
        idnumber=worker.idnumber,
        swe_number=worker.swe_number,
        role=worker.role,
        team=worker.team,
        moodle_id=worker.moodle_id,
        site=worker.site,
    )


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
        recorded_on_swe=item.recorded_on_swe or item.peer_recorded_on_swe,
        peer_recorded_on_swe=item.peer_recorded_on_swe,
        prompts_reflection=item.prompts_reflection,
        prompts_peer=item.prompts_peer,
        learnt=item.learnt,
        impact=item.impact,
        peer_reflection=item.peer_reflection,
        peer_role=item.peer_role,
        course_summary=item.course_summary,
    )
