"""The registration calendar: registration years, the renewal window and the deadline.

All dates are UK dates. A Moodle timestamp (Unix seconds, UTC) becomes a Europe/London date
with ``uk_date`` before any year or deadline rule sees it: 23:30 UTC on 31 July is already
1 August in London (BST), while 23:30 UTC on 30 November is still 30 November (GMT).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from cpdsync.errors import UsageError
from cpdsync.readiness.swe_rules import CalendarRules, parse_month_day, year_label_start


@dataclass(frozen=True)
class RegistrationYear:
    """One SWE registration year, the renewal window at its end, and the deadline."""

    label: str  # e.g. "2025-26"
    start: date
    end: date  # the last day CPD may be dated, and the deadline day
    window_opens: date
    deadline_at: datetime  # aware, Europe/London

    @property
    def deadline(self) -> date:
        return self.deadline_at.date()

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def days_to_deadline(self, as_of: date) -> int:
        """Days from ``as_of`` to the deadline day: 0 on 30 November, negative after it."""
        return (self.deadline - as_of).days

    def window_open(self, as_of: date) -> bool:
        return self.window_opens <= as_of <= self.deadline

    def after_deadline(self, as_of: date) -> bool:
        # The deadline is 23:59 on the deadline day, so a whole date is past it only from the
        # next day on.
        return as_of > self.deadline


def year_by_label(label: str, *, rules: CalendarRules) -> RegistrationYear:
    """Return the registration year named like ``2025-26`` under the calendar ``rules``; raise
    UsageError when the label is malformed."""
    cal = rules
    try:
        first = year_label_start(label)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    start_month, start_day = parse_month_day(cal.year_starts)
    start = date(first, start_month, start_day)
    if label.strip() == cal.first_year.label:
        start = date.fromisoformat(cal.first_year.start)
    end = date(first + 1, start_month, start_day) - timedelta(days=1)
    open_month, open_day = parse_month_day(cal.window_opens)
    hour, minute = (int(part) for part in cal.deadline_time.split(":"))
    return RegistrationYear(
        label=f"{first}-{(first + 1) % 100:02d}",
        start=start,
        end=end,
        window_opens=date(end.year, open_month, open_day),
        deadline_at=datetime.combine(end, time(hour, minute), tzinfo=ZoneInfo(cal.timezone)),
    )


def year_of(day: date, *, rules: CalendarRules) -> RegistrationYear:
    """Return the registration year that ``day`` (a UK date) falls in under the calendar
    ``rules``."""
    cal = rules
    start_month, start_day = parse_month_day(cal.year_starts)
    first = day.year if (day.month, day.day) >= (start_month, start_day) else day.year - 1
    return year_by_label(f"{first}-{(first + 1) % 100:02d}", rules=cal)


def shift(day: date, years: int = 0, months: int = 0, days: int = 0) -> date:
    """Return ``day`` moved by a calendar duration; 29 February and month ends clamp back."""
    month_index = day.year * 12 + (day.month - 1) + years * 12 + months
    year, month = divmod(month_index, 12)
    month += 1
    next_month = date(year + (month == 12), month % 12 + 1, 1)
    last_day = (next_month - timedelta(days=1)).day
    return date(year, month, min(day.day, last_day)) + timedelta(days=days)
