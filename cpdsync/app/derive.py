"""CPD entries derived from completions through the mapping rules.

One entry per completion (unique ``completion_id``), created while the completion is un-reset
and refreshed on every run, so a mapping change re-derives capabilities, hours and type without
touching the worker's reflection. Entries are never deleted; they are retired (and revived)
when their course stops (or starts again) being mapped. When a completion with an approximate
time is followed by one with an exact time for the same worker and course, the entry moves to
the exact completion, keeping its reflection; the approximate completion row stays.

The policy is here; the rows and their audit records are written by
cpdsync/records/derived_entries.py.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import datetime

from sqlalchemy.orm import Session

from cpdsync.mappings.definitions import RuleMatch
from cpdsync.records import derived_entries as rows
from cpdsync.records.completion_rows import source_rank
from cpdsync.records.row_values import DerivedEntryValues
from cpdsync.records.schema import EXACT_SOURCES, CompletionRow, CpdEntryRow, SiteRow
from cpdsync.records.write_counts import EntryCounts
from cpdsync.timeutil import uk_date

UNMAPPED = "the course is no longer mapped by any rule"
SUPERSEDED = "superseded by a completion with a more exact time"

# The rule matching a stored course (by course row id), or None when no rule maps it.
CourseRules = Callable[[int], RuleMatch | None]


def entry_values(completion: CompletionRow, match: RuleMatch) -> DerivedEntryValues:
    """Return what the CPD entry of ``completion`` says under ``match``."""
    location = match.rule.location
    return DerivedEntryValues(
        title=completion.course.fullname,
        activity_date=uk_date(completion.timecompleted),
        hours=match.cpd_hours,
        cpd_type=match.cpd_type,
        capabilities=tuple(match.capabilities),
        satisfies=tuple(match.satisfies),
        reflection_included=match.reflection_included,
        peer_reflection_included=match.peer_reflection,
        rule_location=str(location) if location else None,
    )


def _best(completions: list[CompletionRow]) -> CompletionRow:
    return min(completions, key=lambda c: (source_rank(c.date_source), -c.timecompleted, c.id))


class _Deriver:
    """One derivation pass: the rules, who writes, when, and what it counted."""

    def __init__(self, session: Session, rules: CourseRules, actor: str, now: datetime) -> None:
        self.session = session
        self.rules = rules
        self.actor = actor
        self.now = now
        self.counts = EntryCounts()

    def retire(self, entry: CpdEntryRow, reason: str) -> None:
        if rows.retire_entry(self.session, entry, reason, actor=self.actor, now=self.now):
            self.counts.retired += 1
        else:
            self.counts.unchanged += 1

    def refresh(
        self, entry: CpdEntryRow, target: CompletionRow, match: RuleMatch | None, action: str
    ) -> None:
        changed = rows.refresh_entry(
            self.session,
            entry,
            completion_id=target.id,
            values=entry_values(target, match) if match else None,
            action=action,
            actor=self.actor,
            now=self.now,
        )
        if changed:
            self.counts.changed += 1
        else:
            self.counts.unchanged += 1

    def create(self, completion: CompletionRow, match: RuleMatch) -> CpdEntryRow:
        self.counts.new += 1
        return rows.create_entry(
            self.session,
            worker_id=completion.worker_id,
            completion_id=completion.id,
            values=entry_values(completion, match),
            actor=self.actor,
            now=self.now,
        )


def derive_cpd_entries(
    session: Session, site_row: SiteRow, rules: CourseRules, *, actor: str, now: datetime
) -> EntryCounts:
    """Create or refresh the CPD entry of every mapped completion of the site (``rules`` gives
    the rule of each course), writing each change to the audit log as ``actor``; return the
    counts (``unmapped`` completions too)."""
    deriver = _Deriver(session, rules, actor, now)
    entries = rows.site_entries(session, site_row)
    groups: dict[tuple[int, int], list[CompletionRow]] = defaultdict(list)
    for completion in rows.site_completions(session, site_row):
        groups[(completion.worker_id, completion.course_id)].append(completion)
    for group in groups.values():
        _derive_group(deriver, group, entries)
    session.flush()
    return deriver.counts


def _move_superseded(
    deriver: _Deriver,
    superseded: list[CompletionRow],
    target: CompletionRow | None,
    entries: dict[int | None, CpdEntryRow],
) -> None:
    # Move entries of approximate completions first, so the exact one finds its entry.
    for completion in superseded:
        entry = entries.get(completion.id)
        if entry is None or target is None:
            continue
        if target.id in entries:
            deriver.retire(entry, SUPERSEDED)
            continue
        # Free the unique completion_id before the target takes it.
        del entries[completion.id]
        entries[target.id] = entry
        deriver.refresh(entry, target, deriver.rules(target.course_id), "moved")


def _derive_group(
    deriver: _Deriver, group: list[CompletionRow], entries: dict[int | None, CpdEntryRow]
) -> None:
    live = [c for c in group if c.reset_observed_at is None]
    exact = [c for c in live if c.date_source in EXACT_SOURCES]
    superseded = [c for c in live if exact and c.date_source not in EXACT_SOURCES]
    _move_superseded(deriver, superseded, _best(exact) if exact else None, entries)
    for completion in group:
        if completion in superseded:
            continue
        match = deriver.rules(completion.course_id)
        entry = entries.get(completion.id)
        if match is None:
            if completion.reset_observed_at is None:
                deriver.counts.unmapped += 1
            if entry is not None:
                deriver.retire(entry, UNMAPPED)
            continue
        if entry is not None:
            deriver.refresh(entry, completion, match, "rederived")
        elif completion.reset_observed_at is None:
            entries[completion.id] = deriver.create(completion, match)
