"""The packaged migrations create exactly the ORM schema, and versions are checked on open."""

from __future__ import annotations

import logging

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from cpdsync.errors import StorageError
from cpdsync.records.db import create_engine_for, migrate, normalise_url, open_database
from cpdsync.records.migrate import current_revision, head_revision, upgrade
from cpdsync.records.models import Base


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
