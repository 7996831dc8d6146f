"""Database errors stop at the records layer as StorageError naming the database and a fix."""

from __future__ import annotations

import os
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from cpdsync.errors import SchemaBehindError, StorageError
from cpdsync.records.db import normalise_url, open_database
from cpdsync.records.schema import SiteRow


def test_plain_postgresql_urls_use_the_psycopg_driver() -> None:
    assert normalise_url("postgresql://u@h/db").drivername == "postgresql+psycopg"
    assert normalise_url("postgres://u@h/db").drivername == "postgresql+psycopg"


def test_an_unreachable_postgresql_is_a_storage_error_with_the_password_masked() -> None:
    with pytest.raises(StorageError) as caught:
        open_database("postgresql://cpdsync:s3cret@127.0.0.1:1/cpdsync?connect_timeout=2")
    message = str(caught.value)
    assert "s3cret" not in message
    assert "postgresql+psycopg://cpdsync:***@127.0.0.1:1/cpdsync" in message
    assert "check database.url, that PostgreSQL is running" in message


def test_a_url_that_is_not_a_database_is_refused() -> None:
    with pytest.raises(StorageError, match="not a database URL"):
        open_database("not a url")
    with pytest.raises(StorageError, match="SQLite or PostgreSQL only"):
        open_database("mysql://u@h/db")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes read-only files")
def test_a_read_only_sqlite_file_is_a_storage_error_saying_what_to_check(tmp_path: Path) -> None:
    path = tmp_path / "cpdsync.db"
    open_database(f"sqlite:///{path}").close()
    path.chmod(stat.S_IRUSR)
    tmp_path.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        with pytest.raises(StorageError, match=r"cpdsync\.db.*may write"):
            database = open_database(f"sqlite:///{path}")
            with database.transaction() as session:
                session.add(SiteRow(url="x", first_seen=_now(), last_seen=_now()))
    finally:
        tmp_path.chmod(stat.S_IRWXU)


def test_a_read_only_sqlite_connection_is_a_storage_error_and_rolls_back(tmp_path: Path) -> None:
    path = tmp_path / "cpdsync.db"
    open_database(f"sqlite:///{path}").close()
    # A read-only connection opens (the schema is current) but refuses the write.
    database = open_database(f"sqlite:///file:{path}?mode=ro&uri=true")
    with pytest.raises(StorageError, match=r"readonly.*may write"), database.transaction() as s:
        s.add(SiteRow(url="x", first_seen=_now(), last_seen=_now()))
    database.close()
    check = sa.create_engine(f"sqlite:///{path}")
    with check.connect() as connection:
        assert connection.execute(sa.text("SELECT count(*) FROM sites")).scalar_one() == 0
    check.dispose()


def test_a_failed_transaction_rolls_back_everything_in_it(db_url: str) -> None:
    database = open_database(db_url)
    with (
        pytest.raises(StorageError, match="a transaction failed"),
        database.transaction() as session,
    ):
        session.add(SiteRow(url="same", first_seen=_now(), last_seen=_now()))
        session.flush()
        session.add(SiteRow(url="other", first_seen=_now(), last_seen=_now()))
        session.flush()
        session.add(SiteRow(url="same", first_seen=_now(), last_seen=_now()))
    with database.transaction() as session:
        assert session.query(SiteRow).count() == 0
    database.close()


def test_a_naive_datetime_is_refused_rather_than_guessed(db_url: str) -> None:
    database = open_database(db_url)
    with pytest.raises(StorageError, match="naive datetime"), database.transaction() as session:
        session.add(SiteRow(url="x", first_seen=datetime(2026, 1, 1), last_seen=_now()))
    database.close()


def _now() -> datetime:
    return datetime.now(UTC)


def test_a_database_opened_read_only_reads_and_refuses_every_write(db_url: str) -> None:
    open_database(db_url).close()
    database = open_database(db_url, read_only=True)
    with database.transaction() as session:
        assert session.execute(sa.text("SELECT count(*) FROM sites")).scalar_one() == 0
    with pytest.raises(StorageError, match="a transaction failed"), database.transaction() as s:
        s.add(SiteRow(url="x", first_seen=_now(), last_seen=_now()))
    database.close()


def test_a_missing_sqlite_file_opened_read_only_is_not_created(tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "cpdsync.db"
    with pytest.raises(SchemaBehindError, match="no database at .*run cpdsync sync") as caught:
        open_database(f"sqlite:///{path}", read_only=True)
    assert caught.value.empty
    assert not path.parent.exists()
