"""`cpdsync readiness` and `cpdsync export`: readiness reports and the SWE form export."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import click

from cpdsync.app.report import load_report
from cpdsync.cli.context import AppContext, pass_app
from cpdsync.errors import EXIT_FAILED, NotFoundError, UsageError
from cpdsync.readiness.report_model import ReadinessReport, WorkerReadiness
from cpdsync.render.csv_report import render_csv
from cpdsync.render.html import render_html
from cpdsync.render.json_report import render_json
from cpdsync.render.swe_form import render_export_csv, render_export_json, render_swe
from cpdsync.render.text import render_text
from cpdsync.timeutil import uk_today


class DateParam(click.ParamType[date]):
    name = "YYYY-MM-DD"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> date:
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(f"{value!r} is not a date; write it like 2026-11-22", param, ctx)


def write_output(text: str, output: Path | None) -> None:
    """Print ``text``, or write it to ``output`` whole or not at all (temp file, then rename).

    Raise UsageError naming the path and the reason when it cannot be written.
    """
    if output is None:
        click.echo(text, nl=False)
        return
    target = output.expanduser()
    temp: str | None = None
    try:
        # The temp file is created 0600: these reports hold staff personal data.
        fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
        with os.fdopen(fd, "w", encoding="utf-8", errors="replace", newline="") as handle:
            handle.write(text)
        os.replace(temp, target)
        temp = None
    except OSError as exc:
        raise UsageError(
            f"cannot write --output {output}: {exc.strerror or exc}; choose a file in a "
            "folder that exists and you may write to (nothing was written)"
        ) from None
    finally:
        if temp is not None:
            Path(temp).unlink(missing_ok=True)


def today_uk() -> date:
    return uk_today()


def _render(report: ReadinessReport, fmt: str, team: str | None) -> str:
    if fmt == "json":
        return render_json(report)
    if fmt == "csv":
        return render_csv(report)
    if fmt == "html":
        return render_html(report, team)
    return render_text(report)


@click.command("readiness")
@click.argument("workers", nargs=-1, metavar="[WORKER]...")
@click.option("--team", help="Only workers in this team (the Moodle profile field 'team').")
@click.option(
    "--as-of",
    "as_of",
    type=DateParam(),
    help="Assess as on this UK date (default: today in the UK).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "csv", "html"]),
    default="text",
    show_default=True,
    help="text table (detail for one worker), JSON (docs/readiness.schema.json), CSV or HTML.",
)
@click.option("--json", "as_json", is_flag=True, help="Same as --format json.")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to this file (whole or not at all) instead of printing it.",
)
@click.option(
    "--fail-on-gaps",
    is_flag=True,
    help="Exit 1 when any worker has a statutory gap (for scripts and schedulers).",
)
@pass_app
def readiness_command(
    app: AppContext,
    workers: tuple[str, ...],
    team: str | None,
    as_of: date | None,
    fmt: str,
    as_json: bool,
    output: Path | None,
    fail_on_gaps: bool,
) -> None:
    """Readiness for registration renewal against the current year.

    Each worker is ready, at_risk, not_ready or exempt, with every gap, what to do about it
    and the courses that would close it. A WORKER is an email, Moodle username, staff
    idnumber or SWE number; with none, every worker (or every worker in --team). Exit 1 with
    --fail-on-gaps when a statutory gap is open; 2 for a bad flag, an unknown worker or team,
    or an output file that cannot be written.

    \b
    Example:
      cpdsync readiness --team 'Children North'
      cpdsync readiness jo.smith@council.example --format html --output jo.html
      cpdsync readiness --as-of 2026-09-01 --json --fail-on-gaps
    """
    report = load_report(
        app.settings(), workers=list(workers) or None, team=team, as_of=as_of or today_uk()
    )
    write_output(_render(report, "json" if as_json else fmt, team), output)
    if fail_on_gaps and report.has_statutory_gaps():
        click.get_current_context().exit(EXIT_FAILED)


_EXPORTS: dict[str, Callable[[ReadinessReport, WorkerReadiness], str]] = {
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
    help="swe: each entry field by field as SWE's online form asks; csv or json: the same data.",
)
@click.option("--json", "as_json", is_flag=True, help="Same as --format json.")
@click.option(
    "--as-of",
    "as_of",
    type=DateParam(),
    help="Export the registration year holding this UK date (default: today in the UK).",
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file (whole or not at all) instead of printing.",
)
@pass_app
def export_command(
    app: AppContext,
    worker: str,
    fmt: str,
    as_json: bool,
    as_of: date | None,
    output: Path | None,
) -> None:
    """A worker's CPD for the year, laid out as SWE's online form asks.

    Every CPD entry dated in the current registration year, in the order of the fields of the
    CPD record form in the worker's Social Work England account, so it can be copied across.
    A part still to be written says so and names the command that writes it.

    \b
    Example:
      cpdsync export EMP0001 --format swe
      cpdsync export jo.smith@council.example --format csv --output jo-cpd.csv
    """
    report = load_report(app.settings(), workers=[worker], team=None, as_of=as_of or today_uk())
    if not report.workers:
        raise NotFoundError(f"no worker matches {worker!r}")
    write_output(_EXPORTS["json" if as_json else fmt](report, report.workers[0]), output)


COMMANDS = [readiness_command, export_command]
