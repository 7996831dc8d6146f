"""The packaged migrations create exactly the ORM schema, and versions are checked on open."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.orm import Session

from cpdsync.errors import StorageError
from cpdsync.records import catalogue_rows
from cpdsync.records.db import create_engine_for, migrate, normalise_url, open_database
from cpdsync.records.migrate import alembic_config, current_revision, head_revision, upgrade
from cpdsync.records.schema import Base
from cpdsync.records.site_rows import store_site
from tests.records.rows import NOW, SITE, WORKERS


def test_a_fresh_database_migrates_to_the_head_revision(db_url: str) -> None:
    migrate(db_url)
    engine = sa.create_engine(normalise_url(db_url))
    with engine.connect() as connection:
        assert current_revision(connection) == head_revision()
    engine.dispose()


def test_the_migrated_schema_matches_the_orm_models(db_url: str) -> None:
    migrate(db_url)
    engine = sa.create_engine(normalise_url(db_url))
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert differences == []


def test_opening_twice_leaves_the_schema_as_it_is(db_url: str) -> None:
    open_database(db_url).close()
    database = open_database(db_url)
    with database.transaction() as session:
        assert session.execute(sa.text("SELECT count(*) FROM sites")).scalar_one() == 0
    database.close()


def test_a_database_behind_the_code_is_upgraded_in_place_with_a_log_line(
    db_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    engine = sa.create_engine(normalise_url(db_url))
    with engine.begin() as connection:
        # A database that predates the records schema: an older cpdsync's empty version table.
        connection.execute(sa.text("CREATE TABLE alembic_version (version_num VARCHAR(32))"))
    engine.dispose()
    with caplog.at_level(logging.INFO, logger="cpdsync.records.migrate"):
        open_database(db_url).close()
    assert any("cpdsync schema" in record.getMessage() for record in caplog.records)
    engine = sa.create_engine(normalise_url(db_url))
    with engine.connect() as connection:
        assert current_revision(connection) == head_revision()
    engine.dispose()


def test_a_database_ahead_of_the_code_is_refused(db_url: str) -> None:
    migrate(db_url)
    engine = sa.create_engine(normalise_url(db_url))
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    with pytest.raises(StorageError, match=r"revision 9999.*newer cpdsync"):
        open_database(db_url)


def test_a_migration_interrupted_before_commit_leaves_no_half_schema(db_url: str) -> None:
    engine = create_engine_for(normalise_url(db_url))
    with pytest.raises(RuntimeError), engine.begin() as connection:
        upgrade(connection, "test database")
        raise RuntimeError("killed before the commit")
    with engine.connect() as connection:
        assert sa.inspect(connection).get_table_names() == []
    engine.dispose()
    open_database(db_url).close()


def test_a_revision_0001_database_holding_reminders_upgrades_with_them_marked_sent(
    db_url: str,
) -> None:
    engine = create_engine_for(normalise_url(db_url))
    with engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
    with Session(engine) as session, session.begin():
        site_row = store_site(session, SITE, now=NOW)
        catalogue_rows.store_workers(session, site_row, WORKERS[:1], now=NOW)
        session.execute(
            sa.text(
                "INSERT INTO reminders_sent (worker_id, registration_year, threshold, sent_at, "
                "channel) SELECT id, '2025-26', '30d', :at, 'moodle' FROM workers"
            ),
            {"at": datetime(2026, 10, 31, 9, 0, tzinfo=UTC)},
        )
    engine.dispose()

    open_database(db_url).close()

    engine = create_engine_for(normalise_url(db_url))
    with engine.connect() as connection:
        assert current_revision(connection) == head_revision()
        rows = connection.execute(
            sa.text("SELECT registration_year, threshold, status FROM reminders_sent")
        ).all()
    engine.dispose()
    assert [tuple(row) for row in rows] == [("2025-26", "30d", "sent")]


def test_a_revision_0002_database_holding_courses_upgrades_with_empty_summaries(
    db_url: str,
) -> None:
    engine = create_engine_for(normalise_url(db_url))
    with engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "0002")
        site_id = connection.execute(
            sa.text(
                "INSERT INTO sites (url, sitename, release, version, first_seen, last_seen) "
                "VALUES ('https://l.example', 'L', '4.5', '1', :at, :at) RETURNING id"
            ),
            {"at": NOW},
        ).scalar_one()
        connection.execute(
            sa.text(
                "INSERT INTO courses (site_id, moodle_id, shortname, fullname, idnumber, "
                "category_moodle_id, category_path, tags, customfields, first_seen, last_seen) "
                "VALUES (:site, 5, 'SG', 'Safeguarding', '', 0, '', '[]', '{}', :at, :at)"
            ),
            {"site": site_id, "at": NOW},
        )
    engine.dispose()

    open_database(db_url).close()

    engine = create_engine_for(normalise_url(db_url))
    with engine.connect() as connection:
        assert current_revision(connection) == head_revision() == "0007_course_summary"
        rows = connection.execute(sa.text("SELECT shortname, summary FROM courses")).all()
    engine.dispose()
    assert [tuple(row) for row in rows] == [("SG", "")]
