"""Who is on the roster: set after each roster read, nobody's records deleted, and a person
the HR roster listed without a Moodle account keeps their row once the account exists."""

from __future__ import annotations

from sqlalchemy import select

from cpdsync.records import catalogue_rows, roster_rows, worker_reads
from cpdsync.records.db import Database
from cpdsync.records.row_values import RosterOnlyValues
from cpdsync.records.schema import WorkerRow
from tests.records.rows import NOW, store_sample, worker

NADIA = RosterOnlyValues(
    email="Nadia.New@council.example",
    idnumber="EMP0999",
    fullname="Nadia New",
    team="Adults East",
    role=None,
    source="roster.csv:4",
)


def _by_email(database: Database) -> dict[str, tuple[int | None, bool, list[str]]]:
    with database.transaction() as session:
        return {
            row.email: (row.moodle_id, row.on_roster, list(row.roster_sources))
            for row in session.scalars(select(WorkerRow))
        }


def test_a_roster_read_puts_its_workers_on_and_everyone_else_off_without_deleting(
    database: Database,
) -> None:
    with database.transaction() as session:
        site = store_sample(session)  # workers 3 and 4, from enrolments
        counts, off = roster_rows.mark_roster(
            session, site, {3: ["cohort SW-REGISTERED"]}, [NADIA], now=NOW
        )
        assert [row.moodle_id for row in off] == [4]
        assert [w.email for w in worker_reads.workers_in(session)] == [
            "Nadia.New@council.example",
            "jo.smith@council.example",
        ]
    assert (counts.new, counts.left_out, counts.no_moodle_account) == (2, 1, 1)
    held = _by_email(database)
    assert held["jo.smith@council.example"] == (3, True, ["cohort SW-REGISTERED"])
    assert held["sam.lee@council.example"] == (4, False, [])
    assert held["Nadia.New@council.example"] == (None, True, ["roster.csv:4"])

    with database.transaction() as session:
        site = store_sample(session)
        again, off = roster_rows.mark_roster(
            session, site, {3: ["cohort SW-REGISTERED"], 4: ["roster.csv:2"]}, [NADIA], now=NOW
        )
    # Worker 4 is back, with everything held; the others were on it already.
    assert (again.new, again.changed, again.unchanged, again.left_out) == (1, 0, 2, 0)
    assert off == []


def test_without_a_roster_only_people_of_an_earlier_hr_roster_go_off_it(
    database: Database,
) -> None:
    with database.transaction() as session:
        site = store_sample(session)
        roster_rows.mark_roster(session, site, {3: ["cohort A"]}, [NADIA], now=NOW)
        _, off = roster_rows.mark_roster(session, site, {4: ()}, [], now=NOW, complete=False)
    assert [row.email for row in off] == ["Nadia.New@council.example"]
    held = _by_email(database)
    assert held["jo.smith@council.example"][1] is True  # listed by no enrolment, still kept on
    assert held["sam.lee@council.example"][1] is True  # listed again through an enrolment


def test_a_person_without_an_account_takes_it_when_it_appears_by_idnumber_or_email(
    database: Database,
) -> None:
    with database.transaction() as session:
        site = store_sample(session)
        roster_rows.mark_roster(session, site, {}, [NADIA], now=NOW)
        (row,) = [r for r in session.scalars(select(WorkerRow)) if r.moodle_id is None]
        nadia_id = row.id
        # The account exists now; the HR row no longer gives the idnumber.
        assert roster_rows.adopt_accounts(session, site, {"email:nadia.new@council.example": 40})
        catalogue_rows.store_workers(
            session, site, [worker(40, email="nadia.new@council.example")], now=NOW
        )
        # An account a worker holds already is not given twice.
        assert roster_rows.adopt_accounts(session, site, {"idnumber:emp0003": 3}) == 0
        rows = [r for r in session.scalars(select(WorkerRow)) if r.moodle_id == 40]
    assert [r.id for r in rows] == [nadia_id]
