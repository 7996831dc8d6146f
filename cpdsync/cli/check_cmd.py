"""`cpdsync check`: reach Moodle and say which needed functions the token may call."""

from __future__ import annotations

import json

import click

from cpdsync.cli.context import AppContext, pass_app
from cpdsync.connector.function_check import CheckReport, check_moodle
from cpdsync.errors import ConfigError, InputFileError, MoodleFatalError
from cpdsync.mappings import MappingSet, load_mappings


@click.command("check")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@pass_app
def check_command(app: AppContext, as_json: bool) -> None:
    """Validate config, reach Moodle and list the functions the token may call.

    Exits 0 when every required function is callable, 3 when Moodle refuses the token or a
    required function, 4 when Moodle cannot be reached, 2 on a configuration error.

    \b
    Example:
      cpdsync check
      cpdsync --config /etc/cpdsync/cpdsync.toml check --json
    """
    settings = app.settings()
    # Mapping problems are reported alongside Moodle's answers so an admin sees everything in
    # one run; they still fail the check (exit 2) once Moodle has been reached.
    mapping_problems: InputFileError | None = None
    mappings: MappingSet | None = None
    try:
        mappings = load_mappings(settings.config.mappings.paths)
    except InputFileError as exc:
        mapping_problems = exc
    report = check_moodle(settings)
    if as_json:
        data = report.as_json()
        data["mappings"] = _mappings_json(mappings, mapping_problems)
        click.echo(json.dumps(data, indent=2))
    else:
        click.echo(_render(report))
        click.echo(_render_mappings(mappings, mapping_problems))
    if mapping_problems is not None:
        raise mapping_problems
    if report.report_problem is not None:
        raise ConfigError(
            f"report {report.report_id} (sync.report_id) cannot be used: {report.report_problem}",
            key="sync.report_id",
        )
    if not report.ok:
        missing = report.missing_required
        raise MoodleFatalError(
            f"the token may not call {len(missing)} required function(s): {', '.join(missing)}; "
            "see the fixes above",
            wsfunction=missing[0],
            errorcode="accessexception",
        )


def _render(report: CheckReport) -> str:
    lines = [
        f"Moodle: {report.sitename} at {report.url}",
        f"Release: {report.release} (version {report.version})",
        f"Completion strategy: {report.strategy}",
        "",
    ]
    for check in report.functions:
        mark = "ok " if check.callable else ("MISSING" if check.required else "absent")
        kind = "required" if check.required else "optional"
        lines.append(f"  {mark:<7} {check.name} ({kind}): {check.purpose}")
        if check.fix:
            lines.append(f"          fix: {check.fix}")
    if report.report_id is not None:
        lines.append("")
        state = "ok" if report.report_problem is None else f"NOT USABLE: {report.report_problem}"
        lines.append(f"Report {report.report_id} (sync.report_id): {state}")
    lines.append("")
    lines.append(
        "All required functions are callable." if report.ok else "Required functions are missing."
    )
    return "\n".join(lines)


def _mappings_json(
    mappings: MappingSet | None, problems: InputFileError | None
) -> dict[str, object]:
    if mappings is None:
        return {"ok": False, "problems": [str(p) for p in problems.problems] if problems else []}
    return {
        "ok": True,
        "files": list(mappings.sources),
        "rules": len(mappings.rules),
        "requirements": len(mappings.requirements),
        "roles": len(mappings.roles),
    }


def _render_mappings(mappings: MappingSet | None, problems: InputFileError | None) -> str:
    if mappings is None:
        found = problems.problems if problems else []
        return "Mappings: INVALID\n" + "\n".join(f"  {p}" for p in found)
    return (
        f"Mappings: ok ({len(mappings.rules)} rules, {len(mappings.requirements)} requirements, "
        f"{len(mappings.roles)} roles from {len(mappings.sources)} file(s))"
    )


COMMANDS = [check_command]
