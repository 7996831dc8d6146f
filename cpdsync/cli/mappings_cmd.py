"""`cpdsync mappings …`: check mapping files, show coverage, move rules to and from CSV."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from cpdsync.app.council_frameworks import frameworks_in_use
from cpdsync.app.mapping_files import (
    mapping_coverage,
    rules_from_csv,
    rules_to_spreadsheet,
    validate_mappings,
)
from cpdsync.cli.context import AppContext, pass_app
from cpdsync.cli.options import as_of_option, json_option, write_output
from cpdsync.errors import EXIT_USAGE, InputFileError
from cpdsync.mappings import Framework
from cpdsync.render.json_report import json_document
from cpdsync.render.mapping_text import (
    render_coverage,
    render_valid,
    render_warnings,
    validation_json,
)
from cpdsync.timeutil import uk_today

_PATHS = click.argument("paths", nargs=-1, type=click.Path(path_type=Path))


def _mapping_paths(app: AppContext, paths: tuple[Path, ...]) -> list[Path]:
    return list(paths) if paths else list(app.settings().config.mappings.paths)


def _frameworks(app: AppContext) -> dict[str, Framework]:
    return frameworks_in_use(app.settings().config.mappings)


@click.group("mappings")
def mappings_command() -> None:
    """Check mapping files, show coverage, import and export CSV.

    \b
    Example:
      cpdsync mappings validate examples/mappings/
    """


@mappings_command.command("validate")
@_PATHS
@click.option(
    "--frameworks",
    "framework_paths",
    multiple=True,
    type=click.Path(path_type=Path),
    help="The council's framework file or folder (repeatable; default: mappings.frameworks "
    "from the config).",
)
@as_of_option("Warn about frameworks ending within six months of this UK date (default: today).")
@json_option("Print the result as JSON.")
@click.pass_context
def validate(
    ctx: click.Context,
    paths: tuple[Path, ...],
    framework_paths: tuple[Path, ...],
    as_of: date | None,
    as_json: bool,
) -> None:
    """Check mapping files and report every problem as file:line: message.

    PATHS are files or folders; by default, mappings.paths from the config. Exits 2 when
    anything is wrong. A rule or role that targets a framework which stops being in force
    within six months (the KSS for child and family practitioners after 31 March 2027) or
    already has is a warning on stderr, never a failure.

    \b
    Example:
      cpdsync mappings validate /etc/cpdsync/mappings
      cpdsync mappings validate --as-of 2027-01-15 --frameworks council-frameworks/
    """
    app = ctx.find_object(AppContext) or AppContext()
    council = list(framework_paths) or list(app.settings().config.mappings.frameworks)
    try:
        result = validate_mappings(_mapping_paths(app, paths), council, as_of=as_of or uk_today())
    except InputFileError as exc:
        if not as_json:
            raise
        # With --json the problems are the document, so they go to stdout, not stderr.
        click.echo(json_document(validation_json(None, exc)))
        ctx.exit(EXIT_USAGE)
    if as_json:
        click.echo(json_document(validation_json(result.mappings, None, result.warnings)))
        return
    click.echo(render_valid(result.mappings))
    for line in render_warnings(result.warnings):
        click.echo(line, err=True)


@mappings_command.command("coverage")
@click.option(
    "--courses",
    "courses_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="JSON list of course facts, or a simulator dataset (default: the synced courses).",
)
@click.option(
    "--mappings",
    "paths",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Mapping file or folder (repeatable; default: mappings.paths from the config).",
)
@json_option("Print the report as JSON.")
@pass_app
def coverage(
    app: AppContext, courses_file: Path | None, paths: tuple[Path, ...], as_json: bool
) -> None:
    """Show courses no rule maps, framework items no course evidences, and requirements no
    course satisfies.

    By default the courses are those the last syncs stored in database.url (of the site at
    moodle.url), leaving out courses Moodle reports without completion tracking. --courses
    FILE checks a mapping against a list of courses before the first sync. Exits 2 when the
    database holds no synced course.

    \b
    Example:
      cpdsync mappings coverage
      cpdsync mappings coverage --courses courses.json --mappings examples/mappings --json
    """
    report, mappings = mapping_coverage(_mapping_paths(app, paths), courses_file, app.settings)
    click.echo(json_document(report.to_json()) if as_json else render_coverage(report, mappings))


@mappings_command.command("import-csv")
@click.argument("csv_file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option(
    "--output", required=True, type=click.Path(dir_okay=False, path_type=Path), help="YAML file."
)
@pass_app
def import_csv(app: AppContext, csv_file: Path, output: Path) -> None:
    """Convert a rules spreadsheet (CSV) into a YAML mapping file, checking every row.

    Never overwrites OUTPUT. Requirement ids named in `satisfies` are checked by `validate`
    once the file sits with the requirements.

    \b
    Example:
      cpdsync mappings import-csv rules.csv --output /etc/cpdsync/mappings/rules.yaml
    """
    converted = rules_from_csv(csv_file, _frameworks(app))
    write_output(converted.text, output, new_file=True)
    if str(output) != "-":
        click.echo(f"wrote {converted.rules} rules to {output}")


@mappings_command.command("export-csv")
@_PATHS
@click.option(
    "--output", required=True, type=click.Path(dir_okay=False, path_type=Path), help="CSV file."
)
@pass_app
def export_csv(app: AppContext, paths: tuple[Path, ...], output: Path) -> None:
    """Write the rules of valid mapping files as CSV for a spreadsheet.

    Cells a spreadsheet would run as a formula get a leading apostrophe. Never overwrites OUTPUT.

    \b
    Example:
      cpdsync mappings export-csv /etc/cpdsync/mappings --output rules.csv
    """
    exported = rules_to_spreadsheet(_mapping_paths(app, paths), _frameworks(app))
    # A byte-order mark makes spreadsheet programs read the file as UTF-8.
    write_output(exported.text, output, new_file=True, encoding="utf-8-sig")
    if str(output) != "-":
        click.echo(f"wrote {exported.rules} rules to {output}")


COMMANDS = [mappings_command]
