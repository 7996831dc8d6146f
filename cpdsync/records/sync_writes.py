"""The writes one sync run makes, each taking the run's Session; all idempotent.

The sync (cpdsync/daemon) calls these inside one ``Database.transaction()`` so the rows, the
run record and the cursor commit together or not at all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from sqlalchemy.orm import Session

from cpdsync.connector.types import (
    CategoryFacts,
    CompletionObservation,
    MoodleCourse,
    MoodleWorker,
    SiteFacts,
)
from cpdsync.mappings.model import MappingSet
from cpdsync.records.counts import Counts, DeriveCounts
from cpdsync.records.models import SiteRow


def get_or_create_site(session: Session, site: SiteFacts) -> SiteRow:
    """Return the row of ``site`` (by URL), created or refreshed from the facts."""
    raise NotImplementedError


def upsert_categories(
    session: Session, site_row: SiteRow, categories: list[CategoryFacts]
) -> Counts:
    """Store or refresh ``categories``; return what changed."""
    raise NotImplementedError


def upsert_courses(
    session: Session,
    site_row: SiteRow,
    courses: list[MoodleCourse],
    categories: list[CategoryFacts],
) -> Counts:
    """Store or refresh ``courses`` with their category path; return what changed."""
    raise NotImplementedError


def upsert_workers(
    session: Session,
    site_row: SiteRow,
    workers: list[MoodleWorker],
    *,
    swe_number_field: str,
    swe_registered_field: str,
    mappings: MappingSet,
    complete: bool = False,
) -> Counts:
    """Store or refresh ``workers``; when ``complete`` the list is every worker of the site and
    held workers missing from it are marked left (and unmarked when they come back)."""
    raise NotImplementedError


def known_completion_pairs(session: Session, site_row: SiteRow) -> set[tuple[int, int]]:
    """Return the (Moodle user id, Moodle course id) pairs with an un-reset completion held."""
    raise NotImplementedError


def record_completions(
    session: Session,
    site_row: SiteRow,
    observations: Iterable[CompletionObservation],
    *,
    now: datetime,
) -> Counts:
    """Append new completions, touch last_seen on held ones; unknown worker/course → warning."""
    raise NotImplementedError


def mark_resets(
    session: Session, site_row: SiteRow, pairs: set[tuple[int, int]], *, now: datetime
) -> int:
    """Mark held un-reset completions of (Moodle user id, course id) ``pairs`` as reset once;
    return how many were marked."""
    raise NotImplementedError


def mark_resets_by_course_counts(
    session: Session, site_row: SiteRow, counts: dict[int, int], *, now: datetime
) -> set[int]:
    """Return the Moodle course ids where Moodle now reports fewer completions than are held
    un-reset (the caller re-reads them and passes the pairs to ``mark_resets``)."""
    raise NotImplementedError


def derive_cpd_entries(
    session: Session, site_row: SiteRow, mappings: MappingSet, *, actor: str
) -> DeriveCounts:
    """Create or refresh the CPD entry of every mapped completion; audit each change."""
    raise NotImplementedError


def start_run(session: Session, site: SiteRow | str, *, strategy: str, now: datetime) -> int:
    """Record a run as ``running`` for a site row (or its URL when Moodle was not reached yet);
    return its id."""
    raise NotImplementedError


def finish_run(
    session: Session,
    run_id: int,
    *,
    outcome: str,
    counts: dict[str, object],
    calls: dict[str, int],
    warnings: list[object],
    error: str | None,
    now: datetime,
) -> None:
    """Close run ``run_id`` with its outcome (ok | partial | failed) and what it did."""
    raise NotImplementedError


def get_cursor(session: Session, site_row: SiteRow, name: str) -> str | None:
    """Return the value of cursor ``name`` on the site, or None when never set."""
    raise NotImplementedError


def advance_cursor(
    session: Session,
    site_row: SiteRow,
    name: str,
    value: str,
    *,
    compare: Callable[[str], object] = int,
) -> bool:
    """Move cursor ``name`` to ``value`` when it is ahead (by ``compare``); return whether it
    moved. A value behind the held one is ignored: a cursor never moves backwards."""
    raise NotImplementedError
