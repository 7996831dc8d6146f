"""The readiness report as plain text: a team table, and a detail view for one worker."""

from __future__ import annotations

import textwrap
from datetime import date

from cpdsync.readiness.report_model import (
    STATUS_LABELS,
    EntryView,
    Gap,
    ReadinessReport,
    WorkerReadiness,
    plural,
)
from cpdsync.render.wording import (
    GAP_SHORT,
    STATUS_MEANING,
    clean,
    days_left,
    missed_banner,
    previous_text,
    status_summary,
)
from cpdsync.timeutil import uk_day

WIDTH = 100


def _cut(text: str, width: int) -> str:
    text = clean(text)
    return text if len(text) <= width else text[: width - 1] + "…"


def _wrap(text: str, indent: str) -> list[str]:
    return textwrap.wrap(
        clean(text), WIDTH, initial_indent=indent, subsequent_indent=indent, break_on_hyphens=False
    )


def header(report: ReadinessReport) -> str:
    year = report.registration_year
    return (
        f"Registration year {year.label} ({uk_day(year.start)} to {uk_day(year.end)}) - "
        f"deadline 23:59 on {uk_day(report.deadline)}, {days_left(report.days_to_deadline)} "
        f"(as of {uk_day(report.as_of)})"
    )


def _provisional(report: ReadinessReport) -> list[str]:
    year = report.registration_year
    if not year.rules_provisional:
        return []
    return _wrap(f"Provisional rules for {year.label}: {year.provisional_note or ''}", "")


def render_team(report: ReadinessReport) -> str:
    """Return a table with one line per worker, most urgent first: status, days, pieces,
    reflected, peer, last year's outcome, top gap; a missed deadline is said first."""
    lines = [header(report), *_provisional(report)]
    banner = missed_banner(report)
    if banner:
        lines += ["", *_wrap("! " + banner, "")]
    head = (
        f"{'Worker':<26} {'Status':<11} {'Days':>4} {'Pieces':>6} {'Refl':>4} {'Peer':>4}  "
        f"{'Last year':<17}  "
    )
    lines += ["", head + "Top gap", "-" * WIDTH]
    for w in report.workers:
        top = GAP_SHORT[w.gaps[0].code] if w.gaps else "-"
        name = w.worker.name + (" (suspended)" if w.detail.suspended else "")
        lines.append(
            f"{_cut(name, 26):<26} {STATUS_LABELS[w.status]:<11} {report.days_to_deadline:>4} "
            f"{w.cpd.activities:>2}/{w.cpd.required:<3} {w.cpd.reflected:>4} "
            f"{w.cpd.peer_reflected:>2}/{w.cpd.peer_required:<1}  "
            f"{_cut(previous_text(w, short=True), 17):<17}  {top}"
        )
    if not report.workers:
        lines.append("(no workers matched)")
    summary = status_summary(report.workers) or "none"
    lines += ["", f"{plural(len(report.workers), 'worker')}: {summary}"]
    return "\n".join(lines) + "\n"


def _day(value: date | None) -> str:
    return uk_day(value) if value else "-"


def _gap_lines(gap: Gap) -> list[str]:
    lines = _wrap(f"[{gap.severity}] {gap.code}: {gap.message}", "  ")
    for course in gap.suggested_courses:
        link = f" <{clean(course.url)}>" if course.url else ""
        lines.append(f"      - {clean(course.name)}{link}")
    return lines


def _entry_line(e: EntryView) -> str:
    mark = "counts" if e.counts else "not this year"
    if e.recorded_on_swe:
        state = "recorded on SWE"
    elif e.reflected:
        state = "reflected"
    else:
        state = "draft" if e.has_draft_reflection else "no reflection"
    peer = ", peer" if e.peer_reflected else (", peer to write up" if e.prompts_peer else "")
    caps = " ".join(e.capabilities) or "-"
    return (
        f"  {e.entry_id:>6}  {e.activity_date.isoformat()}  {_cut(e.title, 40):<40} "
        f"{state}{peer}; {mark}; {caps}"
    )


def _facts(report: ReadinessReport, w: WorkerReadiness) -> list[str]:
    who = w.worker
    renewal = w.detail.renewal
    declared = []
    if renewal is not None:
        on = uk_day(renewal.declared_on)
        declared.append(f"Renewal: declared submitted on {on} by {clean(renewal.declared_by)}")
    return [
        f"{clean(who.name)} <{clean(who.email)}>  staff no. {clean(who.idnumber) or '-'}  "
        f"SWE {clean(who.swe_number or 'missing')}  role {clean(who.role or '-')}",
        header(report),
        *_provisional(report),
        "",
        f"Status: {STATUS_LABELS[w.status]}"
        + ("  (Moodle account suspended)" if w.detail.suspended else ""),
        *_wrap(STATUS_MEANING[w.status], "  "),
        f"Last year: {previous_text(w)}",
        f"CPD this year: {w.cpd.activities} of {w.cpd.required} pieces, "
        f"{w.cpd.reflected} reflected, {w.cpd.peer_reflected} of {w.cpd.peer_required} "
        "with peer reflection",
        *declared,
        "",
    ]


def render_worker(report: ReadinessReport, w: WorkerReadiness) -> str:
    """Return one worker's detail: status in words, last year, each gap and what to do (a
    missed deadline first), the CPD list, requirements and coverage."""
    lines = _facts(report, w)
    if w.gaps:
        lines.append("What to do:")
        for gap in w.gaps:
            lines += _gap_lines(gap)
    else:
        lines.append("Nothing to do: no gaps.")
    lines += ["", "CPD entries:"]
    lines += [_entry_line(e) for e in w.detail.entries]
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
