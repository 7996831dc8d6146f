"""`cpdsync init`: a commented config and a starter mapping file, never overwriting."""

from __future__ import annotations

from pathlib import Path

import click

from cpdsync.app.starter_files import SERVICE_GROUP, write_starter_files


@click.command("init")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option(
    "--group",
    default=SERVICE_GROUP,
    show_default=True,
    help="Group given the config (read-only), so the service user can read it.",
)
def init(directory: Path, group: str) -> None:
    """Write cpdsync.toml (mode 0640) and a starter mapping file into DIRECTORY.

    The config is given to the service's group when it exists (the systemd units run as
    the user and group cpdsync); otherwise init says the chgrp to run. Existing files are
    never overwritten.

    \b
    Example:
      sudo cpdsync init /etc/cpdsync
    """
    outcome = write_starter_files(
        directory, written=lambda path: click.echo(f"wrote {path}"), group=group
    )
    if outcome.group:
        click.echo(f"{outcome.config}: mode 0640, group {outcome.group} (the service reads it)")
    if outcome.advice:
        click.echo(f"next: {outcome.advice}")


COMMANDS = [init]
