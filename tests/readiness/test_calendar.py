from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from cpdsync.errors import UsageError
from cpdsync.readiness.calendar import shift, year_by_label, year_of
from cpdsync.timeutil import uk_date

from .builders import CALENDAR


def _ts(*parts: int) -> int:
    return int(datetime(*parts, tzinfo=UTC).timestamp())  # type: ignore[misc]


def test_late_evening_utc_on_30_november_is_still_30_november_in_the_uk() -> None:
    # 30 November is in GMT, so 23:30 UTC is 23:30 in London.
    assert _ts(2025, 11, 30, 23, 30) == 1764545400
    assert uk_date(1764545400) == date(2025, 11, 30)


def test_just_after_midnight_utc_on_1_december_is_1_december_in_the_uk() -> None:
    assert uk_date(_ts(2025, 12, 1, 0, 30)) == date(2025, 12, 1)


def test_late_evening_utc_in_summer_is_already_the_next_day_in_the_uk() -> None:
    # 31 August is in BST (UTC+1): 23:30 UTC is 00:30 on 1 September in London.
    assert uk_date(_ts(2026, 8, 31, 23, 30)) == date(2026, 9, 1)
    assert uk_date(_ts(2026, 8, 31, 22, 59)) == date(2026, 8, 31)


def test_registration_year_runs_from_1_december_to_30_november() -> None:
    year = year_of(date(2026, 11, 22), rules=CALENDAR)
    assert (year.label, year.start, year.end) == ("2025-26", date(2025, 12, 1), date(2026, 11, 30))
    assert year_of(date(2026, 11, 30), rules=CALENDAR).label == "2025-26"
    assert year_of(date(2026, 12, 1), rules=CALENDAR).label == "2026-27"
    assert year_of(date(2025, 12, 1), rules=CALENDAR).label == "2025-26"


def test_renewal_window_opens_on_1_september_and_deadline_is_2359_uk_time() -> None:
    year = year_by_label("2025-26", rules=CALENDAR)
    assert year.window_opens == date(2026, 9, 1)
    assert year.deadline == date(2026, 11, 30)
    assert year.deadline_at.isoformat() == "2026-11-30T23:59:00+00:00"
    assert not year.window_open(date(2026, 8, 31))
    assert year.window_open(date(2026, 9, 1))
    assert year.window_open(date(2026, 11, 30))
    assert not year.window_open(date(2026, 12, 1))


def test_days_to_deadline_is_zero_on_the_day_and_negative_after() -> None:
    year = year_by_label("2025-26", rules=CALENDAR)
    assert year.days_to_deadline(date(2026, 11, 22)) == 8
    assert year.days_to_deadline(date(2026, 11, 30)) == 0
    assert not year.after_deadline(date(2026, 11, 30))
    assert year.days_to_deadline(date(2026, 12, 1)) == -1
    assert year.after_deadline(date(2026, 12, 1))


def test_first_swe_year_starts_on_2_december_2019() -> None:
    assert year_by_label("2019-20", rules=CALENDAR).start == date(2019, 12, 2)


@pytest.mark.parametrize("label", ["2025", "2025-27", "25-26", "2025/26", ""])
def test_malformed_registration_year_label_is_a_usage_error(label: str) -> None:
    with pytest.raises(UsageError, match="like 2025-26"):
        year_by_label(label, rules=CALENDAR)


def test_shift_clamps_month_ends_and_leap_days() -> None:
    assert shift(date(2024, 2, 29), years=3) == date(2027, 2, 28)
    assert shift(date(2026, 1, 31), months=1) == date(2026, 2, 28)
    assert shift(date(2026, 11, 22), years=-3) == date(2023, 11, 22)
    assert shift(date(2026, 12, 15), months=1) == date(2027, 1, 15)
