"""Words every view of a readiness report shares: short gap names, severities, days left."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from cpdsync.readiness.report_model import (
    OUTCOME_LABELS,
    STATUS_LABELS,
    ReadinessReport,
    WorkerReadiness,
    plural,
)
from cpdsync.timeutil import uk_day

# A few words for a table's "top gap" column or a digest line; the full message is in the
# gap itself.
GAP_SHORT: dict[str, str] = {
    "SWE_RENEWAL_MISSED": "renewal deadline missed",
    "SWE_CPD_COUNT": "too few pieces of CPD",
    "SWE_CPD_REFLECTION": "CPD without a reflection",
    "SWE_PEER_REFLECTION": "no peer reflection",
    "SWE_RENEWAL_STEPS": "renewal steps to finish",
    "SWE_NUMBER_MISSING": "SWE number missing",
    "ROSTER_NO_MOODLE_ACCOUNT": "no Moodle account",
    "MANDATORY_EXPIRED": "mandatory training expired",
    "MANDATORY_EXPIRING": "mandatory training expiring",
    "MANDATORY_MISSING": "mandatory training missing",
    "KSS_COVERAGE": "framework coverage short",
    "FRAMEWORK_SUPERSEDED": "framework no longer in force",
    "UNMAPPED_COMPLETIONS": "unmapped completions",
}

SEVERITY_LABELS: dict[str, str] = {
    "statutory": "Needed to renew",
    "renewal": "Renewal step",
    "local": "Council requirement",
    "info": "For information",
}


# What each status means for the worker, in one sentence beside the status word.
STATUS_MEANING: dict[str, str] = {
    "missed": "The renewal deadline passed and cpdsync has no record that you renewed: you may "
    "have been removed from the register. Read the first item below now.",
    "at_risk": "Something Social Work England needs is still missing and the deadline is near; "
    "see below.",
    "in_progress": "Something Social Work England needs is still missing; there is time to "
    "close it before the renewal window opens on 1 September. See below.",
    "ready": "Your CPD meets Social Work England's requirement. The renewal steps below are "
    "still yours to finish.",
    "submitted": "You have declared your renewal submitted for this year.",
    "exempt": "You joined or were restored to the register on or after 1 September, so you "
    "need no CPD for this renewal (the registration fee is still due).",
}


def previous_text(w: WorkerReadiness, *, short: bool = False) -> str:
    """Return ``2024-25: renewal submitted`` (``short``: ``2024-25 submitted``), or ``-`` when
    there is no year before."""
    p = w.previous_year
    if p is None:
        return "-"
    return f"{p.label} {p.outcome}" if short else f"{p.label}: {OUTCOME_LABELS[p.outcome]}"


def missed_deadline(report: ReadinessReport) -> date:
    """Return the deadline a ``missed`` worker of ``report`` missed: the report's own after it
    passed, otherwise the year before's (30 November, the day before the year starts)."""
    if report.days_to_deadline < 0:
        return report.deadline
    return report.registration_year.start - timedelta(days=1)


def missed_banner(report: ReadinessReport) -> str | None:
    """Return the line that leads a team view when workers missed a deadline, else None."""
    missed = [w for w in report.workers if w.status == "missed"]
    if not missed:
        return None
    deadline = f"23:59 on {uk_day(missed_deadline(report))}"
    return (
        f"{plural(len(missed), 'worker')} missed the renewal deadline ({deadline}) as far as "
        "cpdsync knows: they may have been removed from the register and must not practise "
        "as social workers until restored. They are listed first; each one's first gap says "
        "what to do."
    )


def clean(text: str) -> str:
    """Drop control characters (a Moodle name could carry terminal escape codes)."""
    return "".join(ch if ch.isprintable() else " " for ch in text)


def days_left(days: int) -> str:
    """Return ``8 days left``, ``deadline today`` or ``deadline passed 2 days ago``."""
    if days < 0:
        return f"deadline passed {plural(-days, 'day')} ago"
    if days == 0:
        return "deadline today"
    return f"{plural(days, 'day')} left"


def status_summary(workers: Sequence[WorkerReadiness]) -> str:
    """Return ``1 ready, 2 at risk`` (statuses in STATUS_LABELS order, none left out but zeros);
    empty when there are no workers."""
    counts = {s: sum(w.status == s for w in workers) for s in STATUS_LABELS}
    return ", ".join(f"{n} {STATUS_LABELS[s].lower()}" for s, n in counts.items() if n)
