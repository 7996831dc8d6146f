"""`cpdsync status`: a site's health for a monitor and for people, read-only."""

from __future__ import annotations

import click

from cpdsync.app.health import unknown
from cpdsync.app.status import sync_status
from cpdsync.cli.context import AppContext
from cpdsync.cli.options import json_option, site_option
from cpdsync.errors import CpdsyncError
from cpdsync.render.check_line import render_check_line
from cpdsync.render.json_report import json_document
from cpdsync.render.status_text import render_status


@click.command("status")
@click.option(
    "--check",
    "as_check",
    is_flag=True,
    help="Print one line in the Nagios plugin format (state, summary, perfdata) and exit "
    "0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN; every error is UNKNOWN.",
)
@click.option(
    "--warning",
    metavar="AGE",
    help="WARNING when the last good run is older than AGE (seconds, or 90m, 2h, 1d; "
    "default: two sync intervals).",
)
@click.option(
    "--critical",
    metavar="AGE",
    help="CRITICAL when the last good run is older than AGE (default: four sync intervals).",
)
@site_option()
@json_option("Print the status as JSON.")
@click.pass_context
def status_command(
    ctx: click.Context,
    as_check: bool,
    warning: str | None,
    critical: str | None,
    site: str | None,
    as_json: bool,
) -> None:
    """A site's health, last sync runs, records held and when the next run is due.

    Reads the database read-only and never migrates it, so a monitor may run it as a database
    role with SELECT rights only. The first line is what a monitor reads:
    `CPDSYNC OK|WARNING|CRITICAL|UNKNOWN - summary | perfdata`. The exit code is that state's
    (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN); without --check, an error that stops the status
    being read exits as every command does (1 database, 2 configuration).

    \b
    Example:
      cpdsync status --check --warning 2h --critical 6h
      cpdsync status --site https://learning.example.gov.uk --json
    """
    app = ctx.find_object(AppContext) or AppContext()
    if as_check:
        try:
            health = sync_status(
                app.settings(), site=site, warning=warning, critical=critical
            ).health
        except CpdsyncError as exc:
            health = unknown(exc.message)
        click.echo(render_check_line(health))
        ctx.exit(health.exit_code)
    report = sync_status(app.settings(), site=site, warning=warning, critical=critical)
    click.echo(json_document(report.as_json()) if as_json else render_status(report))
    ctx.exit(report.health.exit_code)


COMMANDS = [status_command]
