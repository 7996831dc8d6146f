"""Sites, categories, courses and workers are stored idempotently and read back as stored."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from sqlalchemy import select

from cpdsync.records import catalogue_rows
from cpdsync.records.db import Database
from cpdsync.records.schema import CourseRow, SiteRow, WorkerRow
from cpdsync.records.site_rows import find_site, site_key, store_site
from tests.records.rows import CATEGORIES, COURSES, NOW, SITE, WORKERS, store_sample, worker


def test_storing_the_same_catalogue_twice_reports_nothing_new_or_changed(
    database: Database,
) -> None:
    with database.transaction() as session:
        site = store_site(session, SITE, now=NOW)
        first = [
            catalogue_rows.store_categories(session, site, CATEGORIES),
            catalogue_rows.store_courses(session, site, COURSES, now=NOW),
            catalogue_rows.store_workers(session, site, WORKERS, now=NOW),
        ]
        again = [
            catalogue_rows.store_categories(session, site, CATEGORIES),
            catalogue_rows.store_courses(session, site, COURSES, now=NOW),
            catalogue_rows.store_workers(session, site, WORKERS, now=NOW),
        ]
    assert [c.new for c in first] == [2, 3, 2]
    assert [(c.new, c.changed, c.unchanged) for c in again] == [(0, 0, 2), (0, 0, 3), (0, 0, 2)]


def test_two_sites_are_held_apart_in_one_database(database: Database) -> None:
    other = replace(SITE, url="https://other.council.example")
    with database.transaction() as session:
        first = store_site(session, SITE, now=NOW)
        again = store_site(session, replace(SITE, sitename="Renamed"), now=NOW)
        second = store_site(session, other, now=NOW)
        assert first.id == again.id != second.id
        assert first.url == site_key(SITE.url) == "https://learning.council.example"
        assert find_site(session, " https://learning.council.example/ ") is first
        assert find_site(session, "https://nowhere.example") is None
        assert session.scalars(select(SiteRow.sitename).order_by(SiteRow.id)).all() == [
            "Renamed",
            "Council Learning",
        ]


def test_a_course_takes_its_stored_category_path_and_keeps_what_moodle_withholds(
    database: Database,
) -> None:
    with database.transaction() as session:
        site = store_sample(session)
        withheld = replace(COURSES[0], visible=None, enablecompletion=None, fullname="Renamed")
        counts = catalogue_rows.store_courses(session, site, [withheld], now=NOW)
        row = session.scalars(select(CourseRow).where(CourseRow.moodle_id == 5)).one()
    assert counts.changed == 1
    assert row.category_path == "Safeguarding / Children"
    assert (row.fullname, row.visible, row.enablecompletion) == ("Renamed", True, True)


def test_what_no_reply_carried_never_blanks_a_held_course(database: Database) -> None:
    with database.transaction() as session:
        site = store_sample(session)
        unknown = replace(COURSES[0], idnumber=None, shortname="", fullname="")
        counts = catalogue_rows.store_courses(session, site, [unknown], now=NOW)
        row = session.scalars(select(CourseRow).where(CourseRow.moodle_id == 5)).one()
        assert counts.changed == 0
        # Moved to a category the token cannot see: the id is news, the path is not known.
        moved = replace(unknown, category_moodle_id=99)
        assert catalogue_rows.store_courses(session, site, [moved], now=NOW).changed == 1
        assert row.category_moodle_id == 99
        assert (row.idnumber, row.shortname, row.fullname, row.category_path) == (
            "KSS-CF-05-SG",
            "SG-L3",
            "Safeguarding children level 3",
            "Safeguarding / Children",
        )
        # Moodle saying "empty" (it gave the field) is evidence, and is stored.
        cleared = catalogue_rows.store_courses(
            session, site, [replace(COURSES[0], idnumber="")], now=NOW
        )
        assert cleared.changed == 1
        assert row.idnumber == ""
        fresh = catalogue_rows.store_courses(
            session, site, [replace(COURSES[0], moodle_id=50, idnumber=None)], now=NOW
        )
    assert fresh.new == 1


def test_a_complete_course_list_marks_a_missing_course_once_and_clears_it_when_back(
    database: Database,
) -> None:
    later = NOW + timedelta(days=1)
    with database.transaction() as session:
        site = store_sample(session)
        gone = catalogue_rows.store_courses(session, site, COURSES[1:], now=later, complete=True)
        again = catalogue_rows.store_courses(
            session, site, COURSES[1:], now=later + timedelta(days=1), complete=True
        )
        row = session.scalars(select(CourseRow).where(CourseRow.moodle_id == 5)).one()
        assert (gone.changed, again.changed) == (1, 0)
        assert row.missing_since == later
        partial = catalogue_rows.store_courses(session, site, COURSES[2:], now=later)
        assert partial.changed == 0  # a partial list says nothing about who is missing
        held = {c.moodle_id: c.missing_since for c in catalogue_rows.courses_held(session)}
        assert held == {5: later, 6: None, 7: None}
        back = catalogue_rows.store_courses(session, site, COURSES, now=later, complete=True)
        assert back.changed == 1
        assert row.missing_since is None


def test_a_complete_worker_list_marks_missing_workers_left_and_back(database: Database) -> None:
    with database.transaction() as session:
        site = store_sample(session)
        gone = catalogue_rows.store_workers(session, site, WORKERS[:1], now=NOW, complete=True)
        assert gone.changed == 1
        left = session.scalars(select(WorkerRow.left).where(WorkerRow.moodle_id == 4)).one()
        assert left is True
        back = catalogue_rows.store_workers(session, site, WORKERS, now=NOW, complete=True)
        assert back.changed == 1
        assert not any(session.scalars(select(WorkerRow.left)))


def test_a_new_worker_on_a_complete_list_is_stored_as_not_left(database: Database) -> None:
    with database.transaction() as session:
        site = store_sample(session)
        newcomer = worker(9, email="new@council.example", username="new")
        counts = catalogue_rows.store_workers(
            session, site, [*WORKERS, newcomer], now=NOW, complete=True
        )
        row = session.scalars(select(WorkerRow).where(WorkerRow.moodle_id == 9)).one()
    assert counts.new == 1
    assert row.left is False


def test_workers_not_seen_again_keep_the_time_moodle_last_listed_them(database: Database) -> None:
    later = NOW + timedelta(days=1)
    with database.transaction() as session:
        site = store_sample(session)
        renamed = [replace(WORKERS[0], role="team-manager")]
        counts = catalogue_rows.store_workers(session, site, renamed, now=later, seen=False)
        row = session.scalars(select(WorkerRow).where(WorkerRow.moodle_id == 3)).one()
    assert counts.changed == 1
    assert (row.role, row.last_seen) == ("team-manager", NOW)


def test_the_held_catalogue_is_what_was_seen_since_the_refresh_as_stored(
    database: Database,
) -> None:
    later = NOW + timedelta(hours=1)
    with database.transaction() as session:
        site = store_sample(session)
        catalogue_rows.store_workers(session, site, WORKERS[1:], now=later)
        catalogue_rows.store_courses(session, site, COURSES[:1], now=later)
        workers = catalogue_rows.held_workers(session, site, seen_since=later)
        courses = catalogue_rows.held_courses(session, site, seen_since=NOW)
    assert workers == WORKERS[1:]
    assert [c.moodle_id for c in courses] == [5, 6, 7]
    first = courses[0]
    assert (first.category_path, first.tags, first.customfields) == (
        "Safeguarding / Children",
        ("safeguarding",),
        {"cpdhours": "6"},
    )


def test_courses_held_by_shortname_of_one_site_and_tracked_only(database: Database) -> None:
    with database.transaction() as session:
        store_sample(session)
        store_sample(session, replace(SITE, url="https://other.council.example"))
        every = catalogue_rows.courses_held(session)
        ours = catalogue_rows.courses_held(session, site_url=SITE.url, tracked_only=True)
    assert [c.shortname for c in every] == ["FIRE", "FIRE", "RPG", "RPG", "SG-L3", "SG-L3"]
    assert [c.shortname for c in ours] == ["RPG", "SG-L3"]


def test_a_course_summary_is_kept_and_a_changed_one_counts_as_changed(database: Database) -> None:
    summary = "<p>Section 47 enquiries: thresholds and <b>partner</b> agencies.</p>"
    with database.transaction() as session:
        site = store_site(session, SITE, now=NOW)
        catalogue_rows.store_categories(session, site, CATEGORIES)
        catalogue_rows.store_courses(session, site, [replace(COURSES[0], summary=summary)], now=NOW)
        changed = catalogue_rows.store_courses(
            session, site, [replace(COURSES[0], summary=summary + "<p>New.</p>")], now=NOW
        )
        held = session.scalars(select(CourseRow.summary)).all()
    assert (changed.new, changed.changed) == (0, 1)
    assert held == [summary + "<p>New.</p>"]
