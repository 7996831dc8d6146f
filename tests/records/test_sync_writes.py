"""The writes of one sync run are idempotent, append-only and audited."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from sqlalchemy import select

from cpdsync.mappings.definitions import MappingSet
from cpdsync.records import sync_writes as writes
from cpdsync.records.db import Database
from cpdsync.records.schema import (
    AuditRow,
    CompletionRow,
    CpdEntryRow,
    CursorRow,
    ReflectionRow,
    SiteRow,
    WorkerRow,
)
from tests.records.facts import (
    COURSES,
    MAPPINGS,
    NOW,
    PEER_RULE,
    SG_RULE,
    SITE,
    T_PEER,
    T_SG,
    load_facts,
    observation,
)


def _nothing_new_or_changed(counts: dict[str, dict[str, object]]) -> None:
    for name, part in counts.items():
        assert (part["new"], part["changed"]) == (0, 0), name


def test_applying_the_same_facts_twice_reports_nothing_new_or_changed(database: Database) -> None:
    facts = [observation(), observation(3, 6, T_PEER), observation(4, 5, T_SG, "plugin")]
    first = load_facts(database, facts)
    second = load_facts(database, facts)
    assert first["courses"]["new"] == 3
    assert first["workers"]["new"] == 2
    assert first["completions"]["new"] == 3
    assert first["cpd"]["new"] == 3
    _nothing_new_or_changed(second)
    assert second["completions"]["unchanged"] == 3
    assert second["cpd"]["unchanged"] == 3


def test_workers_are_stored_with_a_normalised_swe_number_role_team_and_join_date(
    database: Database,
) -> None:
    load_facts(database)
    with database.transaction() as session:
        rows = {w.username: w for w in session.scalars(select(WorkerRow))}
    jo, sam = rows["jsmith"], rows["slee"]
    assert (jo.swe_number_raw, jo.swe_number) == (" sw104455 ", "SW104455")
    assert sam.swe_number == "SW118822"
    assert jo.registered_on == date(2019, 5, 1)
    assert (jo.role, sam.role) == ("child-and-family-sw", "team-manager")
    assert jo.team == "Children North"
    assert jo.first_seen.tzinfo is not None


def test_two_sites_are_held_apart_in_one_database(database: Database) -> None:
    other = replace(SITE, url="https://other.council.example")
    with database.transaction() as session:
        first = writes.get_or_create_site(session, SITE)
        again = writes.get_or_create_site(session, replace(SITE, sitename="Renamed"))
        second = writes.get_or_create_site(session, other)
        assert first.id == again.id != second.id
        assert first.url == "https://learning.council.example"
        assert session.scalars(select(SiteRow.sitename).order_by(SiteRow.id)).all() == [
            "Renamed",
            "Council Learning",
        ]


def test_a_complete_worker_list_marks_missing_workers_left_and_back(database: Database) -> None:
    load_facts(database)
    from tests.records.facts import WORKERS

    with database.transaction() as session:
        site = writes.get_or_create_site(session, SITE)
        kwargs = {
            "swe_number_field": "swenumber",
            "swe_registered_field": "sweregistered",
            "mappings": MAPPINGS,
            "complete": True,
        }
        gone = writes.upsert_workers(session, site, WORKERS[:1], **kwargs)  # type: ignore[arg-type]
        assert gone.changed == 1
        left = session.scalars(select(WorkerRow.left).where(WorkerRow.moodle_id == 4)).one()
        assert left is True
        back = writes.upsert_workers(session, site, WORKERS, **kwargs)  # type: ignore[arg-type]
        assert back.changed == 1
        assert not any(session.scalars(select(WorkerRow.left)))


def test_a_new_completion_time_adds_a_row_and_the_old_one_stays(database: Database) -> None:
    load_facts(database, [observation()])
    counts = load_facts(database, [observation(when=T_SG + 86400 * 400)])
    assert counts["completions"]["new"] == 1
    with database.transaction() as session:
        times = session.scalars(select(CompletionRow.timecompleted).order_by(CompletionRow.id))
        assert list(times) == [T_SG, T_SG + 86400 * 400]


def test_a_completion_of_an_unknown_worker_or_course_is_a_counted_warning(
    database: Database,
) -> None:
    counts = load_facts(database, [observation(99, 5), observation(3, 999), observation()])
    part = counts["completions"]
    assert (part["new"], part["skipped"]) == (1, 2)
    assert any("user 99" in w and "user is not stored" in w for w in part["warnings"])  # type: ignore[attr-defined]
    assert any("course 999" in w for w in part["warnings"])  # type: ignore[attr-defined]


def test_resets_are_marked_once_and_the_completion_is_kept(database: Database) -> None:
    load_facts(database, [observation(), observation(4, 5)])
    later = NOW + timedelta(days=1)
    with database.transaction() as session:
        site = writes.get_or_create_site(session, SITE)
        assert writes.known_completion_pairs(session, site) == {(3, 5), (4, 5)}
        assert writes.mark_resets(session, site, {(3, 5)}, now=NOW) == 1
        assert writes.mark_resets(session, site, {(3, 5)}, now=later) == 0
        assert writes.known_completion_pairs(session, site) == {(4, 5)}
    with database.transaction() as session:
        rows = session.scalars(select(CompletionRow)).all()
        assert len(rows) == 2
        marks = {row.worker.moodle_id: row.reset_observed_at for row in rows}
        assert marks == {3: NOW, 4: None}


def test_course_counts_below_what_is_held_name_the_courses_to_re_read(
    database: Database,
) -> None:
    load_facts(database, [observation(), observation(4, 5), observation(3, 6, T_PEER)])
    with database.transaction() as session:
        site = writes.get_or_create_site(session, SITE)
        assert writes.mark_resets_by_course_counts(session, site, {5: 1, 6: 1}, now=NOW) == {5}
        assert writes.mark_resets_by_course_counts(session, site, {5: 2, 6: 3}, now=NOW) == set()


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
    assert (counts["cpd"]["new"], counts["cpd"]["changed"]) == (0, 1)
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
    assert counts["cpd"]["unmapped"] == 1
    only_peer = MappingSet(rules=(PEER_RULE,), roles=MAPPINGS.roles)
    counts = load_facts(database, [observation()], mappings=only_peer)
    assert (counts["cpd"]["retired"], counts["cpd"]["unmapped"]) == (1, 2)
    with database.transaction() as session:
        entry = session.scalars(select(CpdEntryRow)).one()
        assert entry.retired_at is not None
    counts = load_facts(database, [observation()])
    assert counts["cpd"]["changed"] == 1
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
    assert counts["completions"]["new"] == 1
    assert (counts["cpd"]["new"], counts["cpd"]["changed"]) == (0, 1)
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


def test_a_cursor_never_moves_backwards(database: Database) -> None:
    load_facts(database)
    with database.transaction() as session:
        site = writes.get_or_create_site(session, SITE)
        assert writes.get_cursor(session, site, "completions") is None
        assert writes.advance_cursor(session, site, "completions", "1000") is True
        assert writes.advance_cursor(session, site, "completions", "999") is False
        assert writes.advance_cursor(session, site, "completions", "1000") is False
        assert writes.get_cursor(session, site, "completions") == "1000"
        assert writes.advance_cursor(session, site, "completions", "20000") is True
        assert writes.get_cursor(session, site, "completions") == "20000"
        assert len(session.scalars(select(CursorRow)).all()) == 1


def test_a_run_is_recorded_and_a_stale_running_one_is_closed_as_interrupted(
    database: Database,
) -> None:
    with database.transaction() as session:
        site = writes.get_or_create_site(session, SITE)
        stale = writes.start_run(session, site, strategy="standard", now=NOW)
        run = writes.start_run(session, site, strategy="standard", now=NOW + timedelta(hours=1))
        writes.finish_run(
            session,
            run,
            outcome="partial",
            counts={"completions": {"new": 2}},
            calls={"core_webservice_get_site_info": 1},
            warnings=[{"code": "nocriteriaset", "courseid": 7}],
            error=None,
            now=NOW + timedelta(hours=1, minutes=2),
        )
    from cpdsync.records.status_reads import list_runs

    with database.transaction() as session:
        runs = list_runs(session, SITE.url)
    assert [r.id for r in runs] == [run, stale]
    assert runs[0].outcome == "partial"
    assert runs[0].as_json()["duration_s"] == 120.0
    assert runs[0].warnings == [{"code": "nocriteriaset", "courseid": 7}]
    assert runs[1].outcome == "failed" and "interrupted" in (runs[1].error or "")


def test_only_completions_with_a_current_course_rule_become_cpd(database: Database) -> None:
    assert COURSES[2].shortname == "FIRE"
    counts = load_facts(database, [observation(3, 7)])
    assert (counts["cpd"]["new"], counts["cpd"]["unmapped"]) == (0, 1)
