"""One sync run at a time per site, across processes and machines.

PostgreSQL: a session-level ``pg_try_advisory_lock`` held on a dedicated connection for the
whole run; the key is derived from the Moodle site URL and the database schema, so two sites
(or two installations sharing one database in different schemas) never block each other.
The connection's ``application_name`` names the holder, so a second run can say who holds
the lock and since when (from ``pg_locks`` joined with ``pg_stat_activity``).

SQLite: an exclusive ``fcntl.flock`` on a file beside the database, holding JSON
``{pid, host, since, site}``: one per database, because SQLite has one writer at a time (the
sites of one SQLite database take turns). The kernel drops the lock when the holder dies, even
on SIGKILL, so a stale lock file never blocks the next run; the file is left in place (deleting
a flock'd file lets two processes lock two different inodes).
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.pool import NullPool

from cpdsync.errors import ConfigError, LockHeldError, StorageError
from cpdsync.timeutil import iso_utc, utc_now

# Advisory locks live in one namespace per PostgreSQL database; this prefix keeps our keys
# apart from any other application's that hashes its own names.
_KEY_PREFIX = "cpdsync-sync-run:"
# application_name is limited to 63 bytes by PostgreSQL.
_APP_NAME_PREFIX = "cpdsync-sync "


def lock_key(site_url: str, namespace: str = "") -> int:
    """Return the signed 64-bit advisory-lock key of a site (URL case and trailing / ignored)."""
    text = _KEY_PREFIX + namespace + "|" + site_url.strip().rstrip("/").lower()
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def _holder_text(pid: int | None, host: str | None, since: str | None) -> str:
    who = f"process {pid} on {host}" if pid else "another process"
    return who + (f" since {since}" if since else "")


def _lock_message(site_url: str, holder: str) -> str:
    return (
        f"another sync of {site_url} is running ({holder}); wait for it to finish, "
        "or stop it (systemctl stop cpdsync.service cpdsync-sync.service) before starting another"
    )


def _now_iso() -> str:
    return iso_utc(utc_now(), whole_seconds=True)


def sqlalchemy_url(url: str) -> str:
    """Return ``url`` with the psycopg 3 driver named for PostgreSQL (the driver we install)."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


@contextmanager
def run_lock(database_url: str, site_url: str) -> Iterator[None]:
    """Hold the run lock of ``site_url`` for the block; raise LockHeldError naming the holder
    when another process holds it, StorageError when the database cannot be reached."""
    try:
        url = make_url(sqlalchemy_url(database_url))
    except ArgumentError as exc:
        raise ConfigError(
            f"database.url is not a database URL ({exc}); write it like "
            "postgresql+psycopg://cpdsync@localhost/cpdsync or sqlite:////var/lib/cpdsync/cpdsync.db",
            key="database.url",
        ) from exc
    if url.get_backend_name() == "postgresql":
        with _postgres_lock(url, site_url):
            yield
    elif url.get_backend_name() == "sqlite":
        database = url.database or ""
        if database in ("", ":memory:") or database.startswith("file:"):
            # An in-memory database lives and dies with this process: nobody else can sync it.
            yield
            return
        with _file_lock(Path(database + ".lock"), site_url):
            yield
    else:
        raise ConfigError(
            f"database.url uses {url.get_backend_name()!r}; cpdsync supports postgresql and sqlite",
            key="database.url",
        )


@contextmanager
def _file_lock(path: Path, site_url: str) -> Iterator[None]:
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise StorageError(
            f"cannot open the run lock file {path}: {exc.strerror}; the cpdsync user needs "
            "write access to the database's directory"
        ) from exc
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder, their_site = _read_holder(fd)
            if their_site and their_site != site_url:
                raise LockHeldError(
                    f"a sync of {their_site} is running in the same SQLite database ({holder}); "
                    "SQLite has one writer at a time, so the sites of one database take turns: "
                    "run again when it ends, or give each site a PostgreSQL database or schema"
                ) from None
            raise LockHeldError(_lock_message(site_url, holder)) from None
        os.ftruncate(fd, 0)
        info = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "since": _now_iso(),
            "site": site_url,
        }
        os.pwrite(fd, json.dumps(info).encode("utf-8"), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _read_holder(fd: int) -> tuple[str, str | None]:
    """Return who holds the lock file, and the site they sync (None when not written)."""
    try:
        raw = os.pread(fd, 4096, 0)
        info: Any = json.loads(raw.decode("utf-8")) if raw else {}
    except (OSError, ValueError):
        info = {}
    if not isinstance(info, dict):
        info = {}
    # The holder may have locked the file and not yet written its details.
    site = info.get("site")
    holder = _holder_text(info.get("pid"), info.get("host"), info.get("since"))
    return holder, site if isinstance(site, str) else None


@contextmanager
def _postgres_lock(url: sa.URL, site_url: str) -> Iterator[None]:
    app_name = f"{_APP_NAME_PREFIX}{socket.gethostname()}:{os.getpid()}"[:63]
    engine = sa.create_engine(url, poolclass=NullPool, connect_args={"application_name": app_name})
    try:
        try:
            conn = engine.connect()
            schema = conn.execute(sa.text("SELECT current_schema()")).scalar_one()
            key = lock_key(site_url, namespace=str(schema))
            got = conn.execute(sa.text("SELECT pg_try_advisory_lock(:k)"), {"k": key}).scalar()
            # Autobegun transaction ends here; the session-level lock outlives it.
            conn.commit()
        except SQLAlchemyError as exc:
            raise StorageError(
                f"cannot take the run lock in the database ({type(exc).__name__}); check "
                "database.url and that PostgreSQL is running"
            ) from exc
        try:
            if not got:
                raise LockHeldError(_lock_message(site_url, _postgres_holder(conn, key)))
            try:
                yield
            finally:
                try:
                    conn.execute(sa.text("SELECT pg_advisory_unlock(:k)"), {"k": key})
                    conn.commit()
                except SQLAlchemyError:
                    # The connection is gone, and the server released the lock with it.
                    pass
        finally:
            conn.close()
    finally:
        engine.dispose()


def _postgres_holder(conn: sa.Connection, key: int) -> str:
    # A bigint advisory key is stored as classid (high 32 bits) and objid (low 32 bits).
    unsigned = key & 0xFFFFFFFFFFFFFFFF
    try:
        row = conn.execute(
            sa.text(
                "SELECT a.pid, a.application_name, a.client_addr, a.backend_start"
                " FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                " WHERE l.locktype = 'advisory' AND l.granted"
                " AND l.classid = CAST(:hi AS oid) AND l.objid = CAST(:lo AS oid)"
                " AND l.objsubid = 1 AND l.database = (SELECT oid FROM pg_database"
                " WHERE datname = current_database())"
            ),
            {"hi": unsigned >> 32, "lo": unsigned & 0xFFFFFFFF},
        ).first()
    except SQLAlchemyError:
        row = None
    if row is None:
        return _holder_text(None, None, None)
    pid, app, client, started = row
    since = iso_utc(started, whole_seconds=True)
    if isinstance(app, str) and app.startswith(_APP_NAME_PREFIX):
        host, _, os_pid = app[len(_APP_NAME_PREFIX) :].rpartition(":")
        return _holder_text(int(os_pid) if os_pid.isdigit() else pid, host or None, since)
    return f"database backend {pid} from {client or 'local socket'} since {since}"
