"""UK dates and the one ISO 8601 form."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from cpdsync.timeutil import iso_from_unix, iso_utc, uk_date, uk_midnight


def test_uk_date_of_late_evening_utc_in_summer_is_the_next_day() -> None:
    # 23:30 UTC on 31 July 2026 is 00:30 BST on 1 August.
    assert uk_date(datetime(2026, 7, 31, 23, 30, tzinfo=UTC).timestamp()) == date(2026, 8, 1)


def test_uk_date_of_late_evening_utc_in_winter_is_the_same_day() -> None:
    assert uk_date(datetime(2026, 11, 30, 23, 30, tzinfo=UTC).timestamp()) == date(2026, 11, 30)


def test_iso_utc_converts_to_utc_and_writes_z() -> None:
    moment = datetime(2026, 11, 22, 10, 0, 0, 123456, tzinfo=timezone(timedelta(hours=1)))
    assert iso_utc(moment) == "2026-11-22T09:00:00.123456Z"
    assert iso_utc(moment, whole_seconds=True) == "2026-11-22T09:00:00Z"


def test_iso_from_unix_is_utc() -> None:
    assert iso_from_unix(0) == "1970-01-01T00:00:00Z"


def test_uk_midnight_is_bst_in_summer() -> None:
    assert uk_midnight(date(2026, 8, 1)).astimezone(UTC) == datetime(2026, 7, 31, 23, 0, tzinfo=UTC)
