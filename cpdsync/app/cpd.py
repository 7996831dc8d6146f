"""`cpdsync cpd …`: a worker's CPD entries, their reflections, CPD added by hand."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from cpdsync.app.reflections_csv import ImportResult, import_reflections
from cpdsync.config import Settings
from cpdsync.readiness.calendar import year_by_label
from cpdsync.records.audit import os_user
from cpdsync.records.cpd import EntryView, ReflectionText, add_manual_entry, list_entries, reflect
from cpdsync.records.db import open_database
from cpdsync.timeutil import utc_now


@dataclass(frozen=True)
class WorkerCpd:
    """A worker and their CPD entries, oldest first."""

    email: str
    name: str
    swe_number: str | None
    year: str | None  # the registration year's label, or None for every year
    entries: list[EntryView]


def worker_cpd(settings: Settings, worker: str, year_label: str | None = None) -> WorkerCpd:
    """Return the CPD entries of ``worker`` (of the registration year ``year_label`` when
    given); raise NotFoundError for an unknown worker, ConfigError for an unknown year."""
    year = year_by_label(year_label) if year_label else None
    database = open_database(settings.config.database.url)
    try:
        with database.transaction() as session:
            row, entries = list_entries(session, worker, year)
            return WorkerCpd(
                row.email, row.fullname, row.swe_number, year.label if year else None, entries
            )
    finally:
        database.close()


def reflect_on_entry(
    settings: Settings,
    entry_id: int,
    *,
    worker: str,
    learnt: str,
    impact: str,
    peer_reflection: str | None = None,
    peer_role: str | None = None,
    draft: bool = False,
    actor: str | None = None,
) -> str:
    """Write ``worker``'s reflection on CPD entry ``entry_id`` (a ``draft`` does not count yet)
    and audit it as ``actor`` (the OS user when None); return created, updated or unchanged.
    Raise NotFoundError for an unknown worker or entry, UsageError when the entry is another
    worker's or the text incomplete."""
    text = ReflectionText(learnt, impact, peer_reflection, peer_role, draft)
    database = open_database(settings.config.database.url)
    try:
        with database.transaction() as session:
            return reflect(
                session,
                entry_id=entry_id,
                worker_text=worker,
                text=text,
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
