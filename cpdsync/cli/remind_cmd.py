"""`cpdsync remind`: readiness reminders and managers' digests as Moodle messages."""

from __future__ import annotations

import json
from datetime import date

import click

from cpdsync.app.remind import ReminderReport, send_reminders
from cpdsync.cli.context import AppContext, pass_app
from cpdsync.cli.readiness_cmd import DateParam, today_uk

_DONE = {
    "would_send": "would send",
    "sent": "sent",
    "refused": "refused by Moodle",
    "unconfirmed": "delivery unknown",
}


def render_reminders(report: ReminderReport) -> str:
    """Return the report for people: each message with its recipient, outcome and text on a
    dry run, and any earlier reminder whose delivery is unknown."""
    head = f"Reminders on {report.as_of.isoformat()}, registration year {report.registration_year}"
    lines = [head + (" (dry run: nothing sent, nothing written)" if report.dry_run else "")]
    if report.threshold is None:
        lines.append("No reminder threshold has been reached today; nothing is due.")
    elif not report.messages:
        lines.append(f"Threshold {report.threshold}: every reminder due has been sent already.")
    for m in report.messages:
        who = f"{m.name} <{m.email}> (Moodle user {m.moodle_id})"
        kind = "digest for team " + (m.team or "") if m.kind == "digest" else "reminder"
        lines.append(f"- {_DONE[m.status]}: {kind} [{m.threshold}] to {who}")
        if m.status in ("refused", "unconfirmed") and m.detail:
            lines.append(f"    {m.detail}")
        if report.dry_run:
            lines.append(f"    Subject: {m.subject}")
            lines += ["    " + line if line else "" for line in m.text.splitlines()]
    if not report.dry_run and report.messages:
        lines.append(
            f"{report.count('sent')} sent, {report.count('refused')} refused, "
            f"{report.count('unconfirmed')} with delivery unknown."
        )
    if report.unconfirmed:
        lines.append(
            f"{len(report.unconfirmed)} earlier reminder(s) were being sent when cpdsync "
            "stopped; Moodle may or may not have delivered them, and they are not sent again:"
        )
        lines += [
            f"  {u.email} [{u.registration_year} {u.threshold}] at {u.sent_at.isoformat()}"
            for u in report.unconfirmed
        ]
    return "\n".join(lines)


@click.command("remind")
@click.option(
    "--dry-run",
    is_flag=True,
    help="Print every message that would be sent and to whom; send nothing, write nothing.",
)
@click.option(
    "--as-of",
    "as_of",
    type=DateParam(),
    help="Act as on this UK date (default: today in the UK).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_app
def remind_command(app: AppContext, dry_run: bool, as_of: date | None, as_json: bool) -> None:
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
    report = send_reminders(app.settings(), as_of=as_of or today_uk(), dry_run=dry_run)
    if as_json:
        click.echo(json.dumps(report.as_json(), indent=2))
    else:
        click.echo(render_reminders(report))


COMMANDS = [remind_command]
