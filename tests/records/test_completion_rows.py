"""Completions are append-only: one row per time, resets marked, never deleted."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from cpdsync.connector.facts import DATE_SOURCES as CONNECTOR_SOURCES
from cpdsync.records import completion_rows
from cpdsync.records.db import Database
from cpdsync.records.schema import DATE_SOURCES, CompletionRow
from tests.records.rows import NOW, T_SG, completion, store_sample


def test_records_ranks_the_date_sources_the_connector_names_in_the_same_order() -> None:
    assert DATE_SOURCES == CONNECTOR_SOURCES
    assert [completion_rows.source_rank(s) for s in DATE_SOURCES] == [0, 1, 2, 3]


def test_a_new_completion_time_adds_a_row_and_the_old_one_stays(database: Database) -> None:
    with database.transaction() as session:
        site = store_sample(session)
        first = completion_rows.record_completions(session, site, [completion()], now=NOW)
        later = completion(when=T_SG + 86400 * 400)
        second = completion_rows.record_completions(session, site, [completion(), later], now=NOW)
        times = session.scalars(select(CompletionRow.timecompleted).order_by(CompletionRow.id))
        assert list(times) == [T_SG, T_SG + 86400 * 400]
    assert (first.new, second.new, second.unchanged) == (1, 1, 1)


def test_the_same_completion_twice_in_one_batch_is_one_row_with_the_better_source(
    database: Database,
) -> None:
    with database.transaction() as session:
        site = store_sample(session)
        twice = [completion(source="observed"), completion(source="report")]
        counts = completion_rows.record_completions(session, site, twice, now=NOW)
        sources = session.scalars(select(CompletionRow.date_source)).all()
    assert (counts.new, sources) == (1, ["report"])


def test_a_more_exact_source_for_a_held_time_replaces_the_source(database: Database) -> None:
    with database.transaction() as session:
        site = store_sample(session)
        completion_rows.record_completions(session, site, [completion()], now=NOW)
        better = completion_rows.record_completions(
            session, site, [completion(source="plugin")], now=NOW
        )
        worse = completion_rows.record_completions(
            session, site, [completion(source="observed")], now=NOW
        )
        source = session.scalars(select(CompletionRow.date_source)).one()
    assert (better.changed, worse.unchanged, source) == (1, 1, "plugin")


def test_a_completion_of_an_unknown_worker_or_course_is_a_counted_skip(
    database: Database,
) -> None:
    with database.transaction() as session:
        site = store_sample(session)
        counts = completion_rows.record_completions(
            session, site, [completion(99, 5), completion(3, 999), completion()], now=NOW
        )
    assert (counts.new, counts.skipped) == (1, 2)
    assert any("user 99" in w and "user is not stored" in w for w in counts.skipped_because)
    assert any("course 999" in w for w in counts.skipped_because)
    assert "skipped_because" not in counts.as_json()


def test_resets_are_marked_once_and_unmarked_when_reported_again(database: Database) -> None:
    later = NOW + timedelta(days=1)
    with database.transaction() as session:
        site = store_sample(session)
        completion_rows.record_completions(session, site, [completion(), completion(4)], now=NOW)
        assert completion_rows.known_completion_pairs(session, site) == {(3, 5), (4, 5)}
        assert completion_rows.mark_resets(session, site, {(3, 5)}, now=NOW) == 1
        assert completion_rows.mark_resets(session, site, {(3, 5)}, now=later) == 0
        assert completion_rows.mark_resets(session, site, set(), now=later) == 0
        assert completion_rows.known_completion_pairs(session, site) == {(4, 5)}
        rows = session.scalars(select(CompletionRow).order_by(CompletionRow.id)).all()
        assert [row.reset_observed_at for row in rows] == [NOW, None]
        again = completion_rows.record_completions(session, site, [completion()], now=later)
        assert again.changed == 1
        assert completion_rows.known_completion_pairs(session, site) == {(3, 5), (4, 5)}


def test_course_counts_below_what_is_held_name_the_courses_to_re_read(
    database: Database,
) -> None:
    with database.transaction() as session:
        site = store_sample(session)
        held = [completion(), completion(4), completion(3, 6)]
        completion_rows.record_completions(session, site, held, now=NOW)
        assert completion_rows.courses_reporting_fewer(session, site, {5: 1, 6: 1}) == {5}
        assert completion_rows.courses_reporting_fewer(session, site, {5: 2, 6: 3}) == set()
