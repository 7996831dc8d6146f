"""Which readiness reminders are due, and which workers each team manager's digest covers.

Pure: the caller passes the readiness report, the configured thresholds
(``notify.days_before_deadline``), SWE's calendar rules and the reminders already sent;
sending them and logging them as sent is the caller's job, and their words are in
``cpdsync.render.messages``. A threshold is "window-open" (the renewal window opens on
1 September) or "<N>d" (N days before the deadline).

At most one reminder per worker per run: the most recent threshold that has been reached. If
cpdsync was not running when an earlier threshold passed, that one is skipped rather than sent
late next to a newer one, so nobody gets a burst of messages. Each (worker, registration year,
threshold) is sent at most once.
"""

from __future__ import annotations

from collections.abc import Iterable, Set
from dataclasses import dataclass
from datetime import date, timedelta

from cpdsync.readiness.calendar import year_by_label
from cpdsync.readiness.report_model import ReadinessReport, WorkerReadiness
from cpdsync.readiness.swe_rules import CalendarRules

WINDOW_OPEN = "window-open"
SentKey = tuple[int, str, str]  # (worker key, registration year label, threshold)


@dataclass(frozen=True)
class Reminder:
    """One worker's reminder due now, for one threshold of one registration year."""

    worker: WorkerReadiness
    registration_year: str
    threshold: str

    @property
    def worker_key(self) -> int:
        return self.worker.detail.key

    @property
    def email(self) -> str:
        return self.worker.worker.email

    @property
    def window_open(self) -> bool:
        """Whether this is the message that the renewal window has opened."""
        return self.threshold == WINDOW_OPEN

    @property
    def key(self) -> SentKey:
        return (self.worker_key, self.registration_year, self.threshold)


def thresholds(
    report: ReadinessReport, days_before_deadline: Iterable[int], *, calendar: CalendarRules
) -> list[tuple[date, str]]:
    """Return every threshold of the report's year as (date it falls due, name), by date."""
    deadline = report.deadline
    window_opens = year_by_label(report.registration_year.label, rules=calendar).window_opens
    found = {(deadline - timedelta(days=n), f"{n}d") for n in set(days_before_deadline) if n >= 0}
    found.add((window_opens, WINDOW_OPEN))
    return sorted(found)


def _current(
    report: ReadinessReport, days_before_deadline: Iterable[int], calendar: CalendarRules
) -> list[str]:
    """The thresholds reached most recently as of the report's date (several on one day)."""
    if report.days_to_deadline < 0:
        return []  # after the deadline a reminder cannot help; the manager digest says so
    reached = [
        (day, name)
        for day, name in thresholds(report, days_before_deadline, calendar=calendar)
        if day <= report.as_of
    ]
    if not reached:
        return []
    latest = reached[-1][0]
    # The window-open message is the better one when it falls on the same day as a threshold.
    return sorted((name for day, name in reached if day == latest), key=lambda n: n != WINDOW_OPEN)


def current_threshold(
    report: ReadinessReport, days_before_deadline: Iterable[int], *, calendar: CalendarRules
) -> str | None:
    """Return the threshold reached most recently as of the report's date (the one reminders
    and managers' digests are sent for now), or None before the first and after the deadline."""
    names = _current(report, list(days_before_deadline), calendar)
    return names[0] if names else None


def _wants_reminder(w: WorkerReadiness, threshold: str) -> bool:
    if w.status in ("exempt", "submitted") or w.detail.suspended:
        return False  # a suspended Moodle account cannot read Moodle messages
    # Everyone hears that the window is open (the renewal form and fee are due even with the
    # CPD done); later reminders go only to those with something still to do, which includes
    # the renewal steps of a worker whose CPD is ready.
    return threshold == WINDOW_OPEN or any(g.severity != "info" for g in w.gaps)


def due_reminders(
    report: ReadinessReport,
    *,
    days_before_deadline: Iterable[int],
    sent: Set[SentKey],
    calendar: CalendarRules,
) -> list[Reminder]:
    """Return the reminders due at the report's date that have not been sent already."""
    names = _current(report, list(days_before_deadline), calendar)
    if not names:
        return []
    threshold = names[0]
    label = report.registration_year.label
    due = []
    for w in report.workers:
        if any((w.detail.key, label, name) in sent for name in names):
            continue
        if not _wants_reminder(w, threshold):
            continue
        due.append(Reminder(w, label, threshold))
    return due


def team_digests(report: ReadinessReport) -> dict[str, list[WorkerReadiness]]:
    """Return each team's workers, by team name ("No team" for workers without one): one
    digest goes to each team's manager."""
    teams: dict[str, list[WorkerReadiness]] = {}
    for w in report.workers:
        teams.setdefault(w.detail.team or "No team", []).append(w)
    return dict(sorted(teams.items()))
