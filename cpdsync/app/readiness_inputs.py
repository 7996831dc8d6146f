"""Build the readiness engine's plain inputs (cpdsync/readiness/inputs.py) from the records."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy.orm import Session

from cpdsync.app.course_rules import CourseRules
from cpdsync.app.worker_values import find_worker
from cpdsync.errors import NotFoundError
from cpdsync.mappings.definitions import MappingSet
from cpdsync.readiness.inputs import (
    CourseOffer,
    CpdItem,
    ReadinessInput,
    ReflectionState,
    RenewalDeclaration,
    WorkerInfo,
)
from cpdsync.records import declarations, worker_reads
from cpdsync.records.catalogue_rows import courses_held
from cpdsync.records.schema import CpdEntryRow, WorkerRow
from cpdsync.timeutil import uk_date


def cpd_item(entry: CpdEntryRow) -> CpdItem:
    """Return the readiness view of one CPD entry: what the worker wrote (a submitted or draft
    reflection) and declared (recorded on their SWE account), and what the course's rule
    prompts. What counts is decided in cpdsync/readiness/inputs.py.

    The reflection's text travels with it, a draft's too, so the SWE export can show the
    worker's own words (marked as a draft when it is one).
    """
    reflection = entry.reflection
    declaration = entry.declaration
    completion = entry.completion
    state: ReflectionState = "none"
    if reflection is not None:
        state = "submitted" if reflection.status == "submitted" else "draft"
    peer_text = (reflection.peer_reflection or "") if reflection is not None else ""
    return CpdItem(
        entry_id=entry.id,
        title=entry.title,
        activity_date=entry.activity_date,
        hours=entry.hours,
        cpd_type=entry.cpd_type,
        capabilities=tuple(entry.capabilities),
        satisfies=tuple(entry.satisfies),
        source="moodle" if entry.source == "moodle" else "manual",
        courseid=completion.course.moodle_id if completion is not None else None,
        reflection=state,
        peer_written=bool(peer_text.strip()),
        recorded_on_swe=declaration is not None and declaration.recorded_on_swe,
        peer_recorded_on_swe=declaration is not None and declaration.peer_recorded_on_swe,
        prompts_reflection=entry.reflection_included,
        prompts_peer=entry.peer_reflection_included,
        learnt=reflection.learnt if reflection is not None else "",
        impact=reflection.impact if reflection is not None else "",
        peer_reflection=peer_text,
        peer_role=(reflection.peer_role or "") if reflection is not None else "",
        course_summary=completion.course.summary if completion is not None else "",
    )


def worker_info(worker: WorkerRow) -> WorkerInfo:
    """Return the readiness view of one worker."""
    return WorkerInfo(
        key=worker.id,
        email=worker.email,
        name=worker.fullname,
        idnumber=worker.idnumber,
        swe_number=worker.swe_number,
        role=worker.role,
        team=worker.team,
        registered_on=worker.registered_on,
        suspended=worker.suspended,
        left=worker.left,
        moodle_id=worker.moodle_id,
        site=worker.site.url,
        moodle_account=worker.moodle_id is not None,
        roster_sources=tuple(worker.roster_sources or ()),
    )


def _renewals(session: Session, ids: list[int]) -> dict[int, dict[str, RenewalDeclaration]]:
    found: dict[int, dict[str, RenewalDeclaration]] = defaultdict(dict)
    for row in declarations.renewals_submitted(session, ids):
        found[row.worker_id][row.registration_year] = RenewalDeclaration(
            year=row.registration_year,
            declared_on=uk_date(row.declared_at.timestamp()),
            declared_by=row.declared_by,
        )
    return found


def _select_workers(
    session: Session, workers: list[str] | None, team: str | None, site_id: int | None
) -> list[WorkerRow]:
    if workers:
        named = (find_worker(session, text, site_id=site_id) for text in workers)
        found = {w.id: w for w in named}
        chosen = list(found.values())
        if team is not None:
            chosen = [w for w in chosen if (w.team or "").casefold() == team.casefold()]
        return chosen
    chosen = worker_reads.workers_in(session, team, site_id=site_id)
    if team is not None and not chosen:
        teams = worker_reads.team_names(session, site_id=site_id)
        raise NotFoundError(
            f"no worker is in team {team!r}; teams held: {', '.join(teams) or 'none'} "
            "(teams come from the Moodle profile field 'team')"
        )
    return chosen


def course_rules(
    session: Session, mappings: MappingSet, *, site_url: str | None = None
) -> CourseRules:
    """Return the rule of every held course (of the site at ``site_url`` when given) under
    ``mappings``, for one report."""
    return CourseRules(mappings, courses_held(session, site_url=site_url))


def readiness_inputs(
    session: Session,
    rules: CourseRules,
    *,
    workers: list[str] | None = None,
    team: str | None = None,
    site_id: int | None = None,
) -> list[ReadinessInput]:
    """Return one readiness input per chosen worker (all when none named; of site ``site_id``
    when given), suspended and left workers included and flagged; raise NotFoundError for an
    unknown worker or empty team.

    Retired CPD entries are left out. ``unmapped_completions`` counts the worker's un-reset
    completions of courses no rule maps; ``renewals`` are the renewals declared submitted.
    """
    chosen = _select_workers(session, workers, team, site_id)
    ids = [w.id for w in chosen]
    entries: dict[int, list[CpdEntryRow]] = defaultdict(list)
    for entry in worker_reads.live_entries(session, ids):
        entries[entry.worker_id].append(entry)
    unmapped: dict[int, int] = defaultdict(int)
    for worker_id, course_id in worker_reads.live_completion_courses(session, ids):
        if rules.match(course_id) is None:
            unmapped[worker_id] += 1
    renewals = _renewals(session, ids)
    return [
        ReadinessInput(
            worker=worker_info(worker),
            cpd=tuple(cpd_item(entry) for entry in entries[worker.id]),
            unmapped_completions=unmapped[worker.id],
            renewals=renewals.get(worker.id, {}),
        )
        for worker in chosen
    ]


def course_offers(rules: CourseRules) -> list[CourseOffer]:
    """Return every held course a rule maps, by shortname, with what the rule gives;
    ``available`` is false when Moodle reports it hidden or without completion tracking, or no
    longer lists it."""
    offers = []
    for course in rules.courses.values():
        match = rules.match(course.row_id)
        if match is None:
            continue
        offers.append(
            CourseOffer(
                courseid=course.moodle_id,
                shortname=course.shortname,
                fullname=course.fullname,
                capabilities=match.capabilities,
                satisfies=match.satisfies,
                cpd_type=match.cpd_type,
                reflection_included=match.reflection_included,
                peer_reflection=match.peer_reflection,
                hours=match.cpd_hours,
                available=course.visible is not False
                and course.enablecompletion is not False
                and course.missing_since is None,
                site=course.site_url,
            )
        )
    return offers
