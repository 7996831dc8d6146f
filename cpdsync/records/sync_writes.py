"""The writes one sync run makes, each taking the run's Session; all idempotent.

The sync (cpdsync/app/sync.py) calls these inside one ``Database.transaction()`` so the rows, the
run record and the cursor commit together or not at all. Completions live in
``completions.py`` and CPD derivation in ``derive.py``; both are re-exported here so the sync
has one module to import.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from cpdsync.app.derive import derive_cpd_entries
from cpdsync.app.worker_values import normalise_swe_number, parse_profile_date
from cpdsync.connector.facts import CategoryFacts, MoodleCourse, MoodleWorker, SiteFacts
from cpdsync.errors import StorageError
from cpdsync.mappings import assign_role
from cpdsync.mappings.definitions import MappingSet
from cpdsync.records.completion_rows import (
    known_completion_pairs,
    mark_resets,
    mark_resets_by_course_counts,
    record_completions,
)
from cpdsync.records.schema import (
    RUN_OUTCOMES,
    CategoryRow,
    CourseRow,
    CursorRow,
    SiteRow,
    SyncRunRow,
    WorkerRow,
)
from cpdsync.records.write_counts import Counts

__all__ = [
    "advance_cursor",
    "derive_cpd_entries",
    "finish_run",
    "get_cursor",
    "get_or_create_site",
    "known_completion_pairs",
    "mark_resets",
    "mark_resets_by_course_counts",
    "record_completions",
    "start_run",
    "upsert_categories",
    "upsert_courses",
    "upsert_workers",
]

# The Moodle profile fields a worker's team is read from, first found wins. The simulator and
# many councils' Moodles keep it in a custom field "team"; core Moodle has "department".
TEAM_FIELDS = ("team", "department")


def _now() -> datetime:
    return datetime.now(UTC)


def site_key(url: str) -> str:
    """Return the form a site URL is stored in (no trailing slash), so one site is one row."""
    return url.strip().rstrip("/")


def _apply(row: object, values: Mapping[str, Any]) -> bool:
    """Set each differing attribute on ``row``; return whether anything changed."""
    changed = False
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    return changed


def get_or_create_site(session: Session, site: SiteFacts) -> SiteRow:
    """Return the row of ``site`` (by URL), created or refreshed from the facts."""
    now = _now()
    url = site_key(site.url)
    row = session.scalars(select(SiteRow).where(SiteRow.url == url)).one_or_none()
    values = {"sitename": site.sitename, "release": site.release, "version": str(site.version)}
    if row is None:
        row = SiteRow(url=url, first_seen=now, last_seen=now, **values)
        session.add(row)
    else:
        _apply(row, values)
        row.last_seen = now
    session.flush()
    return row


def upsert_categories(
    session: Session, site_row: SiteRow, categories: list[CategoryFacts]
) -> Counts:
    """Store or refresh ``categories``; return what changed."""
    held = {
        row.moodle_id: row
        for row in session.scalars(select(CategoryRow).where(CategoryRow.site_id == site_row.id))
    }
    counts = Counts()
    for fact in categories:
        values = {"name": fact.name, "parent": fact.parent, "path": fact.path}
        row = held.get(fact.id)
        if row is None:
            row = CategoryRow(site_id=site_row.id, moodle_id=fact.id, **values)
            session.add(row)
            held[fact.id] = row
            counts.new += 1
        elif _apply(row, values):
            counts.changed += 1
        else:
            counts.unchanged += 1
    session.flush()
    return counts


def upsert_courses(
    session: Session,
    site_row: SiteRow,
    courses: list[MoodleCourse],
    categories: list[CategoryFacts],
    *,
    now: datetime | None = None,
) -> Counts:
    """Store or refresh ``courses`` with their category path, seen at ``now`` (the run's
    start; default the clock); return what changed.

    A ``visible``/``enablecompletion`` Moodle withholds (None) keeps the value held.
    """
    now = now or _now()
    paths = {
        row.moodle_id: row.path
        for row in session.scalars(select(CategoryRow).where(CategoryRow.site_id == site_row.id))
    }
    paths.update({category.id: category.path for category in categories})
    held = {
        row.moodle_id: row
        for row in session.scalars(select(CourseRow).where(CourseRow.site_id == site_row.id))
    }
    counts = Counts()
    for course in courses:
        values: dict[str, Any] = {
            "shortname": course.shortname,
            "fullname": course.fullname,
            "idnumber": course.idnumber,
            "category_moodle_id": course.categoryid,
            "category_path": paths.get(course.categoryid, ""),
            "tags": list(course.tags),
            "customfields": dict(course.customfields),
        }
        row = held.get(course.id)
        if row is None:
            row = CourseRow(
                site_id=site_row.id,
                moodle_id=course.id,
                visible=course.visible,
                enablecompletion=course.enablecompletion,
                first_seen=now,
                last_seen=now,
                **values,
            )
            session.add(row)
            held[course.id] = row
            counts.new += 1
            continue
        if course.visible is not None:
            values["visible"] = course.visible
        if course.enablecompletion is not None:
            values["enablecompletion"] = course.enablecompletion
        row.last_seen = now
        if _apply(row, values):
            counts.changed += 1
        else:
            counts.unchanged += 1
    session.flush()
    return counts


def worker_values(
    worker: MoodleWorker,
    *,
    swe_number_field: str,
    swe_registered_field: str,
    mappings: MappingSet,
) -> dict[str, Any]:
    """Return the stored fields of one worker, normalised (SWE number, join date, role, team)."""
    profile = {key: str(value) for key, value in worker.profile.items()}
    raw_number = profile.get(swe_number_field)
    role = assign_role(mappings, profile)
    team = next((profile[f].strip() for f in TEAM_FIELDS if profile.get(f, "").strip()), None)
    return {
        "username": worker.username,
        "email": worker.email,
        "idnumber": worker.idnumber,
        "firstname": worker.firstname,
        "lastname": worker.lastname,
        "fullname": worker.fullname or f"{worker.firstname} {worker.lastname}".strip(),
        "swe_number_raw": raw_number if raw_number and raw_number.strip() else None,
        "swe_number": normalise_swe_number(raw_number),
        "registered_on": parse_profile_date(profile.get(swe_registered_field)),
        "role": role.id if role else None,
        "team": team,
        "profile": profile,
        "suspended": worker.suspended,
    }


def upsert_workers(
    session: Session,
    site_row: SiteRow,
    workers: list[MoodleWorker],
    *,
    swe_number_field: str,
    swe_registered_field: str,
    mappings: MappingSet,
    complete: bool = False,
    now: datetime | None = None,
    seen: bool = True,
) -> Counts:
    """Store or refresh ``workers`` (role by ``assign_role`` on the profile fields), seen in
    Moodle at ``now`` (the run's start; default the clock); return what changed.

    When ``complete`` the list is every worker of the site: held workers missing from it are
    marked left, and a worker who comes back is unmarked. Without it nobody is marked left,
    because a partial list says nothing about who is missing. With ``seen`` off the list is
    the held workers themselves (re-derived under the current mappings), so ``last_seen``
    stays the time Moodle last listed them.
    """
    now = now or _now()
    held = {
        row.moodle_id: row
        for row in session.scalars(select(WorkerRow).where(WorkerRow.site_id == site_row.id))
    }
    counts = Counts()
    listed: set[int] = set()
    for worker in workers:
        listed.add(worker.id)
        values = worker_values(
            worker,
            swe_number_field=swe_number_field,
            swe_registered_field=swe_registered_field,
            mappings=mappings,
        )
        if complete:
            values["left"] = False
        row = held.get(worker.id)
        if row is None:
            row = WorkerRow(
                site_id=site_row.id,
                moodle_id=worker.id,
                left=False,
                first_seen=now,
                last_seen=now,
                **values,
            )
            session.add(row)
            held[worker.id] = row
            counts.new += 1
            continue
        if seen:
            row.last_seen = now
        if _apply(row, values):
            counts.changed += 1
        else:
            counts.unchanged += 1
    if complete:
        for moodle_id, row in held.items():
            if moodle_id not in listed and not row.left:
                row.left = True
                counts.changed += 1
    session.flush()
    return counts


def start_run(session: Session, site: SiteRow | str, *, strategy: str, now: datetime) -> int:
    """Record a run as ``running`` for a site row (or its URL when Moodle was not reached yet);
    return its id.

    Runs of the same site still marked ``running`` are closed as failed (interrupted): the
    caller holds the site's run lock, so no other run of it can be alive.
    """
    site_id = site.id if isinstance(site, SiteRow) else None
    url = site.url if isinstance(site, SiteRow) else site_key(site)
    session.execute(
        update(SyncRunRow)
        .where(SyncRunRow.site_url == url, SyncRunRow.outcome == "running")
        .values(
            outcome="failed",
            finished=now,
            error="interrupted: the process stopped before the run finished",
        )
    )
    row = SyncRunRow(
        site_id=site_id,
        site_url=url,
        started=now,
        outcome="running",
        strategy=strategy,
        counts={},
        calls={},
        warnings=[],
    )
    session.add(row)
    session.flush()
    return row.id


def finish_run(
    session: Session,
    run_id: int,
    *,
    outcome: str,
    counts: Mapping[str, Any],
    calls: Mapping[str, int],
    warnings: list[Any],
    error: str | None,
    now: datetime,
    site: SiteRow | None = None,
) -> None:
    """Close run ``run_id`` with its outcome (ok | partial | failed) and what it did; ``site``
    attaches the site row when the run was started with a URL only.

    Raise StorageError when the run does not exist or the outcome is not one of those.
    """
    if outcome not in RUN_OUTCOMES or outcome == "running":
        raise StorageError(f"run outcome {outcome!r} is not one of ok, partial, failed")
    row = session.get(SyncRunRow, run_id)
    if row is None:
        raise StorageError(f"sync run {run_id} is not in the database; it cannot be finished")
    row.outcome = outcome
    row.counts = dict(counts)
    row.calls = dict(calls)
    row.warnings = list(warnings)
    row.error = error
    row.finished = now
    if site is not None:
        row.site_id = site.id
    session.flush()


def get_cursor(session: Session, site_row: SiteRow, name: str) -> str | None:
    """Return the value of cursor ``name`` on the site, or None when never set."""
    return session.scalars(
        select(CursorRow.value).where(CursorRow.site_id == site_row.id, CursorRow.name == name)
    ).one_or_none()


def advance_cursor(
    session: Session,
    site_row: SiteRow,
    name: str,
    value: str,
    *,
    compare: Callable[[str], Any] = int,
) -> bool:
    """Move cursor ``name`` to ``value`` when it is ahead (by ``compare``); return whether it
    moved. A value behind or equal to the held one is ignored: a cursor never moves backwards."""
    row = session.scalars(
        select(CursorRow).where(CursorRow.site_id == site_row.id, CursorRow.name == name)
    ).one_or_none()
    if row is None:
        session.add(CursorRow(site_id=site_row.id, name=name, value=value, updated=_now()))
        session.flush()
        return True
    if compare(value) <= compare(row.value):
        return False
    row.value = value
    row.updated = _now()
    session.flush()
    return True
