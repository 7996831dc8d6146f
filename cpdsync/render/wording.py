"""Words every view of a readiness report shares: short gap names, severities, days left."""

from __future__ import annotations

from collections.abc import Sequence

from cpdsync.readiness.report_model import STATUS_LABELS, WorkerReadiness, plural

# A few words for a table's "top gap" column or a digest line; the full message is in the
# gap itself.
GAP_SHORT: dict[str, str] = {
    "SWE_CPD_COUNT": "too few pieces of CPD",
    "SWE_CPD_REFLECTION": "CPD without a reflection",
    "SWE_PEER_REFLECTION": "no peer reflection",
    "SWE_NUMBER_MISSING": "SWE number missing",
    "MANDATORY_EXPIRED": "mandatory training expired",
    "MANDATORY_EXPIRING": "mandatory training expiring",
    "MANDATORY_MISSING": "mandatory training missing",
    "KSS_COVERAGE": "framework coverage short",
    "FRAMEWORK_SUPERSEDED": "framework no longer in force",
    "UNMAPPED_COMPLETIONS": "unmapped completions",
}

SEVERITY_LABELS: dict[str, str] = {
    "statutory": "Needed to renew",
    "local": "Council requirement",
    "info": "For information",
}


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
