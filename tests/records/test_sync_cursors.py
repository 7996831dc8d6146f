"""A cursor only moves forward, per site and name."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from cpdsync.records.db import Database
from cpdsync.records.schema import CursorRow
from cpdsync.records.sync_cursors import advance_cursor, get_cursor
from tests.records.rows import NOW, store_sample


def test_a_cursor_never_moves_backwards(database: Database) -> None:
    later = NOW + timedelta(minutes=5)
    with database.transaction() as session:
        site = store_sample(session)
        assert get_cursor(session, site, "completions") is None
        assert get_cursor(session, None, "completions") is None
        assert advance_cursor(session, site, "completions", "1000", now=NOW) is True
        assert advance_cursor(session, site, "completions", "999", now=later) is False
        assert advance_cursor(session, site, "completions", "1000", now=later) is False
        assert get_cursor(session, site, "completions") == "1000"
        assert advance_cursor(session, site, "completions", "20000", now=later) is True
        assert get_cursor(session, site, "completions") == "20000"
        (row,) = session.scalars(select(CursorRow)).all()
    assert row.updated == later
