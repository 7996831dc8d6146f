"""The rows behind CPD entries derived from completions: read a site's completions and entries,
and create, refresh (or move) and retire an entry, each change with its audit row.

Which completion gets an entry, and what the entry says, is decided above (cpdsync/app/derive.py);
entries are never deleted here, only retired and revived.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from cpdsync.records.audit import entry_snapshot, write_audit
from cpdsync.records.row_values import DerivedEntryValues, column_values
from cpdsync.records.schema import CompletionRow, CpdEntryRow, SiteRow

ENTITY = "cpd_entry"


def site_completions(session: Session, site_row: SiteRow) -> list[CompletionRow]:
    """Return every completion held for the site, reset ones too, oldest row first, each with
    its course loaded."""
    return list(
        session.scalars(
            select(CompletionRow)
            .where(CompletionRow.site_id == site_row.id)
            .options(selectinload(CompletionRow.course))
            .order_by(CompletionRow.id)
        )
    )


def site_entries(session: Session, site_row: SiteRow) -> dict[int | None, CpdEntryRow]:
    """Return the site's CPD entries derived from completions, by completion row id."""
    return {
        entry.completion_id: entry
        for entry in session.scalars(
            select(CpdEntryRow)
            .join(CompletionRow, CpdEntryRow.completion_id == CompletionRow.id)
            .where(CompletionRow.site_id == site_row.id)
        )
    }


def _audit(
    session: Session,
    entry: CpdEntryRow,
    action: str,
    before: dict[str, Any] | None,
    *,
    actor: str,
    now: datetime,
) -> None:
    session.flush()
    write_audit(
        session,
        entity=ENTITY,
        entity_id=entry.id,
        action=action,
        actor=actor,
        at=now,
        before=before,
        after=entry_snapshot(entry),
    )


def create_entry(
    session: Session,
    *,
    worker_id: int,
    completion_id: int,
    values: DerivedEntryValues,
    actor: str,
    now: datetime,
) -> CpdEntryRow:
    """Add the CPD entry of completion ``completion_id`` and audit it as ``derived``."""
    entry = CpdEntryRow(
        worker_id=worker_id,
        completion_id=completion_id,
        source="moodle",
        derived_at=now,
        created_at=now,
        updated_at=now,
        **column_values(values),
    )
    session.add(entry)
    _audit(session, entry, "derived", None, actor=actor, now=now)
    return entry


def refresh_entry(
    session: Session,
    entry: CpdEntryRow,
    *,
    completion_id: int,
    values: DerivedEntryValues | None,
    action: str,
    actor: str,
    now: datetime,
) -> bool:
    """Point ``entry`` at completion ``completion_id`` with ``values`` (None keeps what it says)
    and revive it if retired; audit the change as ``action`` (``rederived``, ``moved``). Return
    whether anything changed; an unchanged entry is not written."""
    before = entry_snapshot(entry)
    columns: dict[str, Any] = {"completion_id": completion_id}
    if values is not None:
        columns.update(column_values(values))
    changed = entry.retired_at is not None
    for name, value in columns.items():
        if getattr(entry, name) != value:
            setattr(entry, name, value)
            changed = True
    if not changed:
        return False
    entry.retired_at = entry.retired_reason = None
    entry.derived_at = entry.updated_at = now
    _audit(session, entry, action, before, actor=actor, now=now)
    return True


def retire_entry(
    session: Session, entry: CpdEntryRow, reason: str, *, actor: str, now: datetime
) -> bool:
    """Mark ``entry`` retired for ``reason`` and audit it; return False (writing nothing) when
    it is already retired for that reason."""
    if entry.retired_at is not None and entry.retired_reason == reason:
        return False
    before = entry_snapshot(entry)
    entry.retired_at, entry.retired_reason, entry.updated_at = now, reason, now
    _audit(session, entry, "retired", before, actor=actor, now=now)
    return True
