"""Everything held about one worker, and its erasure (UK GDPR: access, erasure, retention).

A table that holds a worker's data must be read by ``worker_data`` and cleared by
``erase_worker``; tests/records/test_privacy.py lists the tables and fails on a new one until
it is handled here. What is kept after an erasure, and why, is in docs/records.md.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from cpdsync.records.audit import write_audit
from cpdsync.records.schema import (
    AuditRow,
    CompletionRow,
    CourseRow,
    CpdEntryRow,
    EntryDeclarationRow,
    ReflectionRow,
    ReminderSentRow,
    RenewalDeclarationRow,
    SiteRow,
    WorkerRow,
)
from cpdsync.timeutil import iso_utc

# The tables erase_worker clears or scrubs (the privacy test holds this list to the schema).
WORKER_TABLES = (
    "workers",
    "completions",
    "cpd_entries",
    "reflections",
    "entry_declarations",
    "renewal_declarations",
    "reminders_sent",
)
ERASED_ACTOR = "erased worker"


def _iso(moment: datetime | None) -> str | None:
    return iso_utc(moment) if moment else None


def _worker_json(worker: WorkerRow, site_url: str) -> dict[str, Any]:
    return {
        "id": worker.id,
        "site": site_url,
        "moodle_id": worker.moodle_id,
        "username": worker.username,
        "email": worker.email,
        "idnumber": worker.idnumber,
        "firstname": worker.firstname,
        "lastname": worker.lastname,
        "fullname": worker.fullname,
        "swe_number": worker.swe_number,
        "swe_number_raw": worker.swe_number_raw,
        "registered_on": worker.registered_on.isoformat() if worker.registered_on else None,
        "role": worker.role,
        "team": worker.team,
        "profile": dict(worker.profile),
        "suspended": worker.suspended,
        "left": worker.left,
        "on_roster": worker.on_roster,
        "roster_sources": list(worker.roster_sources),
        "first_seen": _iso(worker.first_seen),
        "last_seen": _iso(worker.last_seen),
        "erased_at": _iso(worker.erased_at),
    }


@dataclass(frozen=True)
class _Held:
    """The row ids of what is held about one worker, by kind (the audit log's entities)."""

    cpd_entry: list[int]
    reflection: list[int]
    entry_declaration: list[int]
    renewal_declaration: list[int]

    def audit_about(self) -> Any:
        """Return the condition picking the audit entries about these rows."""
        return or_(
            *(
                (AuditRow.entity == entity) & AuditRow.entity_id.in_(ids)
                for entity, ids in asdict(self).items()
            )
        )


def _held(session: Session, worker: WorkerRow) -> _Held:
    entries = list(
        session.scalars(select(CpdEntryRow.id).where(CpdEntryRow.worker_id == worker.id))
    )

    def ids(column: Any, where: Any) -> list[int]:
        return list(session.scalars(select(column).where(where)))

    return _Held(
        cpd_entry=entries,
        reflection=ids(ReflectionRow.id, ReflectionRow.entry_id.in_(entries)),
        entry_declaration=ids(EntryDeclarationRow.id, EntryDeclarationRow.entry_id.in_(entries)),
        renewal_declaration=ids(
            RenewalDeclarationRow.id, RenewalDeclarationRow.worker_id == worker.id
        ),
    )


def worker_data(session: Session, worker: WorkerRow) -> dict[str, Any]:
    """Return everything held about ``worker`` as JSON-ready data: the worker row, their
    completions, CPD entries with reflections, the audit entries about those, and the
    reminders sent to them."""
    site_url = session.scalar(select(SiteRow.url).where(SiteRow.id == worker.site_id)) or ""
    completions = session.execute(
        select(CompletionRow, CourseRow.moodle_id, CourseRow.shortname, CourseRow.fullname)
        .join(CourseRow, CompletionRow.course_id == CourseRow.id)
        .where(CompletionRow.worker_id == worker.id)
        .order_by(CompletionRow.timecompleted, CompletionRow.id)
    )
    entries = session.scalars(
        select(CpdEntryRow).where(CpdEntryRow.worker_id == worker.id).order_by(CpdEntryRow.id)
    ).all()
    audit = session.scalars(
        select(AuditRow).where(_held(session, worker).audit_about()).order_by(AuditRow.id)
    )
    renewals = session.scalars(
        select(RenewalDeclarationRow)
        .where(RenewalDeclarationRow.worker_id == worker.id)
        .order_by(RenewalDeclarationRow.registration_year)
    )
    reminders = session.scalars(
        select(ReminderSentRow)
        .where(ReminderSentRow.worker_id == worker.id)
        .order_by(ReminderSentRow.id)
    )
    return {
        "worker": _worker_json(worker, site_url),
        "completions": [
            _completion_json(row, course_id, shortname, fullname)
            for row, course_id, shortname, fullname in completions
        ],
        "cpd_entries": [_entry_json(entry) for entry in entries],
        "renewal_declarations": [
            {
                "registration_year": row.registration_year,
                "submitted": row.submitted,
                "declared_by": row.declared_by,
                "declared_at": _iso(row.declared_at),
            }
            for row in renewals
        ],
        "audit": [_audit_json(row) for row in audit],
        "reminders_sent": [_reminder_json(row) for row in reminders],
    }


def _completion_json(
    row: CompletionRow, course_id: int, shortname: str, fullname: str
) -> dict[str, Any]:
    return {
        "id": row.id,
        "course": {"id": course_id, "shortname": shortname, "fullname": fullname},
        "timecompleted": row.timecompleted,
        "date_source": row.date_source,
        "first_seen": _iso(row.first_seen),
        "last_seen": _iso(row.last_seen),
        "reset_observed_at": _iso(row.reset_observed_at),
    }


def _audit_json(row: AuditRow) -> dict[str, Any]:
    return {
        "entity": row.entity,
        "entity_id": row.entity_id,
        "action": row.action,
        "actor": row.actor,
        "at": _iso(row.at),
        "before": row.before,
        "after": row.after,
    }


def _reminder_json(row: ReminderSentRow) -> dict[str, Any]:
    return {
        "registration_year": row.registration_year,
        "threshold": row.threshold,
        "sent_at": _iso(row.sent_at),
        "channel": row.channel,
        "status": row.status,
        "detail": row.detail,
    }


def _entry_json(entry: CpdEntryRow) -> dict[str, Any]:
    reflection = entry.reflection
    declared = entry.declaration
    return {
        "id": entry.id,
        "source": entry.source,
        "completion_id": entry.completion_id,
        "title": entry.title,
        "activity_date": entry.activity_date.isoformat(),
        "hours": entry.hours,
        "cpd_type": entry.cpd_type,
        "capabilities": list(entry.capabilities),
        "satisfies": list(entry.satisfies),
        "created_at": _iso(entry.created_at),
        "retired_at": _iso(entry.retired_at),
        "retired_reason": entry.retired_reason,
        "declaration": None
        if declared is None
        else {
            "recorded_on_swe": declared.recorded_on_swe,
            "peer_recorded_on_swe": declared.peer_recorded_on_swe,
            "declared_by": declared.declared_by,
            "declared_at": _iso(declared.declared_at),
        },
        "reflection": None
        if reflection is None
        else {
            "id": reflection.id,
            "learnt": reflection.learnt,
            "impact": reflection.impact,
            "peer_reflection": reflection.peer_reflection,
            "peer_role": reflection.peer_role,
            "status": reflection.status,
            "created_at": _iso(reflection.created_at),
            "updated_at": _iso(reflection.updated_at),
        },
    }


@dataclass(frozen=True)
class Erased:
    """How many of each kind of record an erasure removed or scrubbed."""

    completions: int = 0
    cpd_entries: int = 0
    reflections: int = 0
    declarations: int = 0
    reminders_sent: int = 0
    audit_scrubbed: int = 0

    def as_json(self) -> dict[str, int]:
        return asdict(self)


def erase_worker(session: Session, worker: WorkerRow, *, actor: str, now: datetime) -> Erased:
    """Erase what is held about ``worker``: their completions, CPD entries, reflections,
    declarations and reminders are deleted, the audit entries about them lose their before and
    after values (and an actor naming the worker), and the worker row keeps only its ids and
    site, marked erased. The erasure itself is audited, without personal data. Return the
    counts."""
    names = {text for text in (worker.email, worker.username, worker.idnumber) if text}
    held = _held(session, worker)
    about = held.audit_about()
    scrubbed = session.execute(update(AuditRow).where(about).values(before=None, after=None))
    session.execute(
        update(AuditRow).where(about, AuditRow.actor.in_(names)).values(actor=ERASED_ACTOR)
    )
    declarations = _deleted(
        session, EntryDeclarationRow, EntryDeclarationRow.id.in_(held.entry_declaration)
    ) + _deleted(session, RenewalDeclarationRow, RenewalDeclarationRow.worker_id == worker.id)
    counts = Erased(
        reflections=_deleted(session, ReflectionRow, ReflectionRow.id.in_(held.reflection)),
        declarations=declarations,
        cpd_entries=_deleted(session, CpdEntryRow, CpdEntryRow.id.in_(held.cpd_entry)),
        completions=_deleted(session, CompletionRow, CompletionRow.worker_id == worker.id),
        reminders_sent=_deleted(session, ReminderSentRow, ReminderSentRow.worker_id == worker.id),
        audit_scrubbed=int(getattr(scrubbed, "rowcount", 0) or 0),
    )
    _anonymise(worker, now)
    session.flush()
    write_audit(
        session,
        entity="worker",
        entity_id=worker.id,
        action="erased",
        actor=actor,
        at=now,
        before=None,
        after=counts.as_json(),
    )
    return counts


def _deleted(session: Session, model: Any, where: Any) -> int:
    result = session.execute(delete(model).where(where))
    return int(getattr(result, "rowcount", 0) or 0)


def _anonymise(worker: WorkerRow, now: datetime) -> None:
    """Keep the row's ids (so the next sync recognises the worker and stores nothing of them),
    and nothing else that names them."""
    placeholder = f"erased-{worker.id}"
    worker.username = placeholder
    worker.email = placeholder
    worker.idnumber = placeholder
    worker.firstname = ""
    worker.lastname = ""
    worker.fullname = ""
    worker.swe_number_raw = None
    worker.swe_number = None
    worker.registered_on = None
    worker.role = None
    worker.team = None
    worker.profile = {}
    worker.roster_sources = []
    worker.on_roster = False
    worker.erased_at = now


def leavers_before(session: Session, site_id: int, cutoff: datetime) -> list[WorkerRow]:
    """Return the site's workers, not yet erased, whom Moodle last listed before ``cutoff``
    (they left: retention applies to them)."""
    return list(
        session.scalars(
            select(WorkerRow)
            .where(
                WorkerRow.site_id == site_id,
                WorkerRow.erased_at.is_(None),
                WorkerRow.last_seen < cutoff,
            )
            .order_by(WorkerRow.id)
        )
    )


def erased_moodle_ids(session: Session, site_id: int) -> set[int]:
    """Return the Moodle ids of the site's erased workers: the sync stores nothing of them."""
    return set(
        session.scalars(
            select(WorkerRow.moodle_id).where(
                WorkerRow.site_id == site_id, WorkerRow.erased_at.is_not(None)
            )
        )
    )
