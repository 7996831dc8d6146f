from __future__ import annotations

from datetime import date

from cpdsync.readiness.reminder_plan import (
    current_threshold,
    due_reminders,
    team_digests,
    thresholds,
)

from .builders import CALENDAR
from .sample import team_report

DAYS = [90, 30, 14, 7]


def test_thresholds_are_the_configured_days_and_the_window_opening() -> None:
    report = team_report(as_of=date(2026, 9, 1))
    assert thresholds(report, DAYS, calendar=CALENDAR) == [
        (date(2026, 9, 1), "90d"),
        (date(2026, 9, 1), "window-open"),
        (date(2026, 10, 31), "30d"),
        (date(2026, 11, 16), "14d"),
        (date(2026, 11, 23), "7d"),
    ]


def test_nothing_is_due_before_the_first_threshold() -> None:
    assert (
        due_reminders(
            team_report(as_of=date(2026, 8, 31)),
            days_before_deadline=DAYS,
            sent=set(),
            calendar=CALENDAR,
        )
        == []
    )


def test_window_opening_reminds_every_active_worker_who_must_renew() -> None:
    due = due_reminders(
        team_report(as_of=date(2026, 9, 1)),
        days_before_deadline=DAYS,
        sent=set(),
        calendar=CALENDAR,
    )
    # Cara is exempt, Eve declared her renewal submitted and Dev's Moodle account is
    # suspended: none of them gets a Moodle message. Most urgent first (v2 order).
    assert [(r.email, r.threshold) for r in due] == [
        ("ben@council.example", "window-open"),
        ("asha@council.example", "window-open"),
    ]
    assert due[0].window_open


def test_later_thresholds_remind_only_workers_with_something_to_do() -> None:
    due = due_reminders(
        team_report(as_of=date(2026, 11, 16)),
        days_before_deadline=DAYS,
        sent=set(),
        calendar=CALENDAR,
    )
    # v2: Asha's CPD is ready, but her renewal steps are still to do until she declares the
    # renewal submitted, so she is reminded too; Eve (submitted) is not.
    assert [(r.email, r.threshold, r.registration_year) for r in due] == [
        ("ben@council.example", "14d", "2025-26"),
        ("asha@council.example", "14d", "2025-26"),
    ]
    assert not due[0].window_open


def test_a_reminder_already_sent_is_never_sent_again() -> None:
    report = team_report(as_of=date(2026, 11, 18))
    first = due_reminders(report, days_before_deadline=DAYS, sent=set(), calendar=CALENDAR)
    assert len(first) == 2
    sent = {r.key for r in first}
    assert due_reminders(report, days_before_deadline=DAYS, sent=sent, calendar=CALENDAR) == []
    assert (
        due_reminders(
            team_report(as_of=date(2026, 11, 20)),
            days_before_deadline=DAYS,
            sent=sent,
            calendar=CALENDAR,
        )
        == []
    )


def test_missed_thresholds_are_not_sent_late_in_a_burst() -> None:
    due = due_reminders(
        team_report(as_of=date(2026, 11, 25)),
        days_before_deadline=DAYS,
        sent=set(),
        calendar=CALENDAR,
    )
    assert {r.threshold for r in due} == {"7d"}


def test_no_reminder_after_the_deadline() -> None:
    report = team_report(as_of=date(2026, 12, 2), registration_year="2025-26")
    assert due_reminders(report, days_before_deadline=DAYS, sent=set(), calendar=CALENDAR) == []


def test_each_team_gets_one_digest_of_its_workers() -> None:
    teams = team_digests(team_report())
    assert list(teams) == ["Adults", "Children North"]
    assert [w.worker.name for w in teams["Children North"]] == [
        "Ben <b>Risk</b> & Co",
        "Asha Ready",
        "Eve Submitted",
        "Cara New",
    ]
    assert [w.worker.name for w in teams["Adults"]] == ["Dev Suspended"]


def test_current_threshold_is_the_latest_reached_and_none_outside_the_season() -> None:
    assert current_threshold(team_report(as_of=date(2026, 8, 31)), DAYS, calendar=CALENDAR) is None
    assert (
        current_threshold(team_report(as_of=date(2026, 9, 1)), DAYS, calendar=CALENDAR)
        == "window-open"
    )
    assert (
        current_threshold(team_report(as_of=date(2026, 11, 20)), DAYS, calendar=CALENDAR) == "14d"
    )
    after = team_report(as_of=date(2026, 12, 2), registration_year="2025-26")
    assert current_threshold(after, DAYS, calendar=CALENDAR) is None
