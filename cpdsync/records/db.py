"""Opening a database: URL normalisation, SQLite settings, migration, one transaction helper.

Every SQLAlchemy or driver error stops here and becomes a StorageError naming the database.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session


class Database:
    """An opened, migrated database."""

    def __init__(self, engine: Engine, url: str) -> None:
        self.engine = engine
        self.url = url

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """Yield a Session that commits on success and rolls back on any error."""
        raise NotImplementedError
        yield  # pragma: no cover

    def close(self) -> None:
        self.engine.dispose()


def open_database(url: str) -> Database:
    """Return the database at ``url``, migrated to the schema of this version.

    Raise StorageError when it cannot be reached or is newer than this version of cpdsync.
    """
    raise NotImplementedError
