"""A worker's declarations, every change audited with who and when: a CPD entry recorded on
their SWE account (with or without its peer reflection), and a year's renewal submitted.

The values arrive checked (cpdsync/app/cpd.py checks the worker owns the entry and that the
year exists); what is checked here is what storage itself requires.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cpdsync.records.audit import write_audit
from cpdsync.records.schema import CpdEntryRow, EntryDeclarationRow, RenewalDeclarationRow


@dataclass(frozen=True)
class EntryDeclaration:
    """What the worker says about one entry on their SWE account; None leaves a flag as it is."""

    recorded_on_swe: bool | None = None
    peer_recorded_on_swe: bool | None = None

    def given(self) -> bool:
        return self.recorded_on_swe is not None or self.peer_recorded_on_swe is not None


def _entry_snapshot(row: EntryDeclarationRow) -> dict[str, Any]:
    return {
        "entry_id": row.entry_id,
        "recorded_on_swe": row.recorded_on_swe,
        "peer_recorded_on_swe": row.peer_recorded_on_swe,
    }


def _flags(row: EntryDeclarationRow | None, change: EntryDeclaration) -> tuple[bool, bool]:
    """The flags after ``change``: recorded with a peer reflection implies recorded, and
    withdrawing "recorded" withdraws "with a peer reflection" too."""
    recorded = row.recorded_on_swe if row is not None else False
    peer = row.peer_recorded_on_swe if row is not None else False
    if change.recorded_on_swe is not None:
        recorded = change.recorded_on_swe
        peer = peer and recorded
    if change.peer_recorded_on_swe is not None:
        peer = change.peer_recorded_on_swe
        recorded = recorded or peer
    return recorded, peer


def declare_entry(
    session: Session, entry: CpdEntryRow, change: EntryDeclaration, *, actor: str, now: datetime
) -> str:
    """Apply ``change`` to the declaration on ``entry`` and audit it as ``actor`` at ``now``;
    return declared, updated, withdrawn or unchanged."""
    row = session.scalars(
        select(EntryDeclarationRow).where(EntryDeclarationRow.entry_id == entry.id)
    ).one_or_none()
    recorded, peer = _flags(row, change)
    if row is None and not recorded:
        return "unchanged"  # withdrawing what was never declared
    before = _entry_snapshot(row) if row is not None else None
    if row is None:
        row = EntryDeclarationRow(entry=entry, declared_by=actor, declared_at=now)
        session.add(row)
    elif (row.recorded_on_swe, row.peer_recorded_on_swe) == (recorded, peer):
        return "unchanged"
    action = "declared" if before is None else ("withdrawn" if not recorded else "updated")
    row.recorded_on_swe, row.peer_recorded_on_swe = recorded, peer
    row.declared_by, row.declared_at = actor, now
    session.flush()
    write_audit(
        session,
        entity="entry_declaration",
        entity_id=row.id,
        action=action,
        actor=actor,
        at=now,
        before=before,
        after=_entry_snapshot(row),
    )
    return action


def declare_renewal(
    session: Session, worker_id: int, year: str, *, submitted: bool, actor: str, now: datetime
) -> str:
    """Declare the renewal of registration year ``year`` submitted (or withdraw that) for the
    worker ``worker_id`` and audit it; return declared, withdrawn or unchanged."""
    row = session.scalars(
        select(RenewalDeclarationRow).where(
            RenewalDeclarationRow.worker_id == worker_id,
            RenewalDeclarationRow.registration_year == year,
        )
    ).one_or_none()
    if (row.submitted if row is not None else False) == submitted:
        return "unchanged"
    before = _renewal_snapshot(row) if row is not None else None
    if row is None:
        row = RenewalDeclarationRow(
            worker_id=worker_id, registration_year=year, declared_by=actor, declared_at=now
        )
        session.add(row)
    row.submitted, row.declared_by, row.declared_at = submitted, actor, now
    session.flush()
    action = "declared" if submitted else "withdrawn"
    write_audit(
        session,
        entity="renewal_declaration",
        entity_id=row.id,
        action=action,
        actor=actor,
        at=now,
        before=before,
        after=_renewal_snapshot(row),
    )
    return action


def _renewal_snapshot(row: RenewalDeclarationRow) -> dict[str, Any]:
    return {
        "worker_id": row.worker_id,
        "registration_year": row.registration_year,
        "submitted": row.submitted,
    }


def renewals_submitted(session: Session, worker_ids: Sequence[int]) -> list[RenewalDeclarationRow]:
    """Return the renewals declared submitted (not withdrawn) of ``worker_ids``."""
    return list(
        session.scalars(
            select(RenewalDeclarationRow).where(
                RenewalDeclarationRow.worker_id.in_(worker_ids),
                RenewalDeclarationRow.submitted.is_(True),
            )
        )
    )
