"""Opening a database: URL normalisation, SQLite settings, migration (or, read-only, a check
that none is needed), one transaction helper.

Every SQLAlchemy or driver error stops here and becomes a StorageError naming the database
(its URL with any password masked) and what to do.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event, exc
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.orm import Session

from cpdsync.errors import SchemaBehindError, StorageError
from cpdsync.records.migrate import current_revision, head_revision, require_current, upgrade

log = logging.getLogger(__name__)

SQLITE_BUSY_TIMEOUT_S = 30  # a second writer waits this long for the file lock, then fails


def normalise_url(url: str) -> URL:
    """Return ``url`` parsed, with plain ``postgresql://`` pointed at the psycopg 3 driver.

    Raise StorageError when it is not a database URL SQLAlchemy understands.
    """
    try:
        parsed = make_url(url.strip())
    except exc.ArgumentError as error:
        raise StorageError(
            f"database.url {url!r} is not a database URL; write it like "
            "sqlite:////var/lib/cpdsync/cpdsync.db or postgresql://cpdsync@db-host/cpdsync"
        ) from error
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise StorageError(
            f"database.url {masked(parsed)}: cpdsync stores records in SQLite or PostgreSQL only"
        )
    return parsed


def masked(url: URL) -> str:
    """Return the URL for messages, with any password replaced by ***."""
    return url.render_as_string(hide_password=True)


def _advice(url: URL, error: BaseException, *, reading: bool = False) -> str:
    text = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
    lowered = text.lower()
    if url.get_backend_name() == "sqlite":
        if reading and ("readonly" in lowered or "read-only" in lowered):
            # WAL: a reader creates the -shm file beside the database when it is not there.
            fix = (
                f"SQLite needs to create its shared-memory file beside {url.database} to read "
                "it; run this as the user that syncs it (e.g. sudo -u cpdsync)"
            )
        elif "readonly" in lowered or "read-only" in lowered:
            fix = f"check that cpdsync may write {url.database} and the folder holding it"
        elif "unable to open" in lowered:
            fix = f"check that the folder of {url.database} exists and cpdsync may write it"
        elif "locked" in lowered:
            fix = "another cpdsync process holds the database; wait for it and retry"
        else:
            fix = "check the file is a cpdsync SQLite database and the disk is not full"
    elif isinstance(error, exc.OperationalError | exc.InterfaceError):
        fix = "check database.url, that PostgreSQL is running and that it accepts this user"
    else:
        fix = "see the database server's log; the change was rolled back"
    return f"{text}; {fix}"


def storage_error(
    url: URL, error: BaseException, doing: str, *, reading: bool = False
) -> StorageError:
    """Return the StorageError for ``error`` met while ``doing`` on the database at ``url``
    (``reading``: opened read-only)."""
    advice = _advice(url, error, reading=reading)
    return StorageError(f"database {masked(url)}: {doing} failed: {advice}")


class Database:
    """An opened database at this version's schema; use ``transaction()`` for every read and
    write (a ``read_only`` one refuses writes)."""

    def __init__(self, engine: Engine, url: URL, *, read_only: bool = False) -> None:
        self.engine = engine
        self.url = url
        self.read_only = read_only

    @property
    def display_url(self) -> str:
        return masked(self.url)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """Yield a Session that commits on success and rolls back on any error.

        Raise StorageError (the transaction rolled back) when the database reports an error.
        """
        session = Session(self.engine, expire_on_commit=False)
        try:
            yield session
            session.commit()
        except exc.SQLAlchemyError as error:
            session.rollback()
            raise storage_error(self.url, error, "a transaction") from error
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def close(self) -> None:
        self.engine.dispose()


def create_engine_for(url: URL, *, read_only: bool = False) -> Engine:
    """Return an engine for ``url`` with cpdsync's SQLite settings (folder, pragmas, BEGIN);
    ``read_only``: SQLite opened with ``mode=ro`` (no folder made), PostgreSQL transactions
    begun READ ONLY, so a role with only SELECT rights can read."""
    kwargs: dict[str, Any] = {}
    if url.get_backend_name() == "sqlite":
        kwargs["connect_args"] = {"timeout": SQLITE_BUSY_TIMEOUT_S}
        database = url.database or ""
        if read_only:
            url = _sqlite_read_only(url)
        elif database and database != ":memory:" and not database.startswith("file:"):
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    else:
        kwargs["pool_pre_ping"] = True
    engine = sa.create_engine(url, **kwargs)
    if url.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_reader if read_only else _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    elif read_only:
        engine = engine.execution_options(postgresql_readonly=True)
    return engine


def _sqlite_read_only(url: URL) -> URL:
    """Return the SQLite URL opening the same file with ``mode=ro`` (a URI filename)."""
    database = url.database or ""
    if database.startswith("file:") or database in ("", ":memory:"):
        return url
    path = Path(database).expanduser().absolute()
    return url.set(database=f"file:{path}", query={**url.query, "mode": "ro", "uri": "true"})


def _sqlite_reader(dbapi_connection: Any, _record: Any) -> None:
    # As _sqlite_pragmas, without switching the journal mode: that is a write.
    dbapi_connection.isolation_level = None
    dbapi_connection.execute("PRAGMA foreign_keys=ON")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Python's sqlite3 module opens transactions itself and not before DDL, so a process killed
    # mid-migration would leave half a schema. Taking over (isolation_level None, BEGIN in
    # _sqlite_begin) makes every transaction, DDL included, all or nothing.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        # Foreign keys are off by default in SQLite; WAL lets `cpdsync status` read during a sync.
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
    finally:
        cursor.close()


def _sqlite_begin(connection: sa.Connection) -> None:
    connection.exec_driver_sql("BEGIN")


def open_database(url: str, *, read_only: bool = False) -> Database:
    """Return the database at ``url``, migrated to this version's schema (logging an upgrade);
    ``read_only``: opened for reading only and never migrated.

    Raise StorageError when it cannot be reached or written, or was written by a newer cpdsync;
    read-only, SchemaBehindError when it has no schema or an older one (it says how to migrate).
    """
    parsed = normalise_url(url)
    if read_only:
        _require_sqlite_file(parsed)
    try:
        engine = create_engine_for(parsed, read_only=read_only)
    except OSError as error:
        raise StorageError(
            f"database {masked(parsed)}: cannot create its folder: {error.strerror}; "
            "create it or choose another database.url"
        ) from error
    try:
        if read_only:
            with engine.begin() as connection:
                require_current(connection, masked(parsed))
        else:
            _upgrade(engine, masked(parsed))
    except exc.SQLAlchemyError as error:
        engine.dispose()
        doing = "opening read-only" if read_only else "opening and migrating"
        raise storage_error(parsed, error, doing, reading=read_only) from error
    except StorageError:
        engine.dispose()
        raise
    return Database(engine, parsed, read_only=read_only)


def _upgrade(engine: Engine, where: str) -> None:
    """Upgrade the schema in one transaction. On SQLite, foreign keys are off meanwhile (a
    batch migration rebuilds a table others refer to, and SQLite only lets them be switched
    off outside a transaction) and checked whole before the commit."""
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        if sqlite:
            _raw_pragma(connection, "PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                upgrade(connection, where)
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise StorageError(
                            f"the database {where} would hold {len(broken)} rows referring to "
                            f"missing rows after the upgrade (first in table {broken[0][0]}); "
                            "nothing was changed: restore a backup, or report it"
                        )
        finally:
            if sqlite:
                _raw_pragma(connection, "PRAGMA foreign_keys=ON")


def _raw_pragma(connection: sa.Connection, statement: str) -> None:
    # Straight to the driver: through SQLAlchemy the statement would open a transaction first.
    driver = connection.connection.driver_connection
    if driver is not None:
        driver.execute(statement)


def _require_sqlite_file(url: URL) -> None:
    """Refuse to open a missing SQLite file read-only (SQLite would only say "unable to open")."""
    database = url.database or ""
    if url.get_backend_name() != "sqlite" or database.startswith("file:"):
        return
    if database not in ("", ":memory:") and not Path(database).expanduser().exists():
        raise SchemaBehindError(
            f"there is no database at {database} yet: run cpdsync sync or cpdsync migrate "
            "(or check database.url)",
            empty=True,
        )


def migrate(url: str) -> tuple[str | None, str]:
    """Upgrade the database at ``url`` to this version's schema and return its revision before
    (None: it had no schema) and after; raise StorageError on failure."""
    parsed = normalise_url(url)
    engine = create_engine_for(parsed)
    try:
        with engine.connect() as connection:
            before = current_revision(connection)
    except exc.SQLAlchemyError as error:
        raise storage_error(parsed, error, "reading the schema revision") from error
    finally:
        engine.dispose()
    open_database(url).close()
    return before, head_revision()
