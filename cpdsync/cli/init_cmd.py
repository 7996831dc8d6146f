"""`cpdsync init`: a commented config and a starter mapping file, never overwriting."""

from __future__ import annotations

from pathlib import Path

import click

from cpdsync.app.starter_files import write_starter_files


@click.command("init")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), default=".")
def init(directory: Path) -> None:
    """Write cpdsync.toml (mode 0600) and a starter mapping file into DIRECTORY.

    Existing files are never overwritten.

    \b
    Example:
      cpdsync init /etc/cpdsync
    """
    write_starter_files(directory, written=lambda path: click.echo(f"wrote {path}"))


COMMANDS = [init]
