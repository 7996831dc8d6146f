"""`cpdsync cpd`: a worker's CPD records, reflections, CPD done outside Moodle."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from cpdsync.app.cpd import add_cpd, import_reflection_file, reflect_on_entry, worker_cpd
from cpdsync.cli.context import AppContext, pass_app
from cpdsync.cli.options import DateParam, json_option
from cpdsync.errors import UsageError
from cpdsync.render.cpd_text import (
    cpd_list_json,
    import_counts_json,
    render_cpd_list,
    render_import_counts,
)
from cpdsync.render.json_report import json_document

ACTOR_HELP = "Who is making the change, for the audit log (default: the OS user)."


@click.group("cpd")
def cpd_group() -> None:
    """A worker's CPD records: list, reflect, add, import reflections.

    \b
    Example:
      cpdsync cpd list jo.smith@council.example
    """


@cpd_group.command("list")
@click.argument("worker")
@click.option("--year", "year_label", metavar="LABEL", help="Registration year, e.g. 2025-26.")
@json_option("Print JSON instead of a table.")
@pass_app
def list_command(app: AppContext, worker: str, year_label: str | None, as_json: bool) -> None:
    """List a worker's CPD entries with their reflection status.

    WORKER is an email, Moodle username, staff idnumber or SWE number.

    \b
    Example:
      cpdsync cpd list SW104455 --year 2025-26
    """
    cpd = worker_cpd(app.settings(), worker, year_label)
    click.echo(json_document(cpd_list_json(cpd)) if as_json else render_cpd_list(cpd))


def _ask(value: str | None, option: str, prompt: str) -> str:
    if value is not None:
        return value
    if sys.stdin.isatty():
        answer: str = click.prompt(prompt)
        return answer
    raise UsageError(f"{option} is required (or run in a terminal to be asked)")


@cpd_group.command("reflect")
@click.argument("entry", type=int)
@click.option("--worker", required=True, help="The worker writing it (whose entry it must be).")
@click.option("--learnt", help="What you learnt.")
@click.option("--impact", help="The impact on your practice.")
@click.option("--peer-reflection", help="What you learnt from discussing it with a peer.")
@click.option("--peer-role", help="The peer's role, e.g. 'senior practitioner'.")
@click.option("--draft", is_flag=True, help="Save as a draft (a draft does not count yet).")
@click.option("--actor", help=ACTOR_HELP)
@pass_app
def reflect_command(
    app: AppContext,
    entry: int,
    worker: str,
    learnt: str | None,
    impact: str | None,
    peer_reflection: str | None,
    peer_role: str | None,
    draft: bool,
    actor: str | None,
) -> None:
    """Write or replace the reflection on one CPD entry.

    \b
    Example:
      cpdsync cpd reflect 42 --worker jo.smith@council.example \\
        --learnt "How to apply thresholds" --impact "Earlier, clearer referrals" \\
        --peer-reflection "Discussed with my supervisor" --peer-role "practice supervisor"
    """
    action = reflect_on_entry(
        app.settings(),
        entry,
        worker=worker,
        learnt=_ask(learnt, "--learnt", "What did you learn"),
        impact=_ask(impact, "--impact", "What is the impact on your practice"),
        peer_reflection=peer_reflection,
        peer_role=peer_role,
        draft=draft,
        actor=actor,
    )
    state = "draft" if draft else "submitted"
    click.echo(f"reflection on CPD entry {entry} {action} ({state})")


@cpd_group.command("add")
@click.argument("worker")
@click.option("--title", required=True, help="What the CPD was.")
@click.option("--date", "when", type=DateParam(), required=True, help="When it took place.")
@click.option(
    "--type",
    "cpd_type",
    required=True,
    help="supervision, reading, conference, peer_discussion, research, shadowing, other …",
)
@click.option("--hours", type=float, help="Hours spent (optional; SWE sets no minimum).")
@click.option(
    "--capability", "capabilities", multiple=True, help="A framework item id, e.g. KSS-CF-5."
)
@click.option("--actor", help=ACTOR_HELP)
@pass_app
def add_command(
    app: AppContext,
    worker: str,
    title: str,
    when: date,
    cpd_type: str,
    hours: float | None,
    capabilities: tuple[str, ...],
    actor: str | None,
) -> None:
    """Add a piece of CPD done outside Moodle (supervision, reading, a conference).

    \b
    Example:
      cpdsync cpd add jo.smith@council.example --title "Reading: Munro review" \\
        --date 2026-02-10 --type reading --hours 2 --capability KSS-CF-5
    """
    entry_id = add_cpd(
        app.settings(),
        worker,
        title=title,
        activity_date=when,
        cpd_type=cpd_type,
        hours=hours,
        capabilities=capabilities,
        actor=actor,
    )
    click.echo(
        f"added CPD entry {entry_id}; add its reflection with `cpdsync cpd reflect {entry_id}`"
    )


@cpd_group.command("import-reflections")
@click.argument("csv_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--actor", help=ACTOR_HELP)
@json_option("Print the counts as JSON.")
@pass_app
def import_command(app: AppContext, csv_file: Path, actor: str | None, as_json: bool) -> None:
    """Import reflections from a CSV file; nothing is imported if any row is bad.

    Columns: entry, worker, learnt, impact, and optionally peer_reflection, peer_role,
    status (submitted or draft). See docs/records.md.

    \b
    Example:
      cpdsync cpd import-reflections reflections-2026-02.csv
    """
    result = import_reflection_file(app.settings(), csv_file, actor=actor)
    click.echo(
        json_document(import_counts_json(result)) if as_json else render_import_counts(result)
    )


COMMANDS = [cpd_group]
