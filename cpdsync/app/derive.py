"""CPD entries derived from completions through the mapping rules.

One entry per completion (unique ``completion_id``), created while the completion is un-reset
and refreshed on every run, so a mapping change re-derives capabilities, hours and type without
touching the worker's reflection. Entries are never deleted; they are retired (and revived)
when their course stops (or starts again) being mapped. When a completion with an approximate
time is followed by one with an exact time for the same worker and course, the entry moves to
the exact completion, keeping its reflection; the approximate completion row stays.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cpdsync.mappings import match_course
from cpdsync.mappings.definitions import CourseFacts, MappingSet, RuleMatch
from cpdsync.records.audit import entry_snapshot, write_audit
from cpdsync.records.completion_rows import EXACT_SOURCES, source_rank
from cpdsync.records.schema import CompletionRow, CourseRow, CpdEntryRow, SiteRow
from cpdsync.records.write_counts import DeriveCounts
from cpdsync.timeutil import uk_date

ENTITY = "cpd_entry"
UNMAPPED = "the course is no longer mapped by any rule"
SUPERSEDED = "superseded by a completion with a more exact time"


def course_facts(course: CourseRow) -> CourseFacts:
    """Return what a mapping rule can match on for a stored course."""
    return CourseFacts(
        courseid=course.moodle_id,
        shortname=course.shortname,
        fullname=course.fullname,
        idnumber=course.idnumber,
        category_path=course.category_path,
        tags=tuple(course.tags),
        customfields={key: str(value) for key, value in course.customfields.items()},
    )


def entry_values(completion: CompletionRow, match: RuleMatch) -> dict[str, Any]:
    """Return the derived fields of the CPD entry of ``completion`` under ``match``."""
    location = match.rule.location
    return {
        "worker_id": completion.worker_id,
        "completion_id": completion.id,
        "title": completion.course.fullname,
        "activity_date": uk_date(completion.timecompleted),
        "hours": match.cpd_hours,
        "cpd_type": match.cpd_type,
        "capabilities": list(match.capabilities),
        "satisfies": list(match.satisfies),
        "reflection_included": match.reflection_included,
        "peer_reflection_included": match.peer_reflection,
        "rule_location": str(location) if location else None,
    }


def _best(completions: list[CompletionRow]) -> CompletionRow:
    return min(completions, key=lambda c: (source_rank(c.date_source), -c.timecompleted, c.id))


class _Deriver:
    def __init__(self, session: Session, mappings: MappingSet, actor: str, now: datetime) -> None:
        self.session = session
        self.mappings = mappings
        self.actor = actor
        self.now = now
        self.counts = DeriveCounts()
        self.matches: dict[int, RuleMatch | None] = {}

    def match(self, course: CourseRow) -> RuleMatch | None:
        if course.id not in self.matches:
            self.matches[course.id] = match_course(self.mappings, course_facts(course))
        return self.matches[course.id]

    def audit(self, entry: CpdEntryRow, action: str, before: dict[str, Any] | None) -> None:
        self.session.flush()
        write_audit(
            self.session,
            entity=ENTITY,
            entity_id=entry.id,
            action=action,
            actor=self.actor,
            at=self.now,
            before=before,
            after=entry_snapshot(entry),
        )

    def retire(self, entry: CpdEntryRow, reason: str) -> None:
        if entry.retired_at is not None and entry.retired_reason == reason:
            self.counts.unchanged += 1
            return
        before = entry_snapshot(entry)
        entry.retired_at, entry.retired_reason, entry.updated_at = self.now, reason, self.now
        self.counts.retired += 1
        self.audit(entry, "retired", before)

    def refresh(self, entry: CpdEntryRow, values: dict[str, Any], action: str) -> None:
        before = entry_snapshot(entry)
        changed = entry.retired_at is not None
        for name, value in values.items():
            if getattr(entry, name) != value:
                setattr(entry, name, value)
                changed = True
        if not changed:
            self.counts.unchanged += 1
            return
        entry.retired_at = entry.retired_reason = None
        entry.derived_at = entry.updated_at = self.now
        self.counts.changed += 1
        self.audit(entry, action, before)

    def create(self, values: dict[str, Any]) -> CpdEntryRow:
        entry = CpdEntryRow(
            source="moodle", derived_at=self.now, created_at=self.now, updated_at=self.now, **values
        )
        self.session.add(entry)
        self.counts.new += 1
        self.audit(entry, "derived", None)
        return entry


def derive_cpd_entries(
    session: Session,
    site_row: SiteRow,
    mappings: MappingSet,
    *,
    actor: str,
    now: datetime | None = None,
) -> DeriveCounts:
    """Create or refresh the CPD entry of every mapped completion of the site, writing each
    change to the audit log as ``actor``; return the counts (``unmapped`` completions too)."""
    deriver = _Deriver(session, mappings, actor, now or datetime.now(UTC))
    completions = session.scalars(
        select(CompletionRow).where(CompletionRow.site_id == site_row.id).order_by(CompletionRow.id)
    ).all()
    entries = {
        entry.completion_id: entry
        for entry in session.scalars(
            select(CpdEntryRow)
            .join(CompletionRow, CpdEntryRow.completion_id == CompletionRow.id)
            .where(CompletionRow.site_id == site_row.id)
        )
    }
    groups: dict[tuple[int, int], list[CompletionRow]] = defaultdict(list)
    for completion in completions:
        groups[(completion.worker_id, completion.course_id)].append(completion)
    for group in groups.values():
        _derive_group(deriver, group, entries)
    session.flush()
    return deriver.counts


def _derive_group(
    deriver: _Deriver, group: list[CompletionRow], entries: dict[int | None, CpdEntryRow]
) -> None:
    live = [c for c in group if c.reset_observed_at is None]
    exact = [c for c in live if c.date_source in EXACT_SOURCES]
    superseded = [c for c in live if exact and c.date_source not in EXACT_SOURCES]
    target = _best(exact) if exact else None
    # Move entries of approximate completions first, so the exact one finds its entry.
    for completion in superseded:
        entry = entries.get(completion.id)
        if entry is None or target is None:
            continue
        if target.id in entries:
            deriver.retire(entry, SUPERSEDED)
            continue
        match = deriver.match(target.course)
        values = entry_values(target, match) if match else {"completion_id": target.id}
        # Free the unique completion_id before the target takes it.
        del entries[completion.id]
        entries[target.id] = entry
        deriver.refresh(entry, values, "moved")
    for completion in group:
        if completion in superseded:
            continue
        match = deriver.match(completion.course)
        entry = entries.get(completion.id)
        if match is None:
            if completion.reset_observed_at is None:
                deriver.counts.unmapped += 1
            if entry is not None:
                deriver.retire(entry, UNMAPPED)
            continue
        values = entry_values(completion, match)
        if entry is not None:
            deriver.refresh(entry, values, "rederived")
        elif completion.reset_observed_at is None:
            entries[completion.id] = deriver.create(values)
