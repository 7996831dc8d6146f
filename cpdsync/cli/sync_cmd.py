"""`cpdsync sync`, `daemon`, `status` and `completions`: running syncs and seeing what they hold."""

from __future__ import annotations

import json
import threading
from datetime import date
from typing import Any

import click

from cpdsync.app.daemon import serve
from cpdsync.app.log_setup import LOG_FORMATS, configure_logging
from cpdsync.app.scheduler import stop_on_signals
from cpdsync.app.status import StatusReport, held_completions, sync_status
from cpdsync.app.sync import RunReport, run_sync
from cpdsync.cli.context import AppContext, pass_app
from cpdsync.records.write_counts import CompletionRecord
from cpdsync.render.run_summary import KINDS, counts_phrase, warning_line


def _print_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, default=str))


@click.command("sync")
@click.option(
    "--full",
    is_flag=True,
    help="Read every completion, worker and course again, ignoring the cursors.",
)
@click.option("--dry-run", is_flag=True, help="Report what would change; write nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the run record as JSON.")
@pass_app
def sync_command(app: AppContext, full: bool, dry_run: bool, as_json: bool) -> None:
    """Run one sync: completions from Moodle into CPD records.

    Prints what was added, changed and left unchanged, and every record that could not be
    read. Exit 1 if another sync of the site is running or the run failed, 2 on a config or
    mapping error, 3 if Moodle refused the token, 4 if Moodle was unreachable.

    \b
    Example:
      cpdsync sync --dry-run
      cpdsync sync --json > last-run.json
    """
    report = run_sync(app.settings(), full=full, dry_run=dry_run)
    if as_json:
        _print_json(report.as_json())
    else:
        click.echo(render_run(report))


def render_run(report: RunReport) -> str:
    seconds = (report.finished - report.started).total_seconds()
    head = "dry run" if report.dry_run else f"run {report.run_id}"
    lines = [
        f"{head}: {report.outcome} — {report.site_url} "
        f"(strategy {report.strategy}, {'full read' if report.since is None else 'incremental'},"
        f" {seconds:.1f} s)"
    ]
    for kind in KINDS:
        if kind in report.counts:
            lines.append(f"  {kind.replace('_', ' '):<12} {counts_phrase(report.counts[kind])}")
    total = sum(report.calls.values())
    lines.append(f"  Moodle calls {total}")
    if report.warnings:
        lines.append(f"{len(report.warnings)} warning(s): records that could not be read")
        lines += [f"  {warning_line(w)}" for w in report.warnings]
    if report.dry_run:
        lines.append("Dry run: nothing was written.")
    return "\n".join(lines)


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
    configure_logging("json" if log_format == "json" else "text")
    stop = threading.Event()
    with stop_on_signals(stop):
        serve(app.settings(), stop=stop)


@click.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print the status as JSON.")
@click.pass_context
def status_command(ctx: click.Context, as_json: bool) -> None:
    """Last sync runs, records held and when the next run is due.

    Exit 1 if the last run failed or no run succeeded within two intervals, so a monitor can
    alert on the exit code alone.

    \b
    Example:
      cpdsync status --json
    """
    app = ctx.find_object(AppContext) or AppContext()
    report = sync_status(app.settings())
    if as_json:
        _print_json(report.as_json())
    else:
        click.echo(_render_status(report))
    if not report.healthy:
        ctx.exit(1)


def _render_status(report: StatusReport) -> str:
    lines = [f"site: {report.site_url or 'all sites'}"]
    lines.append("health: " + ("ok" if report.healthy else "ALERT"))
    lines += [f"  {problem}" for problem in report.problems]
    due = report.next_due.isoformat(timespec="seconds") if report.next_due else "now"
    lines.append(f"next run due: {due} (every {report.interval_s} s)")
    lines.append("records held: " + ", ".join(f"{k} {v}" for k, v in report.records.items()))
    if report.reminders_unconfirmed:
        lines.append(
            f"reminders with delivery unknown (cpdsync stopped while sending; not sent again): "
            f"{len(report.reminders_unconfirmed)}"
        )
        lines += [
            f"  {u.email} [{u.registration_year} {u.threshold}]"
            for u in report.reminders_unconfirmed
        ]
    lines.append("last runs:")
    if not report.runs:
        lines.append("  none")
    for run in report.runs:
        took = (
            f"{(run.finished - run.started).total_seconds():.1f} s" if run.finished else "running"
        )
        counts = "; ".join(
            f"{kind} {counts_phrase(run.counts[kind])}" for kind in KINDS if kind in run.counts
        )
        lines.append(
            f"  #{run.id} {run.started.isoformat(timespec='seconds')} {run.outcome:<7} {took}"
            + (f" — {counts}" if counts else "")
            + (f" — {len(run.warnings)} warning(s)" if run.warnings else "")
        )
        if run.error:
            lines.append(f"      error: {run.error}")
    return "\n".join(lines)


def _parse_date(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; write it as YYYY-MM-DD") from None


@click.command("completions")
@click.argument("worker", required=False)
@click.option(
    "--since",
    callback=_parse_date,
    metavar="DATE",
    help="Only completions on or after this UK date (YYYY-MM-DD).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the completions as JSON.")
@pass_app
def completions_command(
    app: AppContext, worker: str | None, since: date | None, as_json: bool
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
    records = held_completions(app.settings(), worker, since)
    if as_json:
        _print_json({"completions": [record.as_json() for record in records]})
        return
    if not records:
        click.echo("no completions held" + (f" for {worker}" if worker else ""))
        return
    for record in records:
        click.echo(_render_completion(record))


def _render_completion(record: CompletionRecord) -> str:
    reset = f"  RESET observed {record.reset_observed_at}" if record.reset_observed_at else ""
    return (
        f"{record.completed_at}  user {record.worker_moodle_id} <{record.worker_email}>  "
        f"course {record.course_id} {record.course_shortname}  "
        f"[{record.date_source}, first seen {record.first_seen}]{reset}"
    )


COMMANDS = [sync_command, daemon_command, status_command, completions_command]
