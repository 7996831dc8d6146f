"""Reading where a database stands never creates, migrates or writes anything."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from cpdsync.errors import StorageError
from cpdsync.records.db import migrate, normalise_url
from cpdsync.records.migrate import head_revision
from cpdsync.records.schema_state import inspect_schema


def _tables(db_url: str) -> list[str]:
    engine = sa.create_engine(normalise_url(db_url))
    try:
        return sa.inspect(engine).get_table_names()
    finally:
        engine.dispose()


def test_an_empty_database_has_no_schema_and_is_left_empty(db_url: str) -> None:
    state = inspect_schema(db_url)
    assert (state.revision, state.head, state.current) == (None, head_revision(), False)
    if db_url.startswith("sqlite"):
        assert state.exists is False
        assert not Path(db_url.removeprefix("sqlite:///")).exists()
    else:
        assert _tables(db_url) == []


def test_a_migrated_database_is_current(db_url: str) -> None:
    migrate(db_url)
    state = inspect_schema(db_url)
    assert state.current and state.known and state.exists


def test_an_unreachable_database_is_a_storage_error_naming_it() -> None:
    with pytest.raises(StorageError, match=r"127\.0\.0\.1:1/cpdsync.*check database.url"):
        inspect_schema("postgresql://cpdsync@127.0.0.1:1/cpdsync")
