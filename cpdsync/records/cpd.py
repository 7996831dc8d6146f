"""A worker's CPD entries, CPD added by hand, and reflections; every change audited.

The values arrive checked (cpdsync/app/cpd.py checks CPD types, hours and capability ids
against the mappings); what is checked here is what storage itself requires.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from cpdsync.errors import NotFoundError, UsageError
from cpdsync.records.audit import entry_snapshot, reflection_snapshot, write_audit
from cpdsync.records.schema import CpdEntryRow, ReflectionRow, WorkerRow


@dataclass(frozen=True)
class EntryView:
    """One CPD entry as `cpdsync cpd list` shows it."""

    id: int
    title: str
    activity_date: date
    hours: float | None
    cpd_type: str
    capabilities: tuple[str, ...]
    source: str
    reflection: str  # none | draft | submitted: the worker's written reflection
    peer_reflection: bool  # the submitted reflection holds a peer reflection
    recorded_on_swe: bool  # declared recorded on the worker's SWE account
    peer_recorded_on_swe: bool  # declared recorded there with a peer reflection
    prompts: str  # none | reflection | peer: what the course's rule asks the worker to write
    retired: str | None

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "activity_date": self.activity_date.isoformat(),
            "hours": self.hours,
            "cpd_type": self.cpd_type,
            "capabilities": list(self.capabilities),
            "source": self.source,
            "reflection": self.reflection,
            "peer_reflection": self.peer_reflection,
            "recorded_on_swe": self.recorded_on_swe,
            "peer_recorded_on_swe": self.peer_recorded_on_swe,
            "prompts": self.prompts,
            "retired": self.retired,
        }


def _view(entry: CpdEntryRow) -> EntryView:
    reflection = entry.reflection
    status = reflection.status if reflection is not None else "none"
    declaration = entry.declaration
    return EntryView(
        id=entry.id,
        title=entry.title,
        activity_date=entry.activity_date,
        hours=entry.hours,
        cpd_type=entry.cpd_type,
        capabilities=tuple(entry.capabilities),
        source=entry.source,
        reflection=status,
        peer_reflection=status == "submitted"
        and reflection is not None
        and bool((reflection.peer_reflection or "").strip()),
        recorded_on_swe=declaration is not None and declaration.recorded_on_swe,
        peer_recorded_on_swe=declaration is not None and declaration.peer_recorded_on_swe,
        prompts="peer"
        if entry.peer_reflection_included
        else ("reflection" if entry.reflection_included else "none"),
        retired=entry.retired_reason if entry.retired_at is not None else None,
    )


def entries_of(
    session: Session, worker: WorkerRow, *, start: date | None = None, end: date | None = None
) -> list[EntryView]:
    """Return ``worker``'s CPD entries dated from ``start`` to ``end`` (each when given), oldest
    first."""
    query = (
        select(CpdEntryRow)
        .where(CpdEntryRow.worker_id == worker.id)
        .options(selectinload(CpdEntryRow.reflection), selectinload(CpdEntryRow.declaration))
        .order_by(CpdEntryRow.activity_date, CpdEntryRow.id)
    )
    if start is not None:
        query = query.where(CpdEntryRow.activity_date >= start)
    if end is not None:
        query = query.where(CpdEntryRow.activity_date <= end)
    return [_view(entry) for entry in session.scalars(query)]


@dataclass(frozen=True)
class ManualEntry:
    """A piece of CPD done outside Moodle, its values already checked."""

    title: str
    activity_date: date
    cpd_type: str
    hours: float | None
    capabilities: tuple[str, ...]


def add_manual_entry(
    session: Session, worker: WorkerRow, values: ManualEntry, *, actor: str, now: datetime
) -> CpdEntryRow:
    """Add a piece of CPD done outside Moodle to ``worker`` and audit it as ``added``."""
    entry = CpdEntryRow(
        worker_id=worker.id,
        completion_id=None,
        source="manual",
        title=values.title,
        activity_date=values.activity_date,
        hours=values.hours,
        cpd_type=values.cpd_type,
        capabilities=list(dict.fromkeys(values.capabilities)),
        satisfies=[],
        reflection_included=False,
        peer_reflection_included=False,
        created_at=now,
        updated_at=now,
    )
    session.add(entry)
    session.flush()
    write_audit(
        session,
        entity="cpd_entry",
        entity_id=entry.id,
        action="added",
        actor=actor,
        at=now,
        before=None,
        after=entry_snapshot(entry),
    )
    return entry


@dataclass(frozen=True)
class ReflectionText:
    """What a worker writes about one piece of CPD."""

    learnt: str
    impact: str
    peer_reflection: str | None = None
    peer_role: str | None = None
    draft: bool = False

    def problems(self) -> list[str]:
        """Return what is missing or inconsistent, as messages (empty when fine)."""
        found = []
        if not self.learnt.strip():
            found.append("what was learnt is empty")
        if not self.impact.strip():
            found.append("the impact on practice is empty")
        peer, role = (self.peer_reflection or "").strip(), (self.peer_role or "").strip()
        if peer and not role:
            found.append("a peer reflection needs the peer's role (e.g. 'senior practitioner')")
        if role and not peer:
            found.append("a peer role is given without the peer reflection")
        return found


def get_entry(session: Session, entry_id: int) -> CpdEntryRow:
    """Return CPD entry ``entry_id``; raise NotFoundError saying how to find entry numbers."""
    entry = session.get(CpdEntryRow, entry_id)
    if entry is None:
        raise NotFoundError(
            f"there is no CPD entry {entry_id}; `cpdsync cpd list WORKER` shows the entry numbers"
        )
    return entry


def check_owner(entry: CpdEntryRow, worker: WorkerRow) -> None:
    """Raise UsageError when ``entry`` is not ``worker``'s: nobody reflects on another's CPD."""
    if entry.worker_id != worker.id:
        raise UsageError(
            f"CPD entry {entry.id} belongs to another worker, not to {worker.email}; "
            f"check the entry number with `cpdsync cpd list {worker.email}`"
        )


def save_reflection(
    session: Session, entry: CpdEntryRow, text: ReflectionText, *, actor: str, now: datetime
) -> str:
    """Create or replace the reflection on ``entry`` and audit it; return created, updated or
    unchanged. Raise UsageError listing what is missing from ``text``."""
    problems = text.problems()
    if problems:
        raise UsageError(f"reflection on CPD entry {entry.id}: " + "; ".join(problems))
    values = {
        "learnt": text.learnt.strip(),
        "impact": text.impact.strip(),
        "peer_reflection": (text.peer_reflection or "").strip() or None,
        "peer_role": (text.peer_role or "").strip() or None,
        "status": "draft" if text.draft else "submitted",
    }
    reflection = session.scalars(
        select(ReflectionRow).where(ReflectionRow.entry_id == entry.id)
    ).one_or_none()
    before = None
    if reflection is None:
        reflection = ReflectionRow(entry_id=entry.id, created_at=now, updated_at=now, **values)
        session.add(reflection)
        action = "created"
    else:
        before = reflection_snapshot(reflection)
        if all(getattr(reflection, key) == value for key, value in values.items()):
            return "unchanged"
        for key, value in values.items():
            setattr(reflection, key, value)
        reflection.updated_at = now
        action = "updated"
    session.flush()
    write_audit(
        session,
        entity="reflection",
        entity_id=reflection.id,
        action=action,
        actor=actor,
        at=now,
        before=before,
        after=reflection_snapshot(reflection),
    )
    return action
