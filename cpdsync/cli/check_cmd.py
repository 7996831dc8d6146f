"""`cpdsync check`: reach Moodle and say which needed functions the token may call."""

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
    """Validate config, reach Moodle and list the functions the token may call.

    Exits 0 when every required function is callable, 3 when Moodle refuses the token or a
    required function, 4 when Moodle cannot be reached, 2 on a configuration error.

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
