"""`cpdsync worker export|erase`: one person's data, for access and erasure requests."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from cpdsync.app.privacy import erase_worker, export_worker
from cpdsync.cli.context import AppContext, pass_app
from cpdsync.cli.options import json_option, output_option, site_option, write_output
from cpdsync.errors import UsageError
from cpdsync.render.json_report import json_document
from cpdsync.render.worker_text import erasure_json, render_erasure


@click.group("worker")
def worker_group() -> None:
    """Everything held about one worker, and its erasure (UK GDPR).

    \b
    Example:
      cpdsync worker export jo.smith@council.example --output jo-smith.json
      cpdsync worker erase jo.smith@council.example --yes
    """


@worker_group.command("export")
@click.argument("worker")
@output_option("Write the JSON to this file (mode reports.file_mode) instead of printing.")
@site_option()
@pass_app
def export_command(app: AppContext, worker: str, output: Path | None, site: str | None) -> None:
    """Everything cpdsync holds about one worker, as JSON.

    For a subject access request: the worker's row (names, email, idnumber, SWE number, role,
    team, profile fields), their completions, CPD entries with reflections, the audit entries
    about those, and the reminders sent to them. WORKER is an email, Moodle username, staff
    idnumber or SWE number. What the plugin holds in Moodle is exported by Moodle's own data
    privacy tool.

    \b
    Example:
      cpdsync worker export SW104455 --output sar-SW104455.json
    """
    settings = app.settings()
    document = export_worker(settings, worker, site=site)
    write_output(json_document(document) + "\n", output, mode=settings.config.reports.mode)


@worker_group.command("erase")
@click.argument("worker")
@click.option("--yes", is_flag=True, help="Erase without asking (needed off a terminal).")
@click.option("--actor", help="Who erases, for the audit log (default: the OS user).")
@site_option()
@json_option("Print what was erased as JSON.")
@pass_app
def erase_command(
    app: AppContext, worker: str, yes: bool, actor: str | None, site: str | None, as_json: bool
) -> None:
    """Erase what cpdsync holds about one worker.

    Their completions, CPD entries, reflections and reminders are deleted; the audit entries
    about them keep what was done and when, without the personal data; their row keeps only
    its ids, marked erased, so a later sync stores nothing of them again. This cannot be
    undone. The plugin's copy in Moodle is erased through Moodle's data privacy tool.

    \b
    Example:
      cpdsync worker erase jo.smith@council.example --yes --actor 'L&D: A. Khan'
    """
    if not yes:
        if not sys.stdin.isatty():
            raise UsageError(f"erasing {worker} cannot be undone: add --yes to confirm")
        click.confirm(f"Erase everything cpdsync holds about {worker}?", abort=True)
    erasure = erase_worker(app.settings(), worker, actor=actor, site=site)
    click.echo(json_document(erasure_json(erasure)) if as_json else render_erasure(erasure))


COMMANDS = [worker_group]
