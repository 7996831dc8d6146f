"""The readiness report as plain text: a team table, and a detail view for one worker."""

from __future__ import annotations

import textwrap
from datetime import date

from cpdsync.readiness.report_model import (
    STATUS_LABELS,
    ReadinessReport,
    WorkerReadiness,
    plural,
)
from cpdsync.render.wording import GAP_SHORT, clean, days_left, status_summary
from cpdsync.timeutil import uk_day

WIDTH = 100


def _cut(text: str, width: int) -> str:
    text = clean(text)
    return text if len(text) <= width else text[: width - 1] + "…"


def header(report: ReadinessReport) -> str:
    year = report.registration_year
    return (
        f"Registration year {year.label} ({uk_day(year.start)} to {uk_day(year.end)}) - "
        f"deadline 23:59 on {uk_day(report.deadline)}, {days_left(report.days_to_deadline)} "
        f"(as of {uk_day(report.as_of)})"
    )


def render_team(report: ReadinessReport) -> str:
    """Return a table with one line per worker: status, days, pieces/reflected/peer, top gap."""
    lines = [header(report), ""]
    head = f"{'Worker':<26} {'Status':<10} {'Days':>5} {'Pieces':>6} {'Refl':>5} {'Peer':>5}  "
    lines.append(head + "Top gap")
    lines.append("-" * min(WIDTH, len(head) + 30))
    for w in report.workers:
        top = GAP_SHORT[w.gaps[0].code] if w.gaps else "-"
        name = w.worker.name + (" (suspended)" if w.detail.suspended else "")
        lines.append(
            f"{_cut(name, 26):<26} {STATUS_LABELS[w.status]:<10} {report.days_to_deadline:>5} "
            f"{w.cpd.activities:>2}/{w.cpd.required:<3} {w.cpd.reflected:>5} "
            f"{w.cpd.peer_reflected:>2}/{w.cpd.peer_required:<2}  {top}"
        )
    if not report.workers:
        lines.append("(no workers matched)")
    summary = status_summary(report.workers) or "none"
    lines += ["", f"{plural(len(report.workers), 'worker')}: {summary}"]
    return "\n".join(lines) + "\n"


def _wrap(text: str, indent: str) -> list[str]:
    return textwrap.wrap(
        clean(text), WIDTH, initial_indent=indent, subsequent_indent=indent, break_on_hyphens=False
    )


def _day(value: date | None) -> str:
    return uk_day(value) if value else "-"


def render_worker(report: ReadinessReport, w: WorkerReadiness) -> str:
    """Return one worker's detail: status, each gap and what to do, CPD list, requirements."""
    who = w.worker
    lines = [
        f"{clean(who.name)} <{clean(who.email)}>  staff no. {clean(who.idnumber) or '-'}  "
        f"SWE {clean(who.swe_number or 'missing')}  role {clean(who.role or '-')}",
        header(report),
        "",
        f"Status: {STATUS_LABELS[w.status]}"
        + ("  (Moodle account suspended)" if w.detail.suspended else ""),
        f"CPD this year: {w.cpd.activities} of {w.cpd.required} pieces, "
        f"{w.cpd.reflected} reflected, {w.cpd.peer_reflected} of {w.cpd.peer_required} "
        "with peer reflection",
        "",
    ]
    if w.gaps:
        lines.append("What to do:")
        for gap in w.gaps:
            lines += _wrap(f"[{gap.severity}] {gap.code}: {gap.message}", "  ")
            lines += [f"      - {clean(course)}" for course in gap.suggested_courses]
    else:
        lines.append("Nothing to do: no gaps.")
    lines += ["", "CPD entries:"]
    for e in w.detail.entries:
        mark = "counts" if e.counts else "not this year"
        state = (
            "reflected" if e.reflected else ("draft" if e.has_draft_reflection else "no reflection")
        )
        peer = ", peer" if e.peer_reflected else ""
        caps = " ".join(e.capabilities) or "-"
        lines.append(
            f"  {e.entry_id:>6}  {e.activity_date.isoformat()}  {_cut(e.title, 40):<40} "
            f"{state}{peer}; {mark}; {caps}"
        )
    if not w.detail.entries:
        lines.append("  (none recorded)")
    if w.detail.requirements:
        lines += ["", "Council requirements:"]
        for r in w.detail.requirements:
            lines.append(
                f"  {_cut(r.title, 50):<50} {r.state:<9} last {_day(r.last_done)}, "
                f"expires {_day(r.expires)}"
            )
    cov = w.detail.coverage
    if cov is not None:
        lines += [
            "",
            f"Coverage of {cov.framework} since {uk_day(cov.window_start)}: "
            f"{len(cov.covered)} of at least {cov.min_items}",
            *_wrap("covered: " + (" ".join(cov.covered) or "none"), "  "),
            *_wrap("not covered: " + (" ".join(cov.uncovered) or "none"), "  "),
        ]
    return "\n".join(lines) + "\n"


def render_text(report: ReadinessReport) -> str:
    """Return the detail view for a single worker, otherwise the team table."""
    if len(report.workers) == 1:
        return render_worker(report, report.workers[0])
    return render_team(report)
