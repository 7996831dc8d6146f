"""UK dates and the one ISO 8601 form cpdsync writes times in.

Every rule about registration years and deadlines works on UK calendar dates, so a Moodle
timestamp (Unix seconds, UTC) becomes a Europe/London date here before any rule sees it:
23:30 UTC on 31 July is already 1 August in London (BST), while 23:30 UTC on 30 November is
still 30 November (GMT). Times written for machines (JSON, logs, lock holders) are UTC with a
``Z``, whole seconds unless the caller keeps the fraction.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

UK = ZoneInfo("Europe/London")


def utc_now() -> datetime:
    """Return the current time, aware, in UTC (the default clock of every use case)."""
    return datetime.now(UTC)


def uk_today() -> date:
    """Return today's date in the UK."""
    return datetime.now(UK).date()


def uk_date(unix_seconds: int | float) -> date:
    """Return the Europe/London calendar date of a Unix timestamp."""
    return datetime.fromtimestamp(unix_seconds, tz=UK).date()


def uk_day(day: date) -> str:
    """Return ``day`` as UK readers write it: ``30 November 2026``."""
    return f"{day.day} {day:%B %Y}"


def uk_midnight(day: date) -> datetime:
    """Return the aware moment the UK date ``day`` begins."""
    return datetime.combine(day, time(0), tzinfo=UK)


def iso_utc(moment: datetime, *, whole_seconds: bool = False) -> str:
    """Return an aware ``moment`` as ISO 8601 in UTC with a ``Z`` (``2026-11-22T09:00:00Z``)."""
    value = moment.astimezone(UTC)
    if whole_seconds:
        value = value.replace(microsecond=0)
    return value.isoformat().replace("+00:00", "Z")


def iso_from_unix(unix_seconds: int | float) -> str:
    """Return a Unix timestamp as ISO 8601 in UTC with a ``Z``."""
    return iso_utc(datetime.fromtimestamp(unix_seconds, UTC))
