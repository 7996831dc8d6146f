"""`cpdsync mappings …`: check mapping files, show coverage, move rules to and from CSV."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from cpdsync.cli.context import AppContext, pass_app
from cpdsync.errors import EXIT_USAGE, InputFileError, UsageError
from cpdsync.mappings import load_frameworks, load_mappings
from cpdsync.mappings.coverage import CoverageReport, coverage_report, read_course_facts
from cpdsync.mappings.csvio import rules_to_csv, rules_to_yaml
from cpdsync.mappings.definitions import CourseFacts, MappingSet
from cpdsync.mappings.loader import read_rules_file

_PATHS = click.argument("paths", nargs=-1, type=click.Path(path_type=Path))


def _mapping_paths(app: AppContext, paths: tuple[Path, ...]) -> list[Path]:
    return list(paths) if paths else list(app.settings().config.mappings.paths)


def write_output(path: Path, text: str, *, encoding: str = "utf-8") -> None:
    """Write ``text`` to a new file, or to stdout for ``-``; raise UsageError if it exists."""
    if str(path) == "-":
        # Bytes, so CSV line ends reach a pipe exactly as they would reach a file.
        click.echo(text.encode("utf-8"), nl=False)
        return
    try:
        with path.open("x", encoding=encoding, newline="") as handle:
            handle.write(text)
    except FileExistsError:
        raise UsageError(f"{path} already exists; choose another --output or remove it") from None
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror}") from None


@click.group("mappings")
def mappings_command() -> None:
    """Check mapping files, show coverage, import and export CSV.

    \b
    Example:
      cpdsync mappings validate examples/mappings/
    """


@mappings_command.command("validate")
@_PATHS
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_app
def validate(app: AppContext, paths: tuple[Path, ...], as_json: bool) -> None:
    """Check mapping files and report every problem as file:line: message.

    PATHS are files or folders; by default, mappings.paths from the config. Exits 2 when
    anything is wrong.

    \b
    Example:
      cpdsync mappings validate /etc/cpdsync/mappings
    """
    try:
        mappings = load_mappings(_mapping_paths(app, paths))
    except InputFileError as exc:
        if not as_json:
            raise
        problems = [{"path": p.path, "line": p.line, "message": p.message} for p in exc.problems]
        click.echo(json.dumps({"ok": False, "problems": problems}, indent=2))
        sys.exit(EXIT_USAGE)
    counts = {
        "rules": len(mappings.rules),
        "requirements": len(mappings.requirements),
        "roles": len(mappings.roles),
        "files": len(mappings.sources),
    }
    if as_json:
        click.echo(json.dumps({"ok": True, **counts, "sources": list(mappings.sources)}, indent=2))
        return
    click.echo(
        "OK: {rules} rules, {requirements} requirements, {roles} roles from {files} files".format(
            **counts
        )
    )


def _synced_courses(app: AppContext) -> list[CourseFacts]:
    """The courses the configured database holds for the configured site (every site held
    when moodle.url is not set)."""
    from cpdsync.app.held_courses import held_course_facts
    from cpdsync.records.db import open_database

    config = app.settings().config
    database = open_database(config.database.url)
    try:
        with database.transaction() as session:
            return held_course_facts(session, config.moodle.url)
    finally:
        database.close()


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
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
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
    mappings = load_mappings(_mapping_paths(app, paths))
    courses = read_course_facts(courses_file) if courses_file else _synced_courses(app)
    report = coverage_report(mappings, load_frameworks(), courses)
    if as_json:
        click.echo(json.dumps(report.to_json(), indent=2))
    else:
        click.echo(_render_coverage(report, mappings))


def _render_coverage(report: CoverageReport, mappings: MappingSet) -> str:
    lines = [f"{report.mapped} of {report.courses} courses mapped by {len(mappings.rules)} rules"]
    lines.append(f"Courses no rule maps ({len(report.unmapped_courses)}):")
    lines += [
        f"  {c.shortname} [{c.idnumber or 'no idnumber'}] {c.category_path}"
        for c in report.unmapped_courses
    ] or ["  none"]
    lines.append(f"Framework items no course evidences ({len(report.uncovered_items)}):")
    lines += [f"  {i.id}  {i.title}" for i in report.uncovered_items] or ["  none"]
    lines.append(f"Requirements no course satisfies ({len(report.unsatisfied_requirements)}):")
    lines += [f"  {r}" for r in report.unsatisfied_requirements] or ["  none"]
    return "\n".join(lines)


@mappings_command.command("import-csv")
@click.argument("csv_file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option(
    "--output", required=True, type=click.Path(dir_okay=False, path_type=Path), help="YAML file."
)
def import_csv(csv_file: Path, output: Path) -> None:
    """Convert a rules spreadsheet (CSV) into a YAML mapping file, checking every row.

    Never overwrites OUTPUT. Requirement ids named in `satisfies` are checked by `validate`
    once the file sits with the requirements.

    \b
    Example:
      cpdsync mappings import-csv rules.csv --output /etc/cpdsync/mappings/rules.yaml
    """
    rules = read_rules_file(csv_file)
    write_output(output, rules_to_yaml(rules, source=csv_file.name))
    if str(output) != "-":
        click.echo(f"wrote {len(rules)} rules to {output}")


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
    mappings = load_mappings(_mapping_paths(app, paths))
    # A byte-order mark makes spreadsheet programs read the file as UTF-8.
    write_output(output, rules_to_csv(mappings.rules), encoding="utf-8-sig")
    if str(output) != "-":
        click.echo(f"wrote {len(mappings.rules)} rules to {output}")


COMMANDS = [mappings_command]
