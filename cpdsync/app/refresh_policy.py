"""The catalogue refresh policy: when a sync reads categories, courses and workers from Moodle,
and when it uses the ones it holds.

Reading the catalogue is most of what a sync costs once completions are cheap to ask for (one
call per course and page of 200 enrolments, plus the user look-ups), yet it rarely changes
between hourly runs. So a run reads it from Moodle only:

- on ``cpdsync sync --full``, or when no refresh has been recorded (first run, or an empty
  catalogue held);
- when the roster ([workers], docs/roster.md) is not the one the last refresh followed: a
  cohort or profile field added or removed, or the HR roster file changed;
- when the last refresh is older than ``sync.catalogue_refresh`` (default 1d);
- when the completions read names a worker or course the held catalogue lacks and that could
  be new since the last refresh: for the plugin, a completion dated at or after that refresh
  (an enrolment comes before its completion, so an older one names someone the refresh already
  saw and chose not to follow — re-reading for it would repeat on every run of the lookback
  window); for the plugin-free strategies, any completed course not held (the report strategy
  names people and courses only by username and shortname, so it waits for the next
  refresh). The catalogue is then read and the completions asked for again, within the same
  run, before anything is recorded. With a roster, a completion of someone not followed is of
  someone not on the roster (as of the last refresh), so only an unknown course counts.

Otherwise the run takes the workers and courses the last refresh saw from the database. The
time of the last refresh is the ``catalogue`` cursor: the start of the refreshing run, moved
forward only, in the run's transaction. What a held catalogue cannot know until the next
refresh: a new worker whose completions the plugin-free strategies would find (they only ask
about workers held), profile or course changes, and an account suspended in Moodle.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from cpdsync.app.moodle_values import followed_course, followed_worker
from cpdsync.app.roster import RosterRead, RosterSpec, read_roster
from cpdsync.connector.client import MoodleClient
from cpdsync.connector.facts import (
    CategoryFacts,
    CompletionBatch,
    FetchWarning,
    MoodleCourse,
    MoodleWorker,
    SiteFacts,
)
from cpdsync.connector.needs import BATCH_FUNCTION
from cpdsync.connector.site_reads import get_categories, get_courses, get_workers
from cpdsync.connector.strategies import BATCHING_STRATEGIES, SWEEPING_STRATEGIES
from cpdsync.records.catalogue_rows import held_courses, held_workers
from cpdsync.records.schema import SiteRow

CATALOGUE_CURSOR = "catalogue"

# Why a run read the catalogue from Moodle (the run record's counts say which).
FULL = "full"  # cpdsync sync --full
FIRST = "first"  # no refresh recorded, or nothing held
DUE = "due"  # the last refresh is older than sync.catalogue_refresh
UNKNOWN = "unknown"  # a completion named a worker or course not held
ROSTER = "roster"  # the roster definition ([workers]) changed since the last refresh


@dataclass
class Catalogue:
    """The workers and courses a run follows, and whether they came from Moodle."""

    workers: list[MoodleWorker]
    courses: list[MoodleCourse]
    categories: list[CategoryFacts] = field(default_factory=list)
    warnings: list[FetchWarning] = field(default_factory=list)
    refreshed_because: str | None = None  # None: held, read from the database
    roster: RosterRead | None = None  # the roster read with it; None: held, or no roster

    @property
    def refreshed(self) -> bool:
        return self.refreshed_because is not None


def refresh_reason(
    cursor: str | None,
    refresh: timedelta,
    now: datetime,
    *,
    full: bool,
    roster_changed: bool = False,
) -> str | None:
    """Return why the catalogue must be read from Moodle at ``now`` (FULL, FIRST, ROSTER or
    DUE), or None when the held one may be used."""
    if full:
        return FULL
    if cursor is None:
        return FIRST
    if roster_changed:
        return ROSTER
    if now - datetime.fromtimestamp(int(cursor), UTC) >= refresh:
        return DUE
    return None


def read_catalogue(
    client: MoodleClient, site: SiteFacts, strategy: str, because: str, roster: RosterSpec
) -> Catalogue:
    """Return the catalogue read from Moodle: batched when the strategy may batch and the token
    may call tool_mobile_call_external_functions; course idnumbers Moodle withholds are left to
    the strategy's own course-list sweep when it has one. The workers are the ``roster``'s
    when one is configured, else the users enrolled in the courses. Raise Moodle* errors as
    the reads do, and the roster's errors (app/roster.py)."""
    batched = strategy in BATCHING_STRATEGIES and BATCH_FUNCTION in site.functions
    categories = get_categories(client)
    courses = get_courses(
        client, resolve_idnumbers=strategy not in SWEEPING_STRATEGIES, batched=batched
    )
    if roster.configured:
        read = read_roster(client, site, roster, batched=batched)
        return Catalogue(read.workers, courses, categories, read.warnings, because, read)
    workers, warnings = get_workers(client, courses, batched=batched)
    return Catalogue(workers, courses, categories, warnings, refreshed_because=because)


def held_catalogue(session: Session, site_row: SiteRow, cursor: str) -> Catalogue:
    """Return the workers and courses the refresh recorded in ``cursor`` saw."""
    since = datetime.fromtimestamp(int(cursor), UTC)
    return Catalogue(
        workers=[followed_worker(w) for w in held_workers(session, site_row, seen_since=since)],
        courses=[followed_course(c) for c in held_courses(session, site_row, seen_since=since)],
    )


def names_newcomers(
    batch: CompletionBatch, cursor: str | None, *, followed_courses: set[int] | None = None
) -> bool:
    """Return whether ``batch`` reported a completion of a worker or course not followed that
    may be new since the refresh recorded in ``cursor`` (see the module docstring); with
    ``followed_courses`` (a roster is configured), only one of a course not followed."""
    refreshed_at = int(cursor) if cursor is not None else 0
    return any(
        (time is None or time >= refreshed_at)
        and (followed_courses is None or courseid not in followed_courses)
        for (_userid, courseid), time in batch.unknown.items()
    )


def with_idnumbers(courses: list[MoodleCourse], found: dict[int, str]) -> list[MoodleCourse]:
    """Return ``courses`` with each unknown idnumber filled from ``found`` (the idnumbers the
    course-list sweep saw, which Moodle gives even where the course list withholds them); one
    no reply carried stays unknown (None)."""
    return [
        replace(course, idnumber=found[course.id])
        if course.idnumber is None and course.id in found
        else course
        for course in courses
    ]
