from __future__ import annotations

from datetime import date

from cpdsync.readiness.reminder_plan import due_reminders, team_digests
from cpdsync.render.messages import digest_message, reminder_message
from tests.readiness.builders import CALENDAR
from tests.readiness.sample import team_report

DAYS = [90, 30, 14, 7]


def test_window_opening_reminder_says_the_window_is_open_even_with_the_cpd_done() -> None:
    report = team_report(as_of=date(2026, 9, 1))
    due = due_reminders(report, days_before_deadline=DAYS, sent=set(), calendar=CALENDAR)
    asha = next(r for r in due if r.email == "asha@council.example")
    message = reminder_message(report, asha.worker, window_open=asha.window_open)
    assert message.subject.startswith("Social Work England renewal is open")
    # v2: the ready worker's one item is the renewal steps, with the declaration to make.
    assert "1. Your CPD meets Social Work England's rule for this renewal" in message.text
    assert "cpdsync cpd renewal asha@council.example --year 2025-26 --submitted" in message.text


def test_a_later_reminder_lists_each_gap_and_the_courses_that_close_it() -> None:
    report = team_report(as_of=date(2026, 11, 16))
    due = due_reminders(report, days_before_deadline=DAYS, sent=set(), calendar=CALENDAR)
    message = reminder_message(report, due[0].worker, window_open=due[0].window_open)
    assert message.subject == "Social Work England renewal: 14 days left"
    assert "Dear Ben <b>Risk</b> & Co," in message.text
    assert "1. You have 1 piece of CPD" in message.text
    assert "Courses: Group supervision" in message.text


def test_manager_digest_per_team_lists_the_most_urgent_first() -> None:
    report = team_report()
    digests = {
        team: digest_message(report, team, workers)
        for team, workers in team_digests(report).items()
    }
    assert set(digests) == {"Children North", "Adults"}
    north = digests["Children North"]
    assert north.subject == "Team Children North renewal readiness: 1 of 4 with CPD gaps"
    lines = north.text.splitlines()
    assert lines[0] == "Team Children North: 4 workers - 1 at risk, 1 ready, 1 submitted, 1 exempt."
    assert lines[3].startswith("- Ben <b>Risk</b> & Co: At risk - too few pieces of CPD")
    assert lines[4] == "- Asha Ready: Ready - renewal steps to finish"
    assert lines[5].startswith("- Eve Submitted: Submitted - mandatory training missing")
    assert "Dev Suspended: At risk" in digests["Adults"].text
