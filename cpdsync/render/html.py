"""The readiness report as self-contained, printable, accessible HTML pages.

One page per worker (``render_worker_page``) and one per team (``render_team_page``: a summary
table, then every worker's section, each starting a new printed page). Inline CSS, no scripts,
no external resources; landmarks (header, main, footer), tables with a caption and header
cells with scope, status always written out in words (colour only repeats it), colours with at
least 4.5:1 contrast, and a print stylesheet. Every value is HTML-escaped.
"""

from __future__ import annotations

from html import escape

from cpdsync.readiness.report_model import STATUS_LABELS, ReadinessReport, WorkerReadiness, plural
from cpdsync.render.wording import GAP_SHORT, days_left
from cpdsync.timeutil import uk_day

SEVERITY_LABELS = {
    "statutory": "Needed to renew",
    "local": "Council requirement",
    "info": "For information",
}

CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Arial, sans-serif;
  color: #1b1b1b; background: #ffffff; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: 1rem; background: #ffffff; padding: .5rem; }
header, main, footer { max-width: 60rem; margin: 0 auto; padding: 1rem 1.5rem; }
header { border-bottom: 4px solid #1d3f6e; }
header p { margin: 0; color: #3b3b3b; }
h1 { font-size: 1.75rem; margin: .25rem 0; }
h2 { font-size: 1.4rem; margin-top: 2rem; }
h3 { font-size: 1.15rem; margin-top: 1.5rem; }
a { color: #0b4f9c; }
a:focus { outline: 3px solid #1b1b1b; outline-offset: 2px; }
dl.who { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
dl.who dt { font-weight: 600; }
dl.who dd { margin: 0; }
.status { border-left: 8px solid; padding: .75rem 1rem; margin: 1rem 0; }
.status strong { font-size: 1.2rem; }
.s-ready { background: #e3f1e6; border-color: #1e6b34; color: #0f3d1c; }
.s-at_risk { background: #fff3dc; border-color: #8a4b00; color: #4d2a00; }
.s-not_ready { background: #fbe4e6; border-color: #a3111f; color: #5c0a12; }
.s-exempt { background: #e8edf3; border-color: #3d4f66; color: #1f2a37; }
.badge { display: inline-block; padding: 0 .4rem; border: 1px solid; border-radius: 3px;
  font-weight: 600; }
ol.gaps > li { margin-bottom: 1rem; }
.sev { font-weight: 700; }
code { font-family: ui-monospace, Menlo, Consolas, monospace; background: #f1f1f1;
  padding: 0 .2rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
th, td { border: 1px solid #8c8c8c; padding: .35rem .5rem; text-align: left;
  vertical-align: top; }
thead th { background: #e9ecf1; }
td.num { text-align: right; }
footer { color: #3b3b3b; font-size: .9rem; border-top: 1px solid #8c8c8c; }
@media print {
  body { font-size: 11pt; }
  .skip { display: none; }
  header, main, footer { max-width: none; padding: 0; }
  a { color: inherit; text-decoration: none; }
  .status { border: 2px solid; }
  section.worker + section.worker { break-before: page; }
  tr, li { break-inside: avoid; }
  thead { display: table-header-group; }
}
"""


def e(value: object) -> str:
    return escape(str(value), quote=True)


def _page(title: str, heading: str, intro: str, body: str, report: ReadinessReport) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{e(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        '<a class="skip" href="#main">Skip to the report</a>\n'
        "<header>\n<p>Social Work England registration renewal</p>\n"
        f"<h1>{e(heading)}</h1>\n<p>{intro}</p>\n</header>\n"
        f'<main id="main">\n{body}</main>\n'
        "<footer>\n<p>Made by cpdsync as of "
        f"{e(uk_day(report.as_of))}. CPD counts only when it is dated between "
        f"{e(uk_day(report.registration_year.start))} and "
        f"{e(uk_day(report.registration_year.end))} and has a submitted reflection. Record "
        "and submit your CPD in your Social Work England online account; this page is a "
        "checklist, not your record.</p>\n</footer>\n</body>\n</html>\n"
    )


def _year_line(report: ReadinessReport) -> str:
    return e(
        f"Registration year {report.registration_year.label}: deadline 23:59 on "
        f"{uk_day(report.deadline)}, {days_left(report.days_to_deadline)}."
    )


def _status_block(report: ReadinessReport, w: WorkerReadiness) -> str:
    explain = {
        "ready": "You meet Social Work England's CPD requirement for this renewal.",
        "at_risk": "Something Social Work England needs is still missing - see below.",
        "not_ready": "The deadline has passed with Social Work England's requirement unmet.",
        "exempt": "You joined the register on or after 1 September, so you need no CPD for "
        "this renewal (the renewal fee is still due).",
    }[w.status]
    return (
        f'<div class="status s-{e(w.status)}" role="status">'
        f"<strong>Status: {e(STATUS_LABELS[w.status])}</strong>"
        f" - {e(days_left(report.days_to_deadline))}.<br>{e(explain)}<br>"
        f"CPD this year: {w.cpd.activities} of {w.cpd.required} pieces, "
        f"{w.cpd.reflected} reflected, {w.cpd.peer_reflected} of {w.cpd.peer_required} "
        "with peer reflection.</div>\n"
    )


def _gaps(w: WorkerReadiness, h: str) -> str:
    if not w.gaps:
        return f"<{h}>What to do</{h}>\n<p>Nothing: there are no gaps.</p>\n"
    items = []
    for gap in w.gaps:
        courses = ""
        if gap.suggested_courses:
            courses = (
                "<p>Courses that would close this:</p>\n<ul>"
                + "".join(f"<li>{e(c)}</li>" for c in gap.suggested_courses)
                + "</ul>\n"
            )
        items.append(
            f'<li><p><span class="sev">{e(SEVERITY_LABELS[gap.severity])}:</span> '
            f"<strong>{e(GAP_SHORT[gap.code])}</strong> <code>{e(gap.code)}</code></p>\n"
            f"<p>{e(gap.message)}</p>\n{courses}</li>\n"
        )
    return f'<{h}>What to do</{h}>\n<ol class="gaps">\n' + "".join(items) + "</ol>\n"


def _yes(value: bool) -> str:
    return "Yes" if value else "No"


def _cpd_table(report: ReadinessReport, w: WorkerReadiness, h: str) -> str:
    year = report.registration_year
    shown = [x for x in w.detail.entries if year.start <= x.activity_date <= year.end]
    caption = f"CPD dated in {year.label} ({plural(len(shown), 'entry', 'entries')})"
    if not shown:
        return f"<{h}>CPD this year</{h}>\n<p>{e(caption)}: none recorded yet.</p>\n"
    rows = []
    for x in shown:
        reflection = "Submitted" if x.reflected else ("Draft" if x.has_draft_reflection else "None")
        rows.append(
            "<tr>"
            f'<td>{e(x.activity_date.isoformat())}</td><th scope="row">{e(x.title)}</th>'
            f"<td>{e(x.cpd_type.replace('_', ' '))}</td><td>{e(reflection)}</td>"
            f"<td>{_yes(x.peer_reflected)}</td>"
            f"<td>{e(', '.join(x.capabilities) or '-')}</td>"
            f'<td>{_yes(x.counts)}</td><td class="num">{e(x.entry_id)}</td></tr>\n'
        )
    return (
        f"<{h}>CPD this year</{h}>\n<table>\n<caption>{e(caption)}</caption>\n<thead><tr>"
        '<th scope="col">Date</th><th scope="col">Title</th><th scope="col">Type</th>'
        '<th scope="col">Reflection</th><th scope="col">Peer reflection</th>'
        '<th scope="col">Capabilities</th><th scope="col">Counts</th>'
        '<th scope="col">Entry</th></tr></thead>\n<tbody>\n'
        + "".join(rows)
        + "</tbody>\n</table>\n"
    )


def _requirements(w: WorkerReadiness, h: str) -> str:
    if not w.detail.requirements:
        return ""
    rows = "".join(
        f'<tr><th scope="row">{e(r.title)}</th><td>{e(r.state.capitalize())}</td>'
        f"<td>{e(uk_day(r.last_done)) if r.last_done else 'Never'}</td>"
        f"<td>{e(uk_day(r.expires)) if r.expires else '-'}</td></tr>\n"
        for r in w.detail.requirements
    )
    return (
        f"<{h}>Council training requirements</{h}>\n<table>\n<caption>Mandatory training and "
        'when it expires</caption>\n<thead><tr><th scope="col">Requirement</th>'
        '<th scope="col">State</th><th scope="col">Last done</th><th scope="col">Expires</th>'
        "</tr></thead>\n<tbody>\n" + rows + "</tbody>\n</table>\n"
    )


def _coverage(w: WorkerReadiness, h: str) -> str:
    cov = w.detail.coverage
    if cov is None:
        return ""
    covered = set(cov.covered)
    rows = "".join(
        f'<tr><th scope="row">{e(item)}</th>'
        f"<td>{'Covered' if item in covered else 'Not covered'}</td></tr>\n"
        for item in (*cov.covered, *cov.uncovered)
    )
    return (
        f"<{h}>Coverage of {e(cov.framework)}</{h}>\n<p>{len(cov.covered)} covered by CPD since "
        f"{e(uk_day(cov.window_start))}; the council asks for at least {cov.min_items}.</p>\n"
        f"<table>\n<caption>{e(cov.framework)} items in the last {e(cov.window)}</caption>\n"
        '<thead><tr><th scope="col">Item</th><th scope="col">Covered</th></tr></thead>\n'
        "<tbody>\n" + rows + "</tbody>\n</table>\n"
    )


def _worker_section(report: ReadinessReport, w: WorkerReadiness, level: int) -> str:
    who = w.worker
    facts = [
        ("Email", who.email),
        ("Staff number", who.idnumber or "-"),
        ("SWE registration number", who.swe_number or "Missing"),
        ("Role", who.role or "-"),
        ("Team", w.detail.team or "-"),
    ]
    if w.detail.suspended:
        facts.append(("Moodle account", "Suspended"))
    # On a worker's own page the name is the h1, so sections are h2; on a team page h3.
    heading = f"<h{level}>{e(who.name)}</h{level}>\n" if level else ""
    sub = f"h{level + 1}" if level else "h2"
    return (
        f'<section class="worker" id="w-{w.detail.key}" aria-label="{e(who.name)}">\n{heading}'
        '<dl class="who">'
        + "".join(f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in facts)
        + "</dl>\n"
        + _status_block(report, w)
        + _gaps(w, sub)
        + _cpd_table(report, w, sub)
        + _requirements(w, sub)
        + _coverage(w, sub)
        + "</section>\n"
    )


def render_worker_page(report: ReadinessReport, w: WorkerReadiness) -> str:
    """Return one worker's page: status, each gap and what to do, CPD, requirements, coverage."""
    title = f"{w.worker.name}: registration readiness {report.registration_year.label}"
    return _page(title, title, _year_line(report), _worker_section(report, w, 0), report)


def render_team_page(report: ReadinessReport, team: str | None = None) -> str:
    """Return a team page: a summary table linking to each worker's section below it."""
    name = team or "All workers"
    rows = []
    for w in report.workers:
        top = GAP_SHORT[w.gaps[0].code] if w.gaps else "None"
        rows.append(
            f'<tr><th scope="row"><a href="#w-{w.detail.key}">{e(w.worker.name)}</a></th>'
            f'<td><span class="badge s-{e(w.status)}">{e(STATUS_LABELS[w.status])}</span></td>'
            f'<td class="num">{w.cpd.activities} of {w.cpd.required}</td>'
            f'<td class="num">{w.cpd.reflected}</td>'
            f'<td class="num">{w.cpd.peer_reflected} of {w.cpd.peer_required}</td>'
            f"<td>{e(top)}</td></tr>\n"
        )
    counts = {s: sum(w.status == s for w in report.workers) for s in STATUS_LABELS}
    summary = ", ".join(f"{n} {STATUS_LABELS[s].lower()}" for s, n in counts.items() if n)
    table = (
        f"<h2>Summary</h2>\n<p>{e(plural(len(report.workers), 'worker'))}"
        f"{': ' + e(summary) if summary else ''}.</p>\n<table>\n"
        f"<caption>Readiness of {e(name)}, {e(days_left(report.days_to_deadline))}</caption>\n"
        '<thead><tr><th scope="col">Worker</th><th scope="col">Status</th>'
        '<th scope="col">Pieces of CPD</th><th scope="col">Reflected</th>'
        '<th scope="col">Peer reflected</th><th scope="col">Top gap</th></tr></thead>\n'
        "<tbody>\n" + "".join(rows) + "</tbody>\n</table>\n"
    )
    sections = "".join(_worker_section(report, w, 2) for w in report.workers)
    title = f"{name}: registration readiness {report.registration_year.label}"
    return _page(title, title, _year_line(report), table + sections, report)


def render_html(report: ReadinessReport, team: str | None = None) -> str:
    """Return the worker page for a single worker, otherwise the team page."""
    if len(report.workers) == 1 and team is None:
        return render_worker_page(report, report.workers[0])
    return render_team_page(report, team)
