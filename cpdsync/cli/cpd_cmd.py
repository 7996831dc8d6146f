"""`cpdsync cpd`: a worker's CPD records, reflections, CPD done outside Moodle."""

from __future__ import annotations

import json
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import click

from cpdsync.app.reflections_csv import import_reflections
from cpdsync.cli.context import AppContext, pass_app
from cpdsync.errors import UsageError
from cpdsync.readiness.calendar import year_by_label
from cpdsync.records.audit import os_user
from cpdsync.records.cpd import ReflectionText, add_manual_entry, list_entries, reflect
from cpdsync.records.db import Database, open_database

ACTOR_HELP = "Who is making the change, for the audit log (default: the OS user)."


def _database(app: AppContext) -> Database:
    return open_database(app.settings().config.database.url)


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
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@pass_app
def list_command(app: AppContext, worker: str, year_label: str | None, as_json: bool) -> None:
    """List a worker's CPD entries with their reflection status.

    WORKER is an email, Moodle username, staff idnumber or SWE number.

    \b
    Example:
      cpdsync cpd list SW104455 --year 2025-26
    """
    year = year_by_label(year_label) if year_label else None
    database = _database(app)
    try:
        with database.transaction() as session:
            row, entries = list_entries(session, worker, year)
            who = {"email": row.email, "name": row.fullname, "swe_number": row.swe_number}
    finally:
        database.close()
    if as_json:
        payload: dict[str, object] = {"worker": who, "year": year.label if year else None}
        payload["entries"] = [entry.as_json() for entry in entries]
        click.echo(json.dumps(payload, indent=2))
        return
    click.echo(f"{who['name']} <{who['email']}>" + (f" — {year.label}" if year else ""))
    if not entries:
        click.echo("no CPD entries" + (" in this year" if year else ""))
    for entry in entries:
        hours = f"{entry.hours:g}h" if entry.hours is not None else "-"
        peer = " +peer" if entry.peer_reflection else ""
        retired = f" (retired: {entry.retired})" if entry.retired else ""
        click.echo(
            f"{entry.id:>6}  {entry.activity_date.isoformat()}  {hours:>5}  {entry.cpd_type:<16}"
            f"  {entry.reflection}{peer:<6}  {entry.title}{retired}"
        )


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
    text = ReflectionText(
        learnt=_ask(learnt, "--learnt", "What did you learn"),
        impact=_ask(impact, "--impact", "What is the impact on your practice"),
        peer_reflection=peer_reflection,
        peer_role=peer_role,
        draft=draft,
    )
    database = _database(app)
    try:
        with database.transaction() as session:
            action = reflect(
                session,
                entry_id=entry,
                worker_text=worker,
                text=text,
                actor=actor or os_user(),
                now=datetime.now(UTC),
            )
    finally:
        database.close()
    state = "draft" if draft else "submitted"
    click.echo(f"reflection on CPD entry {entry} {action} ({state})")


def _parse_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--date {value!r} is not a date; write it as YYYY-MM-DD") from None


@cpd_group.command("add")
@click.argument("worker")
@click.option("--title", required=True, help="What the CPD was.")
@click.option("--date", "when", required=True, metavar="YYYY-MM-DD", help="When it took place.")
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
    when: str,
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
    activity_date = _parse_date(when)
    database = _database(app)
    try:
        with database.transaction() as session:
            entry = add_manual_entry(
                session,
                worker_text=worker,
                title=title,
                activity_date=activity_date,
                cpd_type=cpd_type.replace("-", "_"),
                hours=hours,
                capabilities=list(capabilities),
                actor=actor or os_user(),
                now=datetime.now(UTC),
            )
            entry_id = entry.id
    finally:
        database.close()
    click.echo(
        f"added CPD entry {entry_id}; add its reflection with `cpdsync cpd reflect {entry_id}`"
    )


@cpd_group.command("import-reflections")
@click.argument("csv_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--actor", help=ACTOR_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@pass_app
def import_command(app: AppContext, csv_file: Path, actor: str | None, as_json: bool) -> None:
    """Import reflections from a CSV file; nothing is imported if any row is bad.

    Columns: entry, worker, learnt, impact, and optionally peer_reflection, peer_role,
    status (submitted or draft). See docs/records.md.

    \b
    Example:
      cpdsync cpd import-reflections reflections-2026-02.csv
    """
    database = _database(app)
    try:
        with database.transaction() as session:
            result = import_reflections(
                session, csv_file, actor=actor or os_user(), now=datetime.now(UTC)
            )
    finally:
        database.close()
    counts = {"rows": result.rows, "created": result.created, "updated": result.updated}
    counts["unchanged"] = result.unchanged
    if as_json:
        click.echo(json.dumps(counts, indent=2))
    else:
        click.echo(
            f"{result.rows} row(s): {result.created} created, {result.updated} updated, "
            f"{result.unchanged} unchanged"
        )


COMMANDS = [cpd_group]
