"""`cpdsync frameworks …`: the packaged frameworks, and one exported for Moodle."""

from __future__ import annotations

from pathlib import Path

import click

from cpdsync.app.mapping_files import framework, framework_for_moodle, packaged_frameworks
from cpdsync.cli.options import json_option, output_option, write_output
from cpdsync.render.framework_text import (
    framework_json,
    framework_summary_json,
    render_framework,
    render_framework_list,
)
from cpdsync.render.json_report import json_document


@click.group("frameworks")
def frameworks_command() -> None:
    """The packaged frameworks (SWE standards, KSS, PCF).

    \b
    Example:
      cpdsync frameworks list
    """


@frameworks_command.command("list")
@json_option("Print the list as JSON.")
def list_frameworks(as_json: bool) -> None:
    """List the packaged frameworks with their item counts and the dates they are in force.

    \b
    Example:
      cpdsync frameworks list --json
    """
    found = packaged_frameworks()
    if as_json:
        click.echo(json_document([framework_summary_json(fw) for fw in found]))
    else:
        click.echo(render_framework_list(found))


@frameworks_command.command("show")
@click.argument("framework_id")
@json_option("Print the framework as JSON.")
def show(framework_id: str, as_json: bool) -> None:
    """Show one framework: its source, licence, dates and every item.

    Items not yet checked against the published source are marked [unverified].

    \b
    Example:
      cpdsync frameworks show KSS-CF
    """
    fw = framework(framework_id)
    click.echo(json_document(framework_json(fw)) if as_json else render_framework(fw))


@frameworks_command.command("export")
@click.argument("framework_id")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["moodle-csv"]),
    required=True,
    help="moodle-csv: Moodle's competency framework import (Site admin > Competencies).",
)
@output_option("File to write (never overwritten); default: standard output.", default=Path("-"))
def export(framework_id: str, fmt: str, output: Path) -> None:
    """Export one framework for Moodle's "Import competency framework" tool.

    \b
    Example:
      cpdsync frameworks export KSS-CF --format moodle-csv --output kss-cf.csv
    """
    write_output(framework_for_moodle(framework_id), output, new_file=True)
    if str(output) != "-":
        click.echo(f"wrote {output}")


COMMANDS = [frameworks_command]
