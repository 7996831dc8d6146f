"""`cpdsync frameworks …`: the frameworks (packaged and the council's), and one exported for
Moodle."""

from __future__ import annotations

from pathlib import Path

import click

from cpdsync.app.mapping_files import framework, framework_for_moodle, known_frameworks
from cpdsync.cli.context import AppContext, pass_app
from cpdsync.cli.options import json_option, output_option, write_output
from cpdsync.render.framework_text import (
    framework_json,
    framework_summary_json,
    render_framework,
    render_framework_list,
    unconfirmed_export_warning,
)
from cpdsync.render.json_report import json_document


@click.group("frameworks")
def frameworks_command() -> None:
    """The frameworks: packaged (SWE standards, KSS, PCF) and the council's own.

    \b
    Example:
      cpdsync frameworks list
    """


@frameworks_command.command("list")
@json_option("Print the list as JSON.")
@pass_app
def list_frameworks(app: AppContext, as_json: bool) -> None:
    """List the frameworks: items by how sure their wording is, dates in force, successor.

    An item's wording is confirmed (read, as written, on the publisher's own page), a
    paraphrase (read there, but the title is cpdsync's short label) or unconfirmed. A
    placeholder framework is declared with its source but has no items yet. The council's
    own frameworks (mappings.frameworks) follow the packaged ones.

    \b
    Example:
      cpdsync frameworks list --json
    """
    found = known_frameworks(app.settings().config.mappings)
    if as_json:
        click.echo(json_document([framework_summary_json(fw) for fw in found]))
    else:
        click.echo(render_framework_list(found))


@frameworks_command.command("show")
@click.argument("framework_id")
@json_option("Print the framework as JSON.")
@pass_app
def show(app: AppContext, framework_id: str, as_json: bool) -> None:
    """Show one framework: its source, licence, dates and every item with its wording state
    (confirmed, paraphrase or unconfirmed) and the page to check it against.

    \b
    Example:
      cpdsync frameworks show KSS-CF
    """
    fw = framework(framework_id, app.settings().config.mappings)
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
@pass_app
def export(app: AppContext, framework_id: str, fmt: str, output: Path) -> None:
    """Export one framework for Moodle's "Import competency framework" tool.

    Before writing, a warning on stderr says how many items' wording is not confirmed against
    the publisher's (the file itself carries no warning: Moodle would import it). A
    placeholder framework has no items and is refused (exit 2).

    \b
    Example:
      cpdsync frameworks export KSS-CF --format moodle-csv --output kss-cf.csv
    """
    exported = framework_for_moodle(framework_id, app.settings().config.mappings)
    warning = unconfirmed_export_warning(exported.framework)
    if warning:
        click.echo(warning, err=True)
    write_output(exported.text, output, new_file=True)
    if str(output) != "-":
        click.echo(f"wrote {output}")


COMMANDS = [frameworks_command]
