"""`cpdsync remind`: readiness reminders and managers' digests as Moodle messages."""

from __future__ import annotations

from datetime import date

import click

from cpdsync.app.remind import send_reminders
from cpdsync.cli.context import AppContext, pass_app
from cpdsync.cli.options import as_of_option, json_option, site_option
from cpdsync.render.json_report import json_document
from cpdsync.render.reminders_text import render_reminders
from cpdsync.timeutil import uk_today


@click.command("remind")
@click.option(
    "--dry-run",
    is_flag=True,
    help="Print every message that would be sent and to whom; send nothing, write nothing.",
)
@as_of_option("Act as on this UK date (default: today in the UK).")
@site_option()
@json_option("Print the result as JSON.")
@pass_app
def remind_command(
    app: AppContext, dry_run: bool, as_of: date | None, site: str | None, as_json: bool
) -> None:
    """Send readiness reminders and managers' digests as Moodle messages.

    When the renewal window opens (1 September) every worker who must renew, and on the days
    in notify.days_before_deadline every worker with a gap, gets one message per threshold per
    year, and each team's manager (Moodle profile field jobrole like 'Team Manager*') a
    digest of the team. Every message is logged before it is sent and never sent twice.
    Sending needs notify.moodle_messages = true (exit 2 otherwise); --dry-run works without
    it. A worker whose message preferences refuse it is reported, not retried.

    \b
    Example:
      cpdsync remind --dry-run
      cpdsync remind --as-of 2026-10-31 --json
    """
    report = send_reminders(app.settings(), as_of=as_of or uk_today(), dry_run=dry_run, site=site)
    click.echo(json_document(report.as_json()) if as_json else render_reminders(report))


COMMANDS = [remind_command]
