"""What reports read of workers: teams, live CPD entries, completions not reset."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select

from cpdsync.records import catalogue_rows, completion_rows, derived_entries, worker_reads
from cpdsync.records.db import Database
from cpdsync.records.schema import CourseRow, WorkerRow
from tests.records.rows import NOW, VALUES, WORKERS, completion, store_sample, worker


def test_workers_are_read_by_team_in_any_case_and_the_teams_are_named(
    database: Database,
) -> None:
    with database.transaction() as session:
        site = store_sample(session)
        no_team = worker(5, email="al@council.example", username="al", team=None)
        catalogue_rows.store_workers(session, site, [*WORKERS, no_team], now=NOW)
        everyone = worker_reads.workers_in(session)
        north = worker_reads.workers_in(session, " children NORTH ")
        teams = worker_reads.team_names(session)
        emails = worker_reads.worker_emails(session)
    assert [w.fullname for w in everyone] == ["Worker 3", "Worker 4", "Worker 5"]
    assert [w.username for w in north] == ["jsmith"]
    assert teams == ["Adults", "Children North"]
    assert emails == ["al@council.example", "jo.smith@council.example", "sam.lee@council.example"]


def test_live_entries_leave_retired_ones_out_and_carry_their_course(database: Database) -> None:
    with database.transaction() as session:
        site = store_sample(session)
        completion_rows.record_completions(session, site, [completion(), completion(3, 6)], now=NOW)
        first, second = derived_entries.site_completions(session, site)
        for held, title in ((first, "B"), (second, "A")):
            derived_entries.create_entry(
                session,
                worker_id=held.worker_id,
                completion_id=held.id,
                values=replace(VALUES, title=title),
                actor="sync",
                now=NOW,
            )
        retired = derived_entries.site_entries(session, site)[second.id]
        derived_entries.retire_entry(session, retired, "unmapped", actor="sync", now=NOW)
        jo = session.scalars(select(WorkerRow.id).where(WorkerRow.moodle_id == 3)).one()
        (entry,) = worker_reads.live_entries(session, [jo])
        assert entry.title == "B"
        assert entry.completion is not None and entry.completion.course.moodle_id == 5


def test_live_completion_courses_leave_reset_completions_out(database: Database) -> None:
    with database.transaction() as session:
        site = store_sample(session)
        completion_rows.record_completions(
            session, site, [completion(), completion(3, 6), completion(4, 7)], now=NOW
        )
        completion_rows.mark_resets(session, site, {(3, 6)}, now=NOW)
        ids = {m: i for m, i in session.execute(select(WorkerRow.moodle_id, WorkerRow.id))}
        courses = {i: m for i, m in session.execute(select(CourseRow.id, CourseRow.moodle_id))}
        found = worker_reads.live_completion_courses(session, [ids[3]])
    assert [(worker_id, courses[course_id]) for worker_id, course_id in found] == [(ids[3], 5)]
