"""Schema migrations, run by cpdsync itself: a database behind the code is upgraded in place;
one ahead of the code (written by a newer cpdsync) is refused rather than guessed at."""

from __future__ import annotations

import logging
from pathlib import Path

from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection

from cpdsync import __version__
from cpdsync.errors import SchemaBehindError, StorageError

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config() -> Config:
    """Return the Alembic configuration of the packaged migrations (no alembic.ini needed)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    """Return the newest schema revision this version of cpdsync knows."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:  # pragma: no cover - the package always ships 0001
        raise StorageError(f"no migrations found in {MIGRATIONS}; reinstall cpdsync")
    return head


def known_revisions() -> set[str]:
    """Return every schema revision this version of cpdsync knows."""
    return {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def current_revision(connection: Connection) -> str | None:
    """Return the schema revision the database records, or None when it has none yet."""
    return MigrationContext.configure(connection).get_current_revision()


def _behind(connection: Connection, where: str) -> str | None:
    """Return the revision the database is at when it is behind the head (``""`` when it has no
    schema yet), None when it is current; raise StorageError when it is ahead."""
    head = head_revision()
    current = current_revision(connection)
    if current == head:
        return None
    known = {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}
    if current is not None and current not in known:
        raise StorageError(
            f"the database {where} has schema revision {current}, which cpdsync {__version__} "
            f"does not know (newest known: {head}); it was written by a newer cpdsync: "
            "upgrade cpdsync, or point database.url at another database"
        )
    return current or ""


def require_current(connection: Connection, where: str) -> None:
    """Return when the database on ``connection`` is at the head revision, changing nothing.

    Raise SchemaBehindError when it has no schema or an older one (saying how to migrate), and
    StorageError when it was written by a newer cpdsync.
    """
    current = _behind(connection, where)
    if current is None:
        return
    if current == "":
        raise SchemaBehindError(
            f"the database {where} holds no cpdsync records yet: run cpdsync sync or "
            "cpdsync migrate (as a user that may write it)",
            empty=True,
        )
    raise SchemaBehindError(
        f"database needs migrating: run cpdsync sync or cpdsync migrate (the database {where} "
        f"is at schema revision {current}; cpdsync {__version__} reads {head_revision()})"
    )


def upgrade(connection: Connection, where: str) -> None:
    """Upgrade the database on ``connection`` to the head revision; ``where`` names it for people.

    Raise StorageError when the database holds a revision this version does not know (it was
    written by a newer cpdsync).
    """
    config = alembic_config()
    head = head_revision()
    current = _behind(connection, where)
    if current is None:
        return
    current = current or None
    if current is None:
        log.info("creating the cpdsync schema in %s (revision %s)", where, head)
    else:
        log.warning("upgrading the database %s from schema %s to %s", where, current, head)
    config.attributes["connection"] = connection
    from alembic import command  # imported late: alembic's command module is heavy

    command.upgrade(config, "head")
