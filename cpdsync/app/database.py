"""`cpdsync migrate`: the schema migrated as a step of its own."""

from __future__ import annotations

from dataclasses import dataclass

from cpdsync.config import Settings
from cpdsync.records.db import masked, migrate, normalise_url


@dataclass(frozen=True)
class MigrateOutcome:
    """The database migrated (its URL, password masked) and its revision before and after."""

    database: str
    before: str | None
    after: str


def migrate_database(settings: Settings) -> MigrateOutcome:
    """Create or upgrade the configured database's schema; raise StorageError when it cannot be
    reached or was written by a newer cpdsync."""
    url = settings.config.database.url
    before, after = migrate(url)
    return MigrateOutcome(masked(normalise_url(url)), before, after)
