"""`cpdsync readiness` and `cpdsync export`: readiness reports and the SWE form export."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import click

from cpdsync.app.export import worker_export
from cpdsync.app.report import load_report
from cpdsync.cli.context import AppContext, pass_app
from cpdsync.cli.options import as_of_option, output_option, site_option, write_output
from cpdsync.errors import EXIT_FAILED
from cpdsync.readiness.report_model import ReadinessReport, WorkerReadiness
from cpdsync.readiness.swe_rules import CpdForm
from cpdsync.render.csv_report import render_csv
from cpdsync.render.html import render_html
from cpdsync.render.json_report import render_json
from cpdsync.render.swe_form import render_export_csv, render_export_json, render_swe
from cpdsync.render.text import render_text
from cpdsync.timeutil import uk_today

_READINESS: dict[str, Callable[[ReadinessReport, str | None, Path | None], str]] = {
    "text": lambda report, team, templates: render_text(report),
    "json": lambda report, team, templates: render_json(report),
    "csv": lambda report, team, templates: render_csv(report),
    "html": lambda report, team, templates: render_html(report, team, templates=templates),
}


@click.command("readiness")
@click.argument("workers", nargs=-1, metavar="[WORKER]...")
@click.option("--team", help="Only workers in this team (the Moodle profile field 'team').")
@as_of_option("Assess as on this UK date (default: today in the UK).")
@click.option(
    "--year",
    "year_label",
    metavar="LABEL",
    help="Report on this registration year, e.g. 2025-26; a past year gives its outcome as of "
    "its deadline (default: the year holding --as-of).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(_READINESS)),
    default="text",
    show_default=True,
    help="text table (detail for one worker), JSON (docs/readiness.schema.json), CSV or HTML.",
)
@click.option("--json", "as_json", is_flag=True, help="Same as --format json.")
@output_option("Write the report to this file (whole or not at all) instead of printing it.")
@click.option(
    "--templates",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Folder of HTML templates that replace the packaged ones of the same name "
    "(--format html; see docs/readiness.md).",
)
@click.option(
    "--fail-on-gaps",
    is_flag=True,
    help="Exit 1 when any worker has a statutory gap (for scripts and schedulers).",
)
@site_option()
@pass_app
def readiness_command(
    app: AppContext,
    workers: tuple[str, ...],
    team: str | None,
    as_of: date | None,
    year_label: str | None,
    fmt: str,
    as_json: bool,
    output: Path | None,
    templates: Path | None,
    fail_on_gaps: bool,
    site: str | None,
) -> None:
    """Readiness for registration renewal, most urgent first.

    Each worker is missed, at_risk, in_progress, ready, submitted or exempt (see
    docs/readiness.md), with every gap, what to do about it and the courses that would close
    it. A WORKER is an email, Moodle username, staff idnumber or SWE number; with none, every
    worker (or every worker in --team). Exit 1 with --fail-on-gaps when a statutory gap is
    open; 2 for a bad flag, an unknown worker, team or year, or an output file that cannot be
    written.

    \b
    Example:
      cpdsync readiness --team 'Children North'
      cpdsync readiness jo.smith@council.example --format html --output jo.html
      cpdsync readiness --as-of 2026-09-01 --json --fail-on-gaps
      cpdsync readiness --year 2024-25
    """
    settings = app.settings()
    report = load_report(
        settings,
        workers=list(workers) or None,
        team=team,
        as_of=as_of or uk_today(),
        year=year_label,
        site=site,
    )
    text = _READINESS["json" if as_json else fmt](report, team, templates)
    write_output(text, output, mode=settings.config.reports.mode)
    if fail_on_gaps and report.has_statutory_gaps():
        click.get_current_context().exit(EXIT_FAILED)


_EXPORTS: dict[str, Callable[[ReadinessReport, WorkerReadiness, CpdForm], str]] = {
    "swe": render_swe,
    "csv": render_export_csv,
    "json": render_export_json,
}


@click.command("export")
@click.argument("worker")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted(_EXPORTS)),
    default="swe",
    show_default=True,
    help="swe: each entry field by field, to copy into SWE's online form; csv or json: the "
    "same data.",
)
@click.option("--json", "as_json", is_flag=True, help="Same as --format json.")
@as_of_option("Export the registration year holding this UK date (default: today in the UK).")
@output_option("Write to this file (whole or not at all) instead of printing.")
@site_option()
@pass_app
def export_command(
    app: AppContext,
    worker: str,
    fmt: str,
    as_json: bool,
    as_of: date | None,
    output: Path | None,
    site: str | None,
) -> None:
    """A worker's CPD for the year, laid out to copy into SWE's online CPD form.

    Every CPD entry dated in the current registration year, field by field. Only a field
    worded as on Social Work England's form is marked as SWE's question (the peer reflection
    question); the others are cpdsync's suggestion of what to write. The description is the
    course's own summary and the worker's own words. A record is "ready to copy" only when the
    worker's own reflection is in it; otherwise it says what to write first and the command
    that writes it.

    \b
    Example:
      cpdsync export EMP0001 --format swe
      cpdsync export jo.smith@council.example --format csv --output jo-cpd.csv
    """
    settings = app.settings()
    found = worker_export(settings, worker, as_of=as_of or uk_today(), site=site)
    render = _EXPORTS["json" if as_json else fmt]
    write_output(
        render(found.report, found.worker, found.form), output, mode=settings.config.reports.mode
    )


COMMANDS = [readiness_command, export_command]
