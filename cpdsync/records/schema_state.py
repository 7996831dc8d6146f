"""Where a database stands, read without changing it: reachable, and which schema revision.

For `cpdsync check`, which must never create, migrate or lock anything: a SQLite file is
opened read-only (and not at all when it does not exist yet), PostgreSQL is only read.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import exc

from cpdsync.errors import StorageError
from cpdsync.records.db import masked, normalise_url, storage_error
from cpdsync.records.migrate import current_revision, head_revision, known_revisions

CONNECT_TIMEOUT_S = 10


@dataclass(frozen=True)
class SchemaState:
    """The database at ``where``: ``revision`` its schema revision (None: no schema yet),
    ``head`` the one this cpdsync writes, ``exists`` False for a SQLite file not created yet."""

    where: str
    revision: str | None
    head: str
    known: bool
    exists: bool = True

    @property
    def current(self) -> bool:
        return self.revision == self.head


def inspect_schema(url: str) -> SchemaState:
    """Return the state of the database at ``url`` without writing to it; raise StorageError
    when it cannot be reached or read, or a SQLite file could not be created where it should
    be."""
    parsed = normalise_url(url)
    where = masked(parsed)
    head = head_revision()
    if parsed.get_backend_name() == "sqlite":
        path = Path(parsed.database or "").expanduser()
        if parsed.database in (None, "", ":memory:") or not path.exists():
            _creatable(path, where)
            return SchemaState(where, None, head, known=True, exists=False)
        engine = sa.create_engine(f"sqlite:///file:{path}?mode=ro&uri=true")
    else:
        # A host that drops packets would otherwise hold the check for minutes.
        engine = sa.create_engine(parsed, connect_args={"connect_timeout": CONNECT_TIMEOUT_S})
    try:
        with engine.connect() as connection:
            revision = current_revision(connection)
    except exc.SQLAlchemyError as error:
        raise storage_error(parsed, error, "reading its schema revision") from error
    finally:
        engine.dispose()
    known = revision is None or revision in known_revisions()
    return SchemaState(where, revision, head, known=known)


def _creatable(path: Path, where: str) -> None:
    """Raise StorageError unless cpdsync could create ``path`` (its nearest existing folder is
    writable)."""
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not os.access(folder, os.W_OK | os.X_OK):
        raise StorageError(
            f"database {where}: the file does not exist and cpdsync may not create it in "
            f"{folder}; create the folder and let cpdsync write it, or choose another "
            "database.url"
        )
