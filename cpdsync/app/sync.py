"""One sync run end to end: Moodle → records, in one transaction with its run record and cursor.

Order of a run, and why:
1. Mappings are loaded and checked first: a broken mapping file stops the run before Moodle or
   the database is touched.
2. The run lock is taken (one run per site), then the database is opened (and migrated).
3. The site is read from Moodle, then the catalogue (categories, courses, workers): from Moodle
   when a refresh is due, else the one held in the database (daemon/catalogue.py) — all before
   any write, so no database transaction waits on them.
4. In one transaction: completions read from the cursor less the lookback window (should they
   name a worker or course not held, the catalogue is read from Moodle and the completions
   asked for again); site, and a refreshed catalogue, upserted; completions appended; resets
   marked; CPD entries derived; the completions cursor advanced to the run's start, and the
   catalogue cursor too when it was refreshed; the run record closed. All of it commits, or
   none.
5. A fatal error rolls that transaction back and records the failed run in a short transaction
   of its own, then re-raises so the exit code comes from the error's class.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

import requests
from sqlalchemy.orm import Session

from cpdsync.app.cursors import COMPLETIONS_CURSOR, cursor_value, read_since
from cpdsync.app.refresh_policy import (
    CATALOGUE_CURSOR,
    FIRST,
    UNKNOWN,
    Catalogue,
    held_catalogue,
    names_newcomers,
    read_catalogue,
    refresh_reason,
    with_idnumbers,
)
from cpdsync.app.run_lock import run_lock
from cpdsync.config import Settings, parse_interval
from cpdsync.connector.client import MoodleClient
from cpdsync.connector.facts import CompletionBatch, FetchWarning, MoodleCourse, SiteFacts
from cpdsync.connector.retry import RetryPolicy
from cpdsync.connector.site_reads import get_site
from cpdsync.connector.strategies import choose_strategy, fetch_completions
from cpdsync.errors import CpdsyncError
from cpdsync.mappings import MappingSet, load_mappings
from cpdsync.records import sync_writes as writes
from cpdsync.records.db import Database, open_database
from cpdsync.records.held_catalogue import cursor_of, find_site
from cpdsync.records.write_counts import Counts
from cpdsync.timeutil import iso_from_unix, iso_utc, utc_now

log = logging.getLogger("cpdsync.sync")

# Who changed a CPD entry, in the audit log, when the sync derived it.
SYNC_ACTOR = "cpdsync sync"

Clock = Callable[[], datetime]


@dataclass
class RunReport:
    """What one run did (or, for a dry run, would have done)."""

    site_url: str
    started: datetime
    finished: datetime
    outcome: str  # ok | partial (committed, some records unreadable) | failed
    strategy: str
    counts: dict[str, Any] = field(default_factory=dict)
    calls: dict[str, int] = field(default_factory=dict)
    warnings: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None
    run_id: int | None = None  # None for a dry run: nothing was recorded
    dry_run: bool = False
    full: bool = False
    since: int | None = None  # Unix time completions were read from; None for a full read

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["started"] = iso_utc(self.started)
        data["finished"] = iso_utc(self.finished)
        data["duration_s"] = round((self.finished - self.started).total_seconds(), 3)
        data["since"] = iso_from_unix(self.since) if self.since is not None else None
        return data


def _warning(item: FetchWarning) -> dict[str, Any]:
    return {
        "code": item.code,
        "message": item.message,
        "wsfunction": item.wsfunction,
        "userid": item.userid,
        "courseid": item.courseid,
    }


def _tag_rule_warnings(mappings: MappingSet, courses: list[MoodleCourse]) -> list[dict[str, Any]]:
    """Warn of rules matching on course tags when Moodle reported none: such a rule can never
    match, and an L&D officer would otherwise not know why its courses count for nothing."""
    if any(course.tags for course in courses):
        return []
    return [
        {
            "code": "tags_unavailable",
            "message": f"the rule at {rule.location} matches on tag {rule.match.pattern!r}, but "
            "Moodle reported no course tags, so it matches nothing; match on category, "
            "idnumber or a course custom field instead",
            "wsfunction": None,
            "userid": None,
            "courseid": None,
        }
        for rule in mappings.rules
        if rule.match.attribute == "tag"
    ]


def _write_warnings(kind: str, counts: Counts) -> list[dict[str, Any]]:
    code = f"{kind}_skipped"
    return [
        {"code": code, "message": text, "wsfunction": None, "userid": None, "courseid": None}
        for text in counts.warnings
    ]


def run_sync(
    settings: Settings,
    *,
    full: bool = False,
    dry_run: bool = False,
    mappings: MappingSet | None = None,
    http_session: requests.Session | None = None,
    clock: Clock = utc_now,
    retry: RetryPolicy | None = None,
) -> RunReport:
    """Run one sync of the configured site and return its report; raise InputFileError before
    anything is touched when the mappings are invalid, LockHeldError when another run of the
    site holds the lock, and the run's CpdsyncError (after recording the failed run) when a
    fatal error stops it — nothing the run wrote is kept then, and the cursor stays put."""
    config = settings.config
    url, token = settings.require_moodle()
    if mappings is None:
        mappings = load_mappings(config.mappings.paths)
    with run_lock(config.database.url, url):
        database = open_database(config.database.url)
        try:
            client = MoodleClient(
                url,
                token,
                session=http_session,
                timeout_s=config.moodle.timeout_s,
                max_in_flight=config.moodle.max_in_flight,
                retry=retry,  # None: the connector's default limits
            )
            return _locked_run(database, client, settings, mappings, full, dry_run, clock)
        finally:
            database.close()


@dataclass
class _Progress:
    """What the run knows so far, so a failure can still be recorded truthfully."""

    started: datetime
    site: SiteFacts | None = None
    strategy: str = ""
    counts: dict[str, Any] = field(default_factory=dict)
    warnings: list[dict[str, Any]] = field(default_factory=list)
    since: int | None = None


def _locked_run(
    database: Database,
    client: MoodleClient,
    settings: Settings,
    mappings: MappingSet,
    full: bool,
    dry_run: bool,
    clock: Clock,
) -> RunReport:
    progress = _Progress(started=clock())
    try:
        with database.transaction() as session:
            report = _sync(session, client, settings, mappings, progress, full, dry_run, clock)
            if dry_run:
                # Everything above ran against the database; none of it is kept.
                session.rollback()
        return report
    except Exception as exc:
        if not dry_run:
            _record_failure(database, client, progress, exc, clock)
        raise


def _sync(
    session: Session,
    client: MoodleClient,
    settings: Settings,
    mappings: MappingSet,
    progress: _Progress,
    full: bool,
    dry_run: bool,
    clock: Clock,
) -> RunReport:
    config = settings.config
    site = progress.site = get_site(client)
    progress.strategy = choose_strategy(config.sync.strategy, site, report_id=config.sync.report_id)
    strategy = progress.strategy

    # The catalogue: held in the database, or read from Moodle (daemon/catalogue.py says when).
    held_site = find_site(session, site.url)
    catalogue_cursor = cursor_of(session, held_site, CATALOGUE_CURSOR)
    because = refresh_reason(
        catalogue_cursor,
        parse_interval(config.sync.catalogue_refresh),
        progress.started,
        full=full,
    )
    catalogue: Catalogue | None = None
    if because is None and held_site is not None and catalogue_cursor is not None:
        catalogue = held_catalogue(session, held_site, catalogue_cursor)
        if not catalogue.workers or not catalogue.courses:
            catalogue, because = None, FIRST
    if catalogue is None:
        catalogue = read_catalogue(client, site, strategy, because or FIRST)

    # From here on the database is written; Moodle is read for completions (and, should they
    # name someone not held, the catalogue once more).
    site_row = writes.get_or_create_site(session, site)
    run_id = writes.start_run(session, site_row, strategy=strategy, now=progress.started)
    known = writes.known_completion_pairs(session, site_row)
    cursor = writes.get_cursor(session, site_row, COMPLETIONS_CURSOR)
    progress.since = read_since(cursor, parse_interval(config.sync.lookback), full=full)

    def fetch(followed: Catalogue) -> CompletionBatch:
        return fetch_completions(
            client,
            strategy,
            site=site,
            workers=followed.workers,
            courses=followed.courses,
            known=known,
            since=progress.since,
            now=lambda: int(clock().timestamp()),
            report_id=config.sync.report_id,
        )

    batch = fetch(catalogue)
    if not catalogue.refreshed and names_newcomers(batch, catalogue_cursor):
        catalogue = read_catalogue(client, site, strategy, UNKNOWN)
        batch = fetch(catalogue)
    progress.warnings += [_warning(w) for w in catalogue.warnings]
    progress.warnings += _tag_rule_warnings(mappings, catalogue.courses)
    progress.warnings += [_warning(w) for w in batch.warnings]

    counts = progress.counts
    counts["catalogue"] = "refreshed" if catalogue.refreshed else "held"
    if catalogue.refreshed:
        counts["catalogue_refreshed_because"] = catalogue.refreshed_because
        courses = with_idnumbers(catalogue.courses, batch.course_idnumbers)
        counts["categories"] = writes.upsert_categories(session, site_row, catalogue.categories)
        counts["courses"] = writes.upsert_courses(
            session, site_row, courses, catalogue.categories, now=progress.started
        )
    counts["workers"] = writes.upsert_workers(
        session,
        site_row,
        catalogue.workers,
        swe_number_field=config.moodle.swe_number_field,
        swe_registered_field=config.moodle.swe_registered_field,
        mappings=mappings,
        # The connector reads workers through course enrolments, so a worker whose enrolments
        # all ended is missing from the list without having left the council: never infer it.
        complete=False,
        now=progress.started,
        # Held workers are re-derived under the current mappings (a role rule may have
        # changed) without being taken as seen in Moodle again.
        seen=catalogue.refreshed,
    )
    if catalogue.refreshed:
        writes.advance_cursor(session, site_row, CATALOGUE_CURSOR, cursor_value(progress.started))
    counts["completions"] = writes.record_completions(
        session, site_row, batch.observations, now=progress.started
    )
    counts["resets"] = writes.mark_resets(
        session, site_row, set(batch.reported_incomplete), now=progress.started
    )
    counts["cpd_entries"] = writes.derive_cpd_entries(session, site_row, mappings, actor=SYNC_ACTOR)
    writes.advance_cursor(session, site_row, COMPLETIONS_CURSOR, cursor_value(progress.started))

    for kind, value in counts.items():
        if isinstance(value, Counts):
            progress.warnings += _write_warnings(kind, value)
    plain = {k: (v.as_dict() if isinstance(v, Counts) else v) for k, v in counts.items()}
    for value in plain.values():
        if isinstance(value, dict):
            value.pop("warnings", None)  # listed once, in the run's warnings
    outcome = "partial" if progress.warnings else "ok"
    finished = clock()
    calls = dict(sorted(client.calls.items()))
    writes.finish_run(
        session,
        run_id,
        outcome=outcome,
        counts=dict(plain),
        calls=calls,
        warnings=list(progress.warnings),
        error=None,
        now=finished,
    )
    return RunReport(
        site_url=site.url,
        started=progress.started,
        finished=finished,
        outcome=outcome,
        strategy=progress.strategy,
        counts=plain,
        calls=calls,
        warnings=progress.warnings,
        run_id=None if dry_run else run_id,
        dry_run=dry_run,
        full=full,
        since=progress.since,
    )


def _record_failure(
    database: Database,
    client: MoodleClient,
    progress: _Progress,
    exc: Exception,
    clock: Clock,
) -> None:
    """Record the failed run in its own short transaction, if the database is reachable."""
    message = exc.message if isinstance(exc, CpdsyncError) else f"{type(exc).__name__}: {exc}"
    site: str = progress.site.url if progress.site else client.url
    try:
        with database.transaction() as session:
            run_id = writes.start_run(
                session, site, strategy=progress.strategy, now=progress.started
            )
            writes.finish_run(
                session,
                run_id,
                outcome="failed",
                counts={},
                calls=dict(sorted(client.calls.items())),
                warnings=list(progress.warnings),
                error=message,
                now=clock(),
            )
    except CpdsyncError as record_exc:
        log.error("the failed run could not be recorded: %s", record_exc.message)
