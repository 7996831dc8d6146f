"""The words of the Moodle messages cpdsync sends: a worker's reminder and a manager's digest.

Which reminders are due, and to whom, is decided in ``cpdsync.readiness.reminder_plan``; this
module only words them. Messages are plain text, so names from Moodle lose control characters.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cpdsync.readiness.report_model import (
    STATUS_LABELS,
    STATUS_ORDER,
    ReadinessReport,
    WorkerReadiness,
    plural,
)
from cpdsync.render.wording import GAP_SHORT, clean, days_left, status_summary
from cpdsync.timeutil import uk_day

SIGN_OFF = "This is an automatic reminder from the council's learning and development team."
# The order workers are listed in a digest: who needs the manager's attention first.
URGENCY = {status: rank for rank, status in enumerate(STATUS_ORDER)}


@dataclass(frozen=True)
class Message:
    subject: str
    text: str


def reminder_message(report: ReadinessReport, w: WorkerReadiness, *, window_open: bool) -> Message:
    """Return one worker's reminder: the renewal window has opened (``window_open``), or the
    deadline is near; then each gap to close, with the courses that would close it."""
    deadline = f"23:59 on {uk_day(report.deadline)}"
    left = days_left(report.days_to_deadline)
    lines = [f"Dear {clean(w.worker.name)},", ""]
    if window_open:
        subject = f"Social Work England renewal is open: renew by {deadline}"
        lines.append(
            "The Social Work England renewal window is open. Renew your registration, pay the "
            f"fee and record your CPD in your online account by {deadline} ({left})."
        )
    else:
        subject = f"Social Work England renewal: {left}"
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
            lines.append(
                "   Courses: "
                + "; ".join(
                    clean(c.name) + (f" ({clean(c.url)})" if c.url else "")
                    for c in gap.suggested_courses
                )
            )
    lines += ["", SIGN_OFF]
    return Message(subject, "\n".join(lines))


def digest_message(
    report: ReadinessReport, team: str, workers: Sequence[WorkerReadiness]
) -> Message:
    """Return a team manager's digest: counts by status, then who needs what, most urgent
    first."""
    lines = [
        f"Team {clean(team)}: {plural(len(workers), 'worker')} - {status_summary(workers)}.",
        f"Renewal deadline 23:59 on {uk_day(report.deadline)}, "
        f"{days_left(report.days_to_deadline)}.",
        "",
    ]
    for w in sorted(workers, key=lambda w: (URGENCY[w.status], w.worker.name.casefold())):
        todo = [GAP_SHORT[g.code] for g in w.gaps if g.severity != "info"]
        lines.append(
            f"- {clean(w.worker.name)}: {STATUS_LABELS[w.status]}"
            + (f" - {', '.join(todo)}" if todo else "")
        )
    with_gaps = sum(w.status in ("missed", "at_risk", "in_progress") for w in workers)
    subject = f"Team {clean(team)} renewal readiness: {with_gaps} of {len(workers)} with CPD gaps"
    return Message(subject, "\n".join(lines))
