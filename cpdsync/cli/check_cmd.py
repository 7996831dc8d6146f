"""`cpdsync check`: reach Moodle and say which needed functions the token may call."""

from __future__ import annotations

import json

import click

from cpdsync.cli.context import AppContext, pass_app
from cpdsync.connector.check import CheckReport, check_moodle
from cpdsync.errors import MoodleFatalError


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
    report = check_moodle(app.settings())
    if as_json:
        click.echo(json.dumps(report.as_json(), indent=2))
    else:
        click.echo(_render(report))
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
    lines.append("")
    lines.append(
        "All required functions are callable." if report.ok else "Required functions are missing."
    )
    return "\n".join(lines)


COMMANDS = [check_command]
