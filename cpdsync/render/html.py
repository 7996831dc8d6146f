"""The readiness report as self-contained, printable, accessible HTML pages.

One page per worker (``render_worker_page``) and one per team (``render_team_page``: a summary
table, then every worker's section, each starting a new printed page). Inline CSS, no scripts,
no external resources; landmarks (header, main, footer), tables with a caption and header
cells with scope, status always written out in words (colour only repeats it), colours with at
least 4.5:1 contrast, and a print stylesheet.

The pages are Jinja2 templates in ``cpdsync/render/templates`` (``team_page.html.jinja``,
``worker_page.html.jinja``, the shared ``worker_section.html.jinja`` and ``page.html.jinja``,
and ``readiness.css``). A council rewords or brands them by copying any of those files into a
folder of its own and passing that folder (``cpdsync readiness --templates DIR``): a file there
replaces the packaged one of the same name, every other file still comes from the package.
Every value is HTML-escaped, whatever the template says.
"""

from __future__ import annotations

import html
from functools import lru_cache
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined
from markupsafe import Markup

from cpdsync.readiness.report_model import (
    STATUS_LABELS,
    EntryView,
    ReadinessReport,
    WorkerReadiness,
    plural,
)
from cpdsync.render.wording import (
    GAP_SHORT,
    SEVERITY_LABELS,
    STATUS_MEANING,
    days_left,
    missed_banner,
    previous_text,
    status_summary,
)
from cpdsync.timeutil import uk_day


def _escaped(value: object) -> Markup:
    # Autoescaping would write a quote as &#34;; the standard library's entities (&quot;,
    # &#x27;) are the ones these pages have always used, so values are escaped here first.
    if isinstance(value, Markup):
        return value
    return Markup(html.escape(str(value), quote=True))  # noqa: S704 - escaped just now


def entries_in_year(report: ReadinessReport, w: WorkerReadiness) -> list[EntryView]:
    """Return the worker's CPD entries dated inside the report's registration year."""
    year = report.registration_year
    return [x for x in w.detail.entries if year.start <= x.activity_date <= year.end]


def reflection_state(x: EntryView) -> str:
    """Return where an entry's reflection stands, in words."""
    if x.recorded_on_swe:
        return "Recorded on SWE"
    if x.reflected:
        return "Submitted"
    return "Draft" if x.has_draft_reflection else "None"


def peer_state(x: EntryView) -> str:
    """Return where an entry's peer reflection stands, in words."""
    if x.peer_recorded_on_swe:
        return "Recorded on SWE"
    if x.peer_reflected:
        return "Yes"
    return "To write up" if x.prompts_peer else "No"


@lru_cache(maxsize=8)
def environment(templates: Path | None = None) -> Environment:
    """Return the template environment: ``templates`` (a council's folder) first, then the
    packaged templates."""
    packaged = PackageLoader("cpdsync.render", "templates")
    loader = ChoiceLoader([FileSystemLoader(templates), packaged]) if templates else packaged
    env = Environment(
        loader=loader,
        autoescape=True,
        finalize=_escaped,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        uk_day=uk_day,
        days_left=days_left,
        plural=plural,
        status_label=STATUS_LABELS.__getitem__,
        severity_label=SEVERITY_LABELS.__getitem__,
        gap_short=GAP_SHORT.__getitem__,
        status_meaning=STATUS_MEANING.__getitem__,
        yes_no=lambda value: "Yes" if value else "No",
        reflection_state=reflection_state,
        peer_state=peer_state,
        web_link=lambda url: bool(url) and str(url).startswith(("https://", "http://")),
    )
    env.globals.update(
        entries_in_year=entries_in_year, previous_text=previous_text, missed_banner=missed_banner
    )
    return env


def render_worker_page(
    report: ReadinessReport, w: WorkerReadiness, *, templates: Path | None = None
) -> str:
    """Return one worker's page: status, each gap and what to do, CPD, requirements, coverage."""
    title = f"{w.worker.name}: registration readiness {report.registration_year.label}"
    page = environment(templates).get_template("worker_page.html.jinja")
    return page.render(report=report, worker=w, title=title)


def render_team_page(
    report: ReadinessReport, team: str | None = None, *, templates: Path | None = None
) -> str:
    """Return a team page: a summary table linking to each worker's section below it."""
    name = team or "All workers"
    title = f"{name}: registration readiness {report.registration_year.label}"
    page = environment(templates).get_template("team_page.html.jinja")
    return page.render(
        report=report, team=name, title=title, summary=status_summary(report.workers)
    )


def render_html(
    report: ReadinessReport, team: str | None = None, *, templates: Path | None = None
) -> str:
    """Return the worker page for a single worker, otherwise the team page."""
    if len(report.workers) == 1 and team is None:
        return render_worker_page(report, report.workers[0], templates=templates)
    return render_team_page(report, team, templates=templates)
