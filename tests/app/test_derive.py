"""CPD entries are derived from completions through the mapping rules: idempotent, audited,
re-derived when a rule changes, retired and revived, moved to a more exact time."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy import select

from cpdsync.mappings.definitions import MappingSet
from cpdsync.records.db import Database
from cpdsync.records.schema import (
    AuditRow,
    CompletionRow,
    CpdEntryRow,
    ReflectionRow,
)
from cpdsync.records.write_counts import Counts
from tests.app.facts import (
    COURSES,
    MAPPINGS,
    NOW,
    PEER_RULE,
    SG_RULE,
    T_PEER,
    T_SG,
    load_facts,
    observation,
)


def _nothing_new_or_changed(counts: dict[str, Counts]) -> None:
    for name, part in counts.items():
        assert (part.new, part.changed) == (0, 0), name


def test_applying_the_same_facts_twice_reports_nothing_new_or_changed(database: Database) -> None:
    facts = [observation(), observation(3, 6, T_PEER), observation(4, 5, T_SG, "plugin")]
    first = load_facts(database, facts)
    second = load_facts(database, facts)
    assert first["courses"].new == 3
    assert first["workers"].new == 2
    assert first["completions"].new == 3
    assert first["cpd"].new == 3
    _nothing_new_or_changed(second)
    assert second["completions"].unchanged == 3
    assert second["cpd"].unchanged == 3


def test_a_mapping_change_rederives_capabilities_and_keeps_the_reflection(
    database: Database,
) -> None:
    load_facts(database, [observation()])
    with database.transaction() as session:
        entry = session.scalars(select(CpdEntryRow)).one()
        assert entry.activity_date == date(2025, 11, 30)  # London date of 23:30 UTC in November
        assert entry.hours == 6.0
        assert entry.rule_location == "mappings/council.yaml:4"
        session.add(
            ReflectionRow(
                entry_id=entry.id,
                learnt="Threshold decisions",
                impact="Earlier referrals",
                status="submitted",
                created_at=NOW,
                updated_at=NOW,
            )
        )
    changed = MappingSet(
        rules=(replace(SG_RULE, capabilities=("KSS-CF-5", "KSS-CF-6")), PEER_RULE),
        roles=MAPPINGS.roles,
    )
    counts = load_facts(database, [observation()], mappings=changed)
    assert (counts["cpd"].new, counts["cpd"].changed) == (0, 1)
    with database.transaction() as session:
        entry = session.scalars(select(CpdEntryRow)).one()
        assert entry.capabilities == ["KSS-CF-5", "KSS-CF-6"]
        assert entry.reflection is not None
        assert entry.reflection.learnt == "Threshold decisions"
        audit = session.scalars(select(AuditRow).order_by(AuditRow.id)).all()
    assert [(a.action, a.actor) for a in audit] == [("derived", "sync"), ("rederived", "sync")]
    assert audit[1].before is not None and audit[1].after is not None
    assert audit[1].before["capabilities"] == ["KSS-CF-5", "SWE-PS-3.1"]
    assert audit[1].after["capabilities"] == ["KSS-CF-5", "KSS-CF-6"]


def test_an_unmapped_course_is_counted_and_its_entry_retired_then_revived(
    database: Database,
) -> None:
    counts = load_facts(database, [observation(), observation(3, 7, T_PEER)])
    assert counts["cpd"].unmapped == 1
    only_peer = MappingSet(rules=(PEER_RULE,), roles=MAPPINGS.roles)
    counts = load_facts(database, [observation()], mappings=only_peer)
    assert (counts["cpd"].retired, counts["cpd"].unmapped) == (1, 2)
    with database.transaction() as session:
        entry = session.scalars(select(CpdEntryRow)).one()
        assert entry.retired_at is not None
    counts = load_facts(database, [observation()])
    assert counts["cpd"].changed == 1
    with database.transaction() as session:
        assert session.scalars(select(CpdEntryRow.retired_at)).one() is None


def test_an_exact_time_takes_over_the_entry_of_an_approximate_one(database: Database) -> None:
    load_facts(database, [observation(when=T_SG)])
    with database.transaction() as session:
        entry = session.scalars(select(CpdEntryRow)).one()
        session.add(
            ReflectionRow(
                entry_id=entry.id,
                learnt="x",
                impact="y",
                status="draft",
                created_at=NOW,
                updated_at=NOW,
            )
        )
    exact_time = T_SG - 3 * 86400
    counts = load_facts(database, [observation(when=exact_time, source="plugin")])
    assert counts["completions"].new == 1
    assert (counts["cpd"].new, counts["cpd"].changed) == (0, 1)
    with database.transaction() as session:
        completions = session.scalars(select(CompletionRow).order_by(CompletionRow.id)).all()
        assert [c.date_source for c in completions] == ["criteria_latest", "plugin"]
        entry = session.scalars(select(CpdEntryRow)).one()
        assert entry.completion_id == completions[1].id
        assert entry.activity_date == date(2025, 11, 27)
        assert entry.reflection is not None
        actions = session.scalars(select(AuditRow.action).order_by(AuditRow.id)).all()
        assert actions == ["derived", "moved"]
    again = load_facts(database, [observation(when=exact_time, source="plugin")])
    _nothing_new_or_changed(again)


def test_only_completions_with_a_current_course_rule_become_cpd(database: Database) -> None:
    assert COURSES[2].shortname == "FIRE"
    counts = load_facts(database, [observation(3, 7)])
    assert (counts["cpd"].new, counts["cpd"].unmapped) == (0, 1)
