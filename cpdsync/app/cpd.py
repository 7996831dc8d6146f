"""`cpdsync cpd …`: a worker's CPD entries, their reflections, CPD added by hand.

Values are checked here (CPD types, hours, capability ids against the frameworks) before
records stores them."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy.orm import Session

from cpdsync.app.council_frameworks import frameworks_in_use
from cpdsync.app.reflections_csv import ImportResult, import_reflections
from cpdsync.app.rules import packaged_rules
from cpdsync.app.site_scope import resolve_site
from cpdsync.app.worker_values import find_worker
from cpdsync.config import Settings
from cpdsync.errors import UsageError
from cpdsync.mappings import Framework, resolve_capability
from cpdsync.mappings.definitions import CPD_TYPES
from cpdsync.mappings.frameworks import suggest
from cpdsync.readiness.calendar import RegistrationYear, year_by_label
from cpdsync.records import cpd as cpd_rows
from cpdsync.records import declarations
from cpdsync.records.audit import os_user
from cpdsync.records.cpd import EntryView, ManualEntry, ReflectionText
from cpdsync.records.db import open_database
from cpdsync.records.declarations import EntryDeclaration
from cpdsync.records.schema import CpdEntryRow, WorkerRow
from cpdsync.timeutil import utc_now


@dataclass(frozen=True)
class WorkerCpd:
    """A worker and their CPD entries, oldest first."""

    email: str
    name: str
    swe_number: str | None
    year: str | None  # the registration year's label, or None for every year
    entries: list[EntryView]


def worker_cpd(
    settings: Settings, worker: str, year_label: str | None = None, *, site: str | None = None
) -> WorkerCpd:
    """Return the CPD entries of ``worker`` of one site (``site``, default as every report:
    app/site_scope.py; of the registration year ``year_label`` when given); raise
    NotFoundError for an unknown worker, ConfigError for an unknown year."""
    year = year_by_label(year_label, rules=packaged_rules().calendar) if year_label else None
    database = open_database(settings.config.database.url)
    try:
        with database.transaction() as session:
            scope = resolve_site(session, settings, site)
            row, entries = list_entries(session, worker, year, site_id=scope.site_id)
            return WorkerCpd(
                row.email, row.fullname, row.swe_number, year.label if year else None, entries
            )
    finally:
        database.close()


@dataclass(frozen=True)
class ReflectOutcome:
    """What `cpdsync cpd reflect` changed on one entry."""

    entry_id: int
    worker: str  # the email of the worker whose entry it is
    reflection: str | None  # created, updated or unchanged; None when no text was given
    draft: bool
    declaration: str | None  # declared, updated, withdrawn or unchanged; None when not given
    recorded_on_swe: bool
    peer_recorded_on_swe: bool


def reflect_on_entry(
    settings: Settings,
    entry_id: int,
    *,
    worker: str | None,
    text: ReflectionText | None,
    declaration: EntryDeclaration | None = None,
    actor: str | None = None,
) -> ReflectOutcome:
    """Write the reflection ``text`` on CPD entry ``entry_id`` (a draft does not count yet)
    and/or the worker's ``declaration`` that it is recorded on their SWE account, audited as
    ``actor`` (the OS user when None). ``worker``, when given, must own the entry.

    Raise NotFoundError for an unknown worker or entry, UsageError when the entry is another
    worker's, the text is incomplete, or neither text nor declaration is given."""
    database = open_database(settings.config.database.url)
    try:
        with database.transaction() as session:
            return reflect_and_declare(
                session,
                entry_id=entry_id,
                worker_text=worker,
                text=text,
                declaration=declaration or EntryDeclaration(),
                actor=actor or os_user(),
                now=utc_now(),
            )
    finally:
        database.close()


def add_cpd(
    settings: Settings,
    worker: str,
    *,
    title: str,
    activity_date: date,
    cpd_type: str,
    hours: float | None,
    capabilities: Sequence[str],
    actor: str | None = None,
) -> int:
    """Add a piece of CPD done outside Moodle to ``worker`` and audit it; return its entry id.
    Raise NotFoundError for an unknown worker or capability, UsageError for a bad value."""
    database = open_database(settings.config.database.url)
    try:
        with database.transaction() as session:
            entry = add_manual_entry(
                session,
                worker_text=worker,
                title=title,
                activity_date=activity_date,
                cpd_type=cpd_type.replace("-", "_"),
                hours=hours,
                capabilities=list(capabilities),
                actor=actor or os_user(),
                now=utc_now(),
                frameworks=frameworks_in_use(settings.config.mappings),
            )
            return entry.id
    finally:
        database.close()


