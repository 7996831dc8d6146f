"""`cpdsync sync`, `daemon` and `completions`: running syncs and seeing what they hold."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import click

from cpdsync.app.daemon import serve_until_signalled
from cpdsync.app.log_setup import LOG_FORMATS
from cpdsync.app.progress import PhaseListener
from cpdsync.app.status import held_completions
from cpdsync.app.sync import SyncResult, failed_before_running, run_sync
from cpdsync.cli.context import AppContext, pass_app
from cpdsync.cli.options import DateParam, json_option, site_option
from cpdsync.errors import CpdsyncError
from cpdsync.render.json_report import json_document
from cpdsync.render.progress import LogPhases, TerminalPhases
from cpdsync.render.run_summary import render_run
from cpdsync.render.status_text import render_completions


@contextmanager
def _phases() -> Iterator[PhaseListener]:
    """A live display of the run's phases on a terminal; elsewhere one log line per phase
    (shown without -v). Both on stderr."""
    if sys.stderr.isatty():
        with TerminalPhases() as shown:
            yield shown
    else:
        logging.getLogger("cpdsync.progress").setLevel(logging.INFO)
        yield LogPhases()


@click.command("sync")
@click.option(
    "--full",
    is_flag=True,
    help="Read every completion, worker and course again, ignoring the cursors.",
)
@click.option("--dry-run", is_flag=True, help="Report what would change; write nothing.")
@click.option(
    "--accept-catalogue",
    is_flag=True,
    help="Apply the courses and workers Moodle lists even when most of those held would "
    "vanish or lose their idnumbers at once (after they really were removed).",
)
@json_option("Print the run record as JSON.")
@pass_app
def sync_command(
    app: AppContext, full: bool, dry_run: bool, accept_catalogue: bool, as_json: bool
) -> None:
    """Run one sync: completions from Moodle into CPD records.

    Prints what was added, changed and left unchanged, and every record that could not be
    read. A course list or worker list that would empty most of what is held is not applied
    (the run ends partial and says why) unless --accept-catalogue is given. Exit 1 if another
    sync of the site is running or the run failed, 2 on a config or mapping error, 3 if Moodle
    refused the token, 4 if Moodle was unreachable. With --json the run record is printed on
    failure too, with its error (run_id null when the run never began: a config or mapping
    error, or another sync holding the lock).

    \b
    Example:
      cpdsync sync --dry-run
      cpdsync sync --json > last-run.json
    """
    failed: list[SyncResult] = []
    site_url: str | None = None
    try:
        settings = app.settings()
        site_url = settings.config.moodle.url
        with _phases() as progress:
            report = run_sync(
                settings,
                full=full,
                dry_run=dry_run,
                accept_catalogue=accept_catalogue,
                on_failure=failed.append,
                progress=progress,
            )
    except CpdsyncError as exc:
        if as_json:
            # The run record, with its error, on failure too; the exit code stays the error's.
            if not failed:
                failed.append(failed_before_running(site_url, exc, full=full, dry_run=dry_run))
            click.echo(json_document(failed[0].as_json()))
        raise
    click.echo(json_document(report.as_json()) if as_json else render_run(report))


@click.command("daemon")
@click.option(
    "--log-format",
    type=click.Choice(LOG_FORMATS),
    default="text",
    show_default=True,
    help="text (journald-friendly, no timestamps) or json (one object per line).",
)
@pass_app
def daemon_command(app: AppContext, log_format: str) -> None:
    """Run a sync every sync.interval until SIGTERM.

    On SIGTERM or SIGINT the run in progress finishes and commits, then the daemon exits 0.
    Mapping files are re-read before each run; if they become invalid the last valid ones
    are kept and the error is logged. Logs go to stderr.

    \b
    Example:
      cpdsync daemon --log-format json
    """
    serve_until_signalled(app.settings(), log_format="json" if log_format == "json" else "text")


@click.command("completions")
@click.argument("worker", required=False)
@click.option(
    "--since",
    type=DateParam(),
    metavar="DATE",
    help="Only completions on or after this UK date (YYYY-MM-DD).",
)
@site_option()
@json_option("Print the completions as JSON.")
@pass_app
def completions_command(
    app: AppContext, worker: str | None, since: date | None, site: str | None, as_json: bool
) -> None:
    """List the completions held, and where each date came from.

    WORKER is an email, Moodle username, staff idnumber or SWE registration number; without
    it every worker's completions are listed. Times are ISO 8601 in UTC. The date source is
    plugin, report, criteria_latest (the latest criterion time) or observed (first seen).

    \b
    Example:
      cpdsync completions jo.smith@council.example
      cpdsync completions --since 2025-12-01 --json
    """
    records = held_completions(app.settings(), worker, since, site=site)
    if as_json:
        click.echo(json_document({"completions": [record.as_json() for record in records]}))
    else:
        click.echo(render_completions(records, worker))


COMMANDS = [sync_command, daemon_command, completions_command]
