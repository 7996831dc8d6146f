"""A worker's personal data: everything held about them (a subject access request), its
erasure (an erasure request), and the retention period applied to workers who left.

Lawful basis, what is kept after an erasure and why: docs/records.md, Personal data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from cpdsync.app.site_scope import resolve_site
from cpdsync.app.worker_values import find_worker
from cpdsync.config import Settings
from cpdsync.records import privacy
from cpdsync.records.audit import os_user
from cpdsync.records.db import open_database
from cpdsync.records.schema import SiteRow, WorkerRow
from cpdsync.timeutil import iso_utc, utc_now

EXPORT_SCHEMA = 1
RETENTION_ACTOR = "cpdsync retention"
# A year of the retention period, in days (leap days do not matter at this scale).
_YEAR = timedelta(days=365)


def export_worker(
    settings: Settings, worker: str, *, site: str | None = None, now: datetime | None = None
) -> dict[str, Any]:
    """Return everything cpdsync holds about the worker ``worker`` names (email, username,
    idnumber or SWE number) on one site (``site``, default as every report), as the JSON
    document of docs/records.md; raise NotFoundError for an unknown worker."""
    database = open_database(settings.config.database.url)
    try:
        with database.transaction() as session:
            row = _named(session, settings, worker, site)
            data = privacy.worker_data(session, row)
    finally:
        database.close()
    return {
        "schema": EXPORT_SCHEMA,
        "exported_at": iso_utc(now or utc_now()),
        **data,
        "moodle": (
            "the companion plugin keeps its own copy in Moodle (readiness snapshots, "
            "reflections and declarations saved on its pages): Moodle's data privacy tool "
            "exports it (Site administration > Users > Privacy and policies > Data requests)"
        ),
    }


@dataclass(frozen=True)
class Erasure:
    """One worker's erasure: who it was (their row id; nothing that names them is kept), the
    records removed, and what remains to do in Moodle."""

    worker_id: int
    counts: privacy.Erased
    moodle: str


# cpdsync cannot ask the plugin to erase a user: the plugin contract (docs/moodle-plugin.md)
# has no such function yet, and Moodle's own privacy requests reach the plugin's provider.
MOODLE_ERASURE = (
    "the plugin's copy in Moodle is not erased by cpdsync: make a deletion request for the "
    "user in Moodle's data privacy tool (Site administration > Users > Privacy and policies > "
    "Data requests), which the plugin's privacy provider honours"
)


def erase_worker(
    settings: Settings,
    worker: str,
    *,
    actor: str | None,
    site: str | None = None,
    now: datetime | None = None,
) -> Erasure:
    """Erase what cpdsync holds about the worker ``worker`` names, auditing it as ``actor``
    (default: the OS user); raise NotFoundError for an unknown (or already erased) worker."""
    database = open_database(settings.config.database.url)
    try:
        with database.transaction() as session:
            row = _named(session, settings, worker, site)
            counts = privacy.erase_worker(
                session, row, actor=actor or os_user(), now=now or utc_now()
            )
            return Erasure(row.id, counts, MOODLE_ERASURE)
    finally:
        database.close()


def _named(session: Session, settings: Settings, worker: str, site: str | None) -> WorkerRow:
    """Return the worker ``worker`` names on the site a report would cover."""
    return find_worker(session, worker, site_id=resolve_site(session, settings, site).site_id)


def apply_retention(
    session: Session, site_row: SiteRow, years: int | None, *, now: datetime
) -> int:
    """Erase the site's workers whom Moodle has not listed for more than ``years`` years
    (None: keep everyone); return how many were erased."""
    if years is None:
        return 0
    leavers = privacy.leavers_before(session, site_row.id, now - years * _YEAR)
    for worker in leavers:
        privacy.erase_worker(session, worker, actor=RETENTION_ACTOR, now=now)
    return len(leavers)
