"""The steps of one sync run, in the order cpdsync/app/sync.py calls them.

Each step reads Moodle or writes records for one job and notes on the ``SyncRun`` what it
learnt and counted, so a run that fails part-way is still recorded truthfully.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime

from sqlalchemy.orm import Session

from cpdsync.app.catalogue_guard import SUSPICIOUS, blanked_idnumbers, refusal, shrink_reasons
from cpdsync.app.course_rules import CourseRules
from cpdsync.app.cursors import COMPLETIONS_CURSOR, cursor_value, read_since
from cpdsync.app.derive import derive_cpd_entries
from cpdsync.app.moodle_values import (
    category_values,
    completion_values,
    course_values,
    site_values,
)
from cpdsync.app.privacy import apply_retention as retention
from cpdsync.app.progress import PhaseListener, Silent
from cpdsync.app.refresh_policy import (
    CATALOGUE_CURSOR,
    FIRST,
    ROSTER,
    UNKNOWN,
    Catalogue,
    held_catalogue,
    names_newcomers,
    read_catalogue,
    refresh_reason,
    with_idnumbers,
)
from cpdsync.app.roster import RosterSpec, hr_overrides
from cpdsync.app.roster_file import RosterRow
from cpdsync.app.roster_store import adopt_hr_accounts, store_roster, with_hr_values
from cpdsync.app.worker_values import worker_values
from cpdsync.config import Config, parse_interval
from cpdsync.connector.client import MoodleClient
from cpdsync.connector.facts import CompletionBatch, FetchWarning, MoodleCourse, SiteFacts
from cpdsync.connector.site_reads import get_site
from cpdsync.connector.strategies import choose_strategy, fetch_completions
from cpdsync.mappings import MappingSet
from cpdsync.records import catalogue_rows, completion_rows, privacy, run_log
from cpdsync.records.run_log import RunCounts, RunRecord, RunWarning
from cpdsync.records.schema import SiteRow
from cpdsync.records.site_rows import find_site, store_site
from cpdsync.records.sync_cursors import advance_cursor, get_cursor
from cpdsync.records.write_counts import Counts

# Who changed a CPD entry, in the audit log, when the sync derived it.
SYNC_ACTOR = "cpdsync sync"

Clock = Callable[[], datetime]


@dataclass
class SyncRun:
    """One run as it goes: what it was asked to do, and what it knows and counted so far."""

    client: MoodleClient
    config: Config
    mappings: MappingSet
    clock: Clock
    full: bool
    started: datetime
    roster: RosterSpec = field(default_factory=RosterSpec)
    site: SiteFacts | None = None
    strategy: str = ""
    run_id: int | None = None
    since: int | None = None  # Unix time completions are read from; None for a full read
    catalogue_cursor: str | None = None
    accept_catalogue: bool = False  # apply a catalogue read even when it looks suspicious
    held: Catalogue | None = None  # what the last refresh saw, to compare a new read with
    counts: RunCounts = field(default_factory=RunCounts)
    warnings: list[RunWarning] = field(default_factory=list)
    progress: PhaseListener = field(default_factory=Silent)

    def calls(self) -> dict[str, int]:
        """Return the HTTP calls made to Moodle so far, by function."""
        return dict(sorted(self.client.calls.items()))


def fetch_warning(item: FetchWarning) -> RunWarning:
    """Return the run warning of one record Moodle would not let the connector read."""
    return RunWarning(
        code=item.code,
        message=item.message,
        wsfunction=item.wsfunction,
        userid=item.userid,
        courseid=item.courseid,
    )


def tag_rule_warnings(mappings: MappingSet, courses: list[MoodleCourse]) -> list[RunWarning]:
    """Warn of rules matching on course tags when Moodle reported none: such a rule can never
    match, and an L&D officer would otherwise not know why its courses count for nothing."""
    if any(course.tags for course in courses):
        return []
    return [
        RunWarning(
            code="tags_unavailable",
            message=f"the rule at {rule.location} matches on tag {rule.match.pattern!r}, but "
            "Moodle reported no course tags, so it matches nothing; match on category, "
            "idnumber or a course custom field instead",
        )
        for rule in mappings.rules
        if rule.match.attribute == "tag"
    ]


def read_site(run: SyncRun) -> SiteFacts:
    """Read the site from Moodle and choose the completion strategy it allows."""
    site = run.site = get_site(run.client)
    sync = run.config.sync
    run.strategy = choose_strategy(sync.strategy, site, report_id=sync.report_id)
    return site


def choose_catalogue(session: Session, run: SyncRun, site: SiteFacts) -> Catalogue:
    """Return the catalogue the run follows: the one held, or (when a refresh is due, or
    nothing usable is held) the one read from Moodle now. Writes nothing."""
    held_site = find_site(session, site.url)
    run.catalogue_cursor = get_cursor(session, held_site, CATALOGUE_CURSOR)
    if held_site is not None and run.catalogue_cursor is not None:
        run.held = held_catalogue(session, held_site, run.catalogue_cursor)
    refresh = parse_interval(run.config.sync.catalogue_refresh)
    held_roster = held_site.roster_digest if held_site is not None else None
    because = refresh_reason(
        run.catalogue_cursor,
        refresh,
        run.started,
        full=run.full,
        roster_changed=held_roster != run.roster.digest(),
    )
    if because is None and run.held is not None and run.held.workers and run.held.courses:
        return run.held
    fresh = read_catalogue(run.client, site, run.strategy, because or FIRST, run.roster)
    # A changed roster definition ([workers]) changes who the workers are on purpose.
    return _guarded(run, fresh, workers=because != ROSTER)


def _guarded(run: SyncRun, fresh: Catalogue, *, workers: bool = True) -> Catalogue:
    """Return ``fresh``, or the held catalogue when ``fresh`` would empty most of it (its
    workers too when ``workers``; see app/catalogue_guard.py), noting the warning."""
    if run.accept_catalogue or run.held is None or not run.held.courses:
        return fresh
    reasons = shrink_reasons(run.held, fresh, workers=workers)
    if not reasons:
        return fresh
    run.warnings.append(RunWarning(SUSPICIOUS, refusal(reasons)))
    return run.held


def begin_run(session: Session, run: SyncRun, site: SiteFacts) -> SiteRow:
    """Store the site, record the run as running, and set where completions are read from
    (the completions cursor less the lookback window)."""
    site_row = store_site(session, site_values(site), now=run.started)
    run.run_id = run_log.start_run(session, site_row, strategy=run.strategy, now=run.started)
    cursor = get_cursor(session, site_row, COMPLETIONS_CURSOR)
    run.since = read_since(cursor, parse_interval(run.config.sync.lookback), full=run.full)
    return site_row


def _fetch(
    run: SyncRun, site: SiteFacts, catalogue: Catalogue, known: set[tuple[int, int]]
) -> CompletionBatch:
    return fetch_completions(
        run.client,
        run.strategy,
        site=site,
        workers=catalogue.workers,
        courses=catalogue.courses,
        known=known,
        since=run.since,
        now=lambda: int(run.clock().timestamp()),
        report_id=run.config.sync.report_id,
    )


def read_completions(
    session: Session, run: SyncRun, site: SiteFacts, site_row: SiteRow, catalogue: Catalogue
) -> tuple[CompletionBatch, Catalogue]:
    """Read the completions of the catalogue's workers and courses; should they name someone a
    held catalogue lacks, read the catalogue from Moodle and the completions again. Return the
    completions and the catalogue they were read for."""
    known = completion_rows.known_completion_pairs(session, site_row)
    batch = _fetch(run, site, catalogue, known)
    followed = {c.id for c in catalogue.courses} if run.roster.configured else None
    if not catalogue.refreshed and names_newcomers(
        batch, run.catalogue_cursor, followed_courses=followed
    ):
        fresh = _guarded(run, read_catalogue(run.client, site, run.strategy, UNKNOWN, run.roster))
        if fresh is not catalogue:
            catalogue = fresh
            batch = _fetch(run, site, catalogue, known)
    run.warnings += [fetch_warning(w) for w in catalogue.warnings]
    run.warnings += tag_rule_warnings(run.mappings, catalogue.courses)
    run.warnings += [fetch_warning(w) for w in batch.warnings]
    return batch, catalogue


def store_catalogue(
    session: Session, run: SyncRun, site_row: SiteRow, catalogue: Catalogue, batch: CompletionBatch
) -> Catalogue:
    """Store a refreshed catalogue's categories and courses (unless they would blank most held
    course idnumbers: see app/catalogue_guard.py), the workers either way (the HR roster's team
    and role over Moodle's); return the catalogue as applied (held, when it was not)."""
    courses = with_idnumbers(catalogue.courses, batch.course_idnumbers)
    if catalogue.refreshed and not run.accept_catalogue and run.held is not None:
        blanked = blanked_idnumbers(run.held.courses, courses)
        if blanked is not None:
            run.warnings.append(RunWarning(SUSPICIOUS, refusal([blanked])))
            catalogue = replace(catalogue, refreshed_because=None)
    counts = run.counts
    counts.catalogue = "refreshed" if catalogue.refreshed else "held"
    if catalogue.refreshed:
        counts.catalogue_refreshed_because = catalogue.refreshed_because
        categories = [category_values(c) for c in catalogue.categories]
        counts.categories = catalogue_rows.store_categories(session, site_row, categories)
        counts.categories.read = len(categories)
        # A refresh reads the whole course list: a held course it lacks has left Moodle.
        counts.courses = catalogue_rows.store_courses(
            session, site_row, [course_values(c) for c in courses], now=run.started, complete=True
        )
        counts.courses.read = len(courses)
    hr = hr_overrides(run.roster, catalogue.workers)
    if catalogue.refreshed:
        adopt_hr_accounts(session, site_row, hr)
    counts.workers = _store_workers(session, run, site_row, catalogue, hr)
    if catalogue.refreshed:
        counts.workers.read = len(catalogue.workers)
    return catalogue


def mark_roster(session: Session, run: SyncRun, site_row: SiteRow, catalogue: Catalogue) -> None:
    """After a refresh, record who is on the roster (and the HR roster's people without a
    Moodle account), noting anyone it leaves out of reports from now on."""
    if not catalogue.refreshed:
        return
    roster, notes = store_roster(
        session, site_row, run.roster, catalogue, mappings=run.mappings, now=run.started
    )
    run.counts.roster = roster
    run.counts.notes = notes or None


def _store_workers(
    session: Session,
    run: SyncRun,
    site_row: SiteRow,
    catalogue: Catalogue,
    hr: dict[int, RosterRow],
) -> Counts:
    moodle = run.config.moodle
    workers = [
        with_hr_values(
            worker_values(
                worker,
                swe_number_field=moodle.swe_number_field,
                swe_registered_field=moodle.swe_registered_field,
                mappings=run.mappings,
            ),
            hr.get(worker.id),
        )
        for worker in catalogue.workers
    ]
    return catalogue_rows.store_workers(
        session,
        site_row,
        workers,
        now=run.started,
        # The connector reads workers through course enrolments, so a worker whose enrolments
        # all ended is missing from the list without having left the council: never infer it.
        complete=False,
        # Held workers are re-derived under the current mappings (a role rule may have
        # changed) without being taken as seen in Moodle again.
        seen=catalogue.refreshed,
    )


def store_completions(
    session: Session, run: SyncRun, site_row: SiteRow, batch: CompletionBatch
) -> None:
    """Append the completions read (none of an erased worker) and mark the ones Moodle reports
    reset."""
    erased = privacy.erased_moodle_ids(session, site_row.id)
    completions = [
        completion_values(item) for item in batch.observations if item.userid not in erased
    ]
    counts = completion_rows.record_completions(session, site_row, completions, now=run.started)
    # Held completions Moodle confirmed still complete, not read again in detail.
    observed = {(item.userid, item.courseid) for item in batch.observations}
    counts.unchanged += sum(
        1 for pair in batch.confirmed if pair not in observed and pair[0] not in erased
    )
    counts.read = counts.new + counts.changed + counts.unchanged + counts.skipped
    run.counts.completions = counts
    run.counts.resets = completion_rows.mark_resets(
        session, site_row, set(batch.reported_incomplete), now=run.started
    )


def derive_entries(session: Session, run: SyncRun, site_row: SiteRow) -> None:
    """Create, refresh or retire the CPD entries of the site's completions under the current
    mappings, matching each course once."""
    rules = CourseRules(run.mappings, catalogue_rows.courses_held(session, site_url=site_row.url))
    run.counts.cpd_entries = derive_cpd_entries(
        session, site_row, rules.match, actor=SYNC_ACTOR, now=run.clock()
    )


def apply_retention(session: Session, run: SyncRun, site_row: SiteRow) -> None:
    """Erase the workers who left longer ago than retention.years (when it is set)."""
    years = run.config.retention.years
    if years is not None:
        run.counts.erased = retention(session, site_row, years, now=run.started)


def advance_cursors(
    session: Session, run: SyncRun, site_row: SiteRow, catalogue: Catalogue
) -> None:
    """Move the completions cursor, and the catalogue's when it was refreshed, to the run's
    start (cpdsync/app/cursors.py says why not further)."""
    value = cursor_value(run.started)
    if catalogue.refreshed:
        advance_cursor(session, site_row, CATALOGUE_CURSOR, value, now=run.clock())
    advance_cursor(session, site_row, COMPLETIONS_CURSOR, value, now=run.clock())


def finish_run(session: Session, run: SyncRun, site: SiteFacts) -> RunRecord:
    """Close the run record: ``partial`` when any record was unreadable or skipped, else
    ``ok``; return it."""
    for kind, counts in run.counts.writes():
        run.warnings += [RunWarning(f"{kind}_skipped", text) for text in counts.skipped_because]
    record = RunRecord(
        id=run.run_id,
        site_url=site.url,
        started=run.started,
        finished=run.clock(),
        outcome="partial" if run.warnings else "ok",
        strategy=run.strategy,
        counts=run.counts,
        calls=run.calls(),
        warnings=tuple(run.warnings),
    )
    if run.run_id is not None:
        run_log.finish_run(session, run.run_id, record)
    return record
