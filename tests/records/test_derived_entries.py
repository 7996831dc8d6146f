"""Derived CPD entries are created, refreshed, moved and retired with an audit row each; an
unchanged entry writes nothing."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from sqlalchemy import select

from cpdsync.records import completion_rows, derived_entries
from cpdsync.records.db import Database
from cpdsync.records.schema import AuditRow, CpdEntryRow
from tests.records.rows import NOW, SITE, T_SG, VALUES, completion, store_sample

LATER = NOW + timedelta(days=1)


def _audit(database: Database) -> list[tuple[str, str]]:
    with database.transaction() as session:
        rows = session.scalars(select(AuditRow).order_by(AuditRow.id))
        return [(row.action, row.actor) for row in rows]


def test_the_completions_and_entries_of_a_site_are_read_without_other_sites(
    database: Database,
) -> None:
    with database.transaction() as session:
        site = store_sample(session)
        other = store_sample(session, replace(SITE, url="https://other.council.example"))
        completion_rows.record_completions(
            session, site, [completion(), completion(when=T_SG + 60)], now=NOW
        )
        completion_rows.record_completions(session, other, [completion()], now=NOW)
        ours = derived_entries.site_completions(session, site)
        first = ours[0]
        entry = derived_entries.create_entry(
            session,
            worker_id=first.worker_id,
            completion_id=first.id,
            values=VALUES,
            actor="sync",
            now=NOW,
        )
        assert [c.timecompleted for c in ours] == [T_SG, T_SG + 60]
        assert ours[0].course.shortname == "SG-L3"
        assert derived_entries.site_entries(session, site) == {first.id: entry}
        assert derived_entries.site_entries(session, other) == {}


def test_an_entry_is_created_refreshed_and_retired_each_with_an_audit_row(
    database: Database,
) -> None:
    with database.transaction() as session:
        site = store_sample(session)
        completion_rows.record_completions(session, site, [completion()], now=NOW)
        (held,) = derived_entries.site_completions(session, site)
        entry = derived_entries.create_entry(
            session,
            worker_id=held.worker_id,
            completion_id=held.id,
            values=VALUES,
            actor="sync",
            now=NOW,
        )
        unchanged = derived_entries.refresh_entry(
            session,
            entry,
            completion_id=held.id,
            values=VALUES,
            action="rederived",
            actor="sync",
            now=LATER,
        )
        assert unchanged is False
        changed = replace(VALUES, capabilities=("KSS-CF-5", "KSS-CF-6"))
        assert derived_entries.refresh_entry(
            session,
            entry,
            completion_id=held.id,
            values=changed,
            action="rederived",
            actor="sync",
            now=LATER,
        )
        assert derived_entries.retire_entry(session, entry, "unmapped", actor="sync", now=LATER)
        assert not derived_entries.retire_entry(session, entry, "unmapped", actor="sync", now=LATER)
        row = session.scalars(select(CpdEntryRow)).one()
        assert (row.source, row.capabilities, row.retired_reason) == (
            "moodle",
            ["KSS-CF-5", "KSS-CF-6"],
            "unmapped",
        )
        assert (row.created_at, row.derived_at, row.retired_at) == (NOW, LATER, LATER)
    assert _audit(database) == [("derived", "sync"), ("rederived", "sync"), ("retired", "sync")]


def test_refreshing_a_retired_entry_revives_it_and_a_move_keeps_what_it_says(
    database: Database,
) -> None:
    with database.transaction() as session:
        site = store_sample(session)
        completion_rows.record_completions(
            session, site, [completion(), completion(when=T_SG - 60, source="plugin")], now=NOW
        )
        approximate, exact = derived_entries.site_completions(session, site)
        entry = derived_entries.create_entry(
            session,
            worker_id=approximate.worker_id,
            completion_id=approximate.id,
            values=VALUES,
            actor="sync",
            now=NOW,
        )
        derived_entries.retire_entry(session, entry, "unmapped", actor="sync", now=NOW)
        assert derived_entries.refresh_entry(
            session,
            entry,
            completion_id=exact.id,
            values=None,
            action="moved",
            actor="sync",
            now=LATER,
        )
        row = session.scalars(select(CpdEntryRow)).one()
        assert (row.completion_id, row.retired_at, row.title) == (exact.id, None, VALUES.title)
        moved = session.scalars(select(AuditRow).where(AuditRow.action == "moved")).one()
        assert moved.before is not None and moved.after is not None
        assert moved.before["completion_id"] == approximate.id
        assert moved.after["completion_id"] == exact.id
        assert moved.before["retired_reason"] == "unmapped"
        assert moved.after["retired_reason"] is None