def import_reflection_file(
    settings: Settings, path: Path, *, actor: str | None = None
) -> ImportResult:
    """Import every reflection of the CSV file ``path``, or none when any row is bad (raise
    InputFileError naming each bad row)."""
    database = open_database(settings.config.database.url)
    try:
        with database.transaction() as session:
            return import_reflections(session, path, actor=actor or os_user(), now=utc_now())
    finally:
        database.close()


def check_cpd_type(cpd_type: str) -> str:
    """Return ``cpd_type`` when it is a known CPD type; raise UsageError with the closest."""
    if cpd_type in CPD_TYPES:
        return cpd_type
    hint = suggest(cpd_type.replace("-", "_"), list(CPD_TYPES))
    raise UsageError(f"unknown CPD type {cpd_type!r}{hint} (known: {', '.join(CPD_TYPES)})")


def check_hours(hours: float | None) -> float | None:
    """Return ``hours`` when absent or a positive number; raise UsageError otherwise."""
    if hours is not None and (not math.isfinite(hours) or hours <= 0 or hours > 1000):
        raise UsageError(f"hours {hours} is not a number of hours between 0 and 1000")
    return hours


def list_entries(
    session: Session,
    worker_text: str,
    year: RegistrationYear | None = None,
    *,
    site_id: int | None = None,
) -> tuple[WorkerRow, list[EntryView]]:
    """Return the worker ``worker_text`` names (of site ``site_id`` when given) and their CPD
    entries (of ``year`` when given), oldest first; raise NotFoundError for an unknown
    worker."""
    worker = find_worker(session, worker_text, site_id=site_id)
    if year is None:
        return worker, cpd_rows.entries_of(session, worker)
    return worker, cpd_rows.entries_of(session, worker, start=year.start, end=year.end)


def add_manual_entry(
    session: Session,
    *,
    worker_text: str,
    title: str,
    activity_date: date,
    cpd_type: str,
    hours: float | None,
    capabilities: list[str],
    actor: str,
    now: datetime,
    frameworks: dict[str, Framework] | None = None,
) -> CpdEntryRow:
    """Add a piece of CPD done outside Moodle to a worker and audit it; raise NotFoundError for
    an unknown worker or capability id of ``frameworks`` (default: the packaged ones; with the
    closest id), UsageError for a bad value."""
    worker = find_worker(session, worker_text)
    if not title.strip():
        raise UsageError("--title is empty; say what the CPD was, e.g. 'Supervision: risk'")
    for capability in capabilities:
        resolve_capability(capability, frameworks)
    values = ManualEntry(
        title=title.strip(),
        activity_date=activity_date,
        cpd_type=check_cpd_type(cpd_type),
        hours=check_hours(hours),
        capabilities=tuple(capabilities),
    )
    return cpd_rows.add_manual_entry(session, worker, values, actor=actor, now=now)


def reflect(
    session: Session,
    *,
    entry_id: int,
    worker_text: str,
    text: ReflectionText,
    actor: str,
    now: datetime,
) -> str:
    """Write ``worker_text``'s reflection on CPD entry ``entry_id``; return created, updated or
    unchanged. Raise NotFoundError for an unknown worker or entry, UsageError when the entry is
    another worker's or the text is incomplete."""
    worker = find_worker(session, worker_text)
    entry = cpd_rows.get_entry(session, entry_id)
    cpd_rows.check_owner(entry, worker)
    return cpd_rows.save_reflection(session, entry, text, actor=actor, now=now)


def reflect_and_declare(
    session: Session,
    *,
    entry_id: int,
    worker_text: str | None,
    text: ReflectionText | None,
    declaration: EntryDeclaration,
    actor: str,
    now: datetime,
) -> ReflectOutcome:
    """Write the reflection and/or declaration on CPD entry ``entry_id`` (see
    reflect_on_entry); nothing is written when anything is refused."""
    entry = cpd_rows.get_entry(session, entry_id)
    if worker_text is not None:
        cpd_rows.check_owner(entry, find_worker(session, worker_text))
    if text is None and not declaration.given():
        raise UsageError(
            f"nothing to write on CPD entry {entry_id}: give what you learnt and the impact on "
            f"your practice (`cpdsync cpd reflect {entry_id} --learnt TEXT --impact TEXT`), "
            f"or say it is recorded on your SWE account (`cpdsync cpd reflect {entry_id} "
            "--recorded-on-swe`)"
        )
    action = None
    if text is not None:
        action = cpd_rows.save_reflection(session, entry, text, actor=actor, now=now)
    declared = None
    if declaration.given():
        declared = declarations.declare_entry(session, entry, declaration, actor=actor, now=now)
    state = entry.declaration
    return ReflectOutcome(
        entry_id=entry.id,
        worker=entry.worker.email,
        reflection=action,
        draft=text is not None and text.draft,
        declaration=declared,
        recorded_on_swe=state is not None and state.recorded_on_swe,
        peer_recorded_on_swe=state is not None and state.peer_recorded_on_swe,
    )
