"""`cpdsync migrate`: the database's schema brought up to this version, as a step of its own."""

from __future__ import annotations

import click

from cpdsync.app.database import migrate_database
from cpdsync.cli.context import AppContext, pass_app


@click.command("migrate")
@pass_app
def migrate_command(app: AppContext) -> None:
    """Create or upgrade the database schema to this version of cpdsync, then exit.

    `cpdsync sync` and the daemon migrate by themselves; this is for deployments that migrate
    as a separate step (before starting the units after an upgrade, or as a database owner
    while the service runs as a role that may only read and write rows). Prints the revision
    before and after. Exit 1 when the database cannot be reached or was written by a newer
    cpdsync.

    \b
    Example:
      sudo -u cpdsync cpdsync --config /etc/cpdsync/cpdsync.toml migrate
    """
    outcome = migrate_database(app.settings())
    if outcome.before == outcome.after:
        click.echo(f"{outcome.database}: schema is current (revision {outcome.after})")
    else:
        before = outcome.before or "none"
        click.echo(f"{outcome.database}: schema migrated from {before} to {outcome.after}")


COMMANDS = [migrate_command]
