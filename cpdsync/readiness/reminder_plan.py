"""Which readiness reminders are due, their text, and a digest for each team's manager.

Pure: the caller passes the readiness report, the configured thresholds
(``notify.days_before_deadline``) and the reminders already sent; sending them and logging
them as sent is the caller's job. A threshold is "window-open" (the renewal window opens on
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
from cpdsync.readiness.gaps import plural, uk_day
from cpdsync.readiness.report_model import STATUS_LABELS, ReadinessReport, WorkerReadiness
from cpdsync.render.text import GAP_SHORT, clean, days_left

WINDOW_OPEN = "window-open"
SentKey = tuple[int, str, str]  # (worker key, registration year label, threshold)


@dataclass(frozen=True)
class Reminder:
    worker_key: int
    email: str
    registration_year: str
    threshold: str
    subject: str
    text: str

    @property
    def key(self) -> SentKey:
        return (self.worker_key, self.registration_year, self.threshold)


@dataclass(frozen=True)
class Digest:
    team: str
    subject: str
    text: str


def thresholds(
    report: ReadinessReport, days_before_deadline: Iterable[int]
) -> list[tuple[date, str]]:
    """Return every threshold of the report's year as (date it falls due, name), by date."""
    deadline = report.deadline
    window_opens = year_by_label(report.registration_year.label).window_opens
    found = {(deadline - timedelta(days=n), f"{n}d") for n in set(days_before_deadline) if n >= 0}
    found.add((window_opens, WINDOW_OPEN))
    return sorted(found)


def _current(report: ReadinessReport, days_before_deadline: Iterable[int]) -> list[str]:
    """The thresholds reached most recently as of the report's date (several on one day)."""
    if report.days_to_deadline < 0:
        return []  # after the deadline a reminder cannot help; the manager digest says so
    reached = [
        (day, name) for day, name in thresholds(report, days_before_deadline) if day <= report.as_of
    ]
    if not reached:
        return []
    latest = reached[-1][0]
    # The window-open message is the better one when it falls on the same day as a threshold.
    return sorted((name for day, name in reached if day == latest), key=lambda n: n != WINDOW_OPEN)


def current_threshold(report: ReadinessReport, days_before_deadline: Iterable[int]) -> str | None:
    """Return the threshold reached most recently as of the report's date (the one reminders
    and managers' digests are sent for now), or None before the first and after the deadline."""
    names = _current(report, list(days_before_deadline))
    return names[0] if names else None


def _wants_reminder(w: WorkerReadiness, threshold: str) -> bool:
    if w.status == "exempt" or w.detail.suspended:
        return False  # a suspended Moodle account cannot read Moodle messages
    # Everyone hears that the window is open (the renewal form and fee are due even with the
    # CPD done); later reminders go only to those with something still to do.
    return threshold == WINDOW_OPEN or any(g.severity != "info" for g in w.gaps)


def due_reminders(
    report: ReadinessReport, *, days_before_deadline: Iterable[int], sent: Set[SentKey]
) -> list[Reminder]:
    """Return the reminders due at the report's date that have not been sent already."""
    names = _current(report, list(days_before_deadline))
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
        subject, text = reminder_text(report, w, threshold)
        due.append(Reminder(w.detail.key, w.worker.email, label, threshold, subject, text))
    return due


def reminder_text(report: ReadinessReport, w: WorkerReadiness, threshold: str) -> tuple[str, str]:
    """Return the subject and plain-text body of one worker's reminder."""
    deadline = f"23:59 on {uk_day(report.deadline)}"
    left = days_left(report.days_to_deadline)
    if threshold == WINDOW_OPEN:
        subject = f"Social Work England renewal is open: renew by {deadline}"
    else:
        subject = f"Social Work England renewal: {left}"
    lines = [f"Dear {clean(w.worker.name)},", ""]
    if threshold == WINDOW_OPEN:
        lines.append(
            "The Social Work England renewal window is open. Renew your registration, pay the "
            f"fee and record your CPD in your online account by {deadline} ({left})."
        )
    else:
        lines.append(f"The deadline to renew your registration is {deadline} ({left}).")
    lines.append("")
    todo = [g for g in w.gaps if g.severity != "info"]
    if not todo:
        lines.append(
            "Your CPD meets Social Work England's requirement: make sure each piece is "
            "submitted in your online account."
        )
    for number, gap in enumerate(todo, start=1):
        lines.append(f"{number}. {clean(gap.message)}")
        if gap.suggested_courses:
            lines.append("   Courses: " + "; ".join(clean(c) for c in gap.suggested_courses))
    lines += ["", "This is an automatic reminder from the council's learning and development team."]
    return subject, "\n".join(lines)


def manager_digests(report: ReadinessReport) -> list[Digest]:
    """Return one digest per team: counts by status and who needs what, most urgent first."""
    teams: dict[str, list[WorkerReadiness]] = {}
    for w in report.workers:
        teams.setdefault(w.detail.team or "No team", []).append(w)
    urgency = {"not_ready": 0, "at_risk": 1, "ready": 2, "exempt": 3}
    digests = []
    for team, workers in sorted(teams.items()):
        counts = {s: sum(w.status == s for w in workers) for s in STATUS_LABELS}
        summary = ", ".join(f"{n} {STATUS_LABELS[s].lower()}" for s, n in counts.items() if n)
        lines = [
            f"Team {clean(team)}: {plural(len(workers), 'worker')} - {summary}.",
            f"Renewal deadline 23:59 on {uk_day(report.deadline)}, "
            f"{days_left(report.days_to_deadline)}.",
            "",
        ]
        for w in sorted(workers, key=lambda w: (urgency[w.status], w.worker.name.casefold())):
            todo = [GAP_SHORT[g.code] for g in w.gaps if g.severity != "info"]
            lines.append(
                f"- {clean(w.worker.name)}: {STATUS_LABELS[w.status]}"
                + (f" - {', '.join(todo)}" if todo else "")
            )
        subject = (
            f"Team {clean(team)} renewal readiness: {counts['at_risk'] + counts['not_ready']} "
            f"of {len(workers)} with CPD gaps"
        )
        digests.append(Digest(team=team, subject=subject, text="\n".join(lines)))
    return digests
