"""`cpdsync frameworks …`: the packaged frameworks, and one exported for Moodle."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from cpdsync.cli.mappings_cmd import write_output
from cpdsync.mappings.frameworks import Framework, FrameworkLevel, get_framework, load_frameworks
from cpdsync.mappings.moodle_csv import framework_to_moodle_csv

UNVERIFIED = "[unverified]"


@click.group("frameworks")
def frameworks_command() -> None:
    """The packaged frameworks (SWE standards, KSS, PCF).

    \b
    Example:
      cpdsync frameworks list
    """


@frameworks_command.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the list as JSON.")
def list_frameworks(as_json: bool) -> None:
    """List the packaged frameworks with their item counts and the dates they are in force.

    \b
    Example:
      cpdsync frameworks list --json
    """
    frameworks = load_frameworks().values()
    if as_json:
        click.echo(json.dumps([_summary(fw) for fw in frameworks], indent=2))
        return
    for fw in frameworks:
        until = f", in force until {fw.valid_until}" if fw.valid_until else ""
        later = f", then {fw.superseded_by}" if fw.superseded_by else ""
        unverified = f", {fw.unverified_count} unverified" if fw.unverified_count else ""
        click.echo(f"{fw.id:<8} {len(fw.items):>3} items{unverified}{until}{later}  {fw.title}")


@frameworks_command.command("show")
@click.argument("framework_id")
@click.option("--json", "as_json", is_flag=True, help="Print the framework as JSON.")
def show(framework_id: str, as_json: bool) -> None:
    """Show one framework: its source, licence, dates and every item.

    Items not yet checked against the published source are marked [unverified].

    \b
    Example:
      cpdsync frameworks show KSS-CF
    """
    fw = get_framework(framework_id)
    if as_json:
        click.echo(json.dumps(_detail(fw), indent=2))
        return
    click.echo(f"{fw.id}: {fw.title}")
    click.echo(f"  publisher: {fw.publisher}")
    click.echo(f"  version:   {fw.version}")
    click.echo(f"  licence:   {fw.licence}{'' if fw.licence_verified else ' ' + UNVERIFIED}")
    click.echo(f"  source:    {fw.source}")
    click.echo(f"  in force:  {fw.valid_from or 'unknown'} to {fw.valid_until or 'open-ended'}")
    if fw.superseded_by:
        click.echo(f"  superseded by: {fw.superseded_by}")
    click.echo("")
    for item in fw.items:
        indent = "    " if item.parent else "  "
        mark = "" if item.verified else f" {UNVERIFIED}"
        click.echo(f"{indent}{item.id}  {item.title}{mark}")
        click.echo(f"{indent}    {item.summary}")
    if fw.levels:
        click.echo("\nLevels:")
        for level in fw.levels:
            click.echo(f"  {level.order}. {level.id}  {level.title}{_mark(level)}")
            for pathway in level.pathways:
                click.echo(f"       {pathway.id}  {pathway.title}{_mark(pathway)}")
    if fw.unverified_count:
        click.echo(
            f"\n{fw.unverified_count} of {len(fw.items)} items are {UNVERIFIED}: their title or "
            f"numbering has not been checked against {fw.source}"
        )


@frameworks_command.command("export")
@click.argument("framework_id")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["moodle-csv"]),
    required=True,
    help="moodle-csv: Moodle's competency framework import (Site admin > Competencies).",
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("-"),
    help="File to write (never overwritten); default: standard output.",
)
def export(framework_id: str, fmt: str, output: Path) -> None:
    """Export one framework for Moodle's "Import competency framework" tool.

    \b
    Example:
      cpdsync frameworks export KSS-CF --format moodle-csv --output kss-cf.csv
    """
    write_output(output, framework_to_moodle_csv(get_framework(framework_id)))
    if str(output) != "-":
        click.echo(f"wrote {output}")


def _mark(level: FrameworkLevel) -> str:
    return "" if level.verified else f" {UNVERIFIED}"


def _summary(fw: Framework) -> dict[str, Any]:
    return {
        "id": fw.id,
        "title": fw.title,
        "publisher": fw.publisher,
        "version": fw.version,
        "licence": fw.licence,
        "licence_verified": fw.licence_verified,
        "source": fw.source,
        "valid_from": fw.valid_from.isoformat() if fw.valid_from else None,
        "valid_until": fw.valid_until.isoformat() if fw.valid_until else None,
        "superseded_by": fw.superseded_by,
        "items": len(fw.items),
        "unverified_items": fw.unverified_count,
    }


def _detail(fw: Framework) -> dict[str, Any]:
    data = _summary(fw)
    data["items"] = [
        {
            "id": item.id,
            "title": item.title,
            "summary": item.summary,
            "parent": item.parent,
            "verified": item.verified,
        }
        for item in fw.items
    ]
    data["levels"] = [_level(level) for level in fw.levels]
    return data


def _level(level: FrameworkLevel) -> dict[str, Any]:
    return {
        "id": level.id,
        "order": level.order,
        "title": level.title,
        "stage": level.stage,
        "verified": level.verified,
        "pathways": [_level(p) for p in level.pathways],
    }


COMMANDS = [frameworks_command]
