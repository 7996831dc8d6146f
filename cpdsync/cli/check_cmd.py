"""`cpdsync check`: test the whole chain a sync needs and say what to fix."""

from __future__ import annotations

import click

from cpdsync.app.check import check
from cpdsync.cli.context import AppContext, pass_app
from cpdsync.cli.options import json_option
from cpdsync.render.check_text import check_json, render_check
from cpdsync.render.json_report import json_document


@click.command("check")
@json_option("Print the report as JSON.")
@pass_app
def check_command(app: AppContext, as_json: bool) -> None:
    """Test everything a sync needs and say what to fix, one line each.

    Checks the configuration, the mapping files, the database (reached and read; never
    created or migrated), Moodle (the token, the functions it may call, what the cpdsync
    role's capabilities let it see and what a missing one costs), the companion plugin's
    version when the strategy uses it, and where the workers come from. Every step runs even
    when an earlier one fails. Exits with the worst failure: 2 configuration, mapping files or
    database; 3 Moodle refused the token, a function or a capability a sync needs; 4 Moodle
    unreachable; 0 when nothing failed (warnings say what is lost).

    \b
    Example:
      cpdsync check
      cpdsync --config /etc/cpdsync/cpdsync.toml check --json
    """
    outcome = check(app.settings())
    click.echo(json_document(check_json(outcome)) if as_json else render_check(outcome))
    failure = outcome.failure()
    if failure is not None:
        raise failure


COMMANDS = [check_command]
