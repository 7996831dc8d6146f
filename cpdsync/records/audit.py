"""The append-only audit log of every change to a CPD entry or reflection."""

from __future__ import annotations

import getpass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from cpdsync.records.schema import AuditRow, CpdEntryRow, ReflectionRow


def os_user() -> str:
    """Return the name of the person running cpdsync, for the audit log's actor."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (e.g. DynamicUser= without a name)
        return "unknown"


def entry_snapshot(entry: CpdEntryRow) -> dict[str, Any]:
    """Return the audited fields of a CPD entry, JSON-ready."""
    return {
        "worker_id": entry.worker_id,
        "completion_id": entry.completion_id,
        "source": entry.source,
        "title": entry.title,
        "activity_date": entry.activity_date.isoformat(),
        "hours": entry.hours,
        "cpd_type": entry.cpd_type,
        "capabilities": list(entry.capabilities),
        "satisfies": list(entry.satisfies),
        "reflection_included": entry.reflection_included,
        "peer_reflection_included": entry.peer_reflection_included,
        "rule_location": entry.rule_location,
        "retired_reason": entry.retired_reason,
    }


def reflection_snapshot(reflection: ReflectionRow) -> dict[str, Any]:
    """Return the audited fields of a reflection, JSON-ready."""
    return {
        "entry_id": reflection.entry_id,
        "learnt": reflection.learnt,
        "impact": reflection.impact,
        "peer_reflection": reflection.peer_reflection,
        "peer_role": reflection.peer_role,
        "status": reflection.status,
    }


def write_audit(
    session: Session,
    *,
    entity: str,
    entity_id: int,
    action: str,
    actor: str,
    at: datetime,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> None:
    """Append one audit row; the caller has flushed so ``entity_id`` is known."""
    session.add(
        AuditRow(
            entity=entity,
            entity_id=entity_id,
            action=action,
            actor=actor,
            at=at,
            before=before,
            after=after,
        )
    )
