"""`cpdsync init`: a commented config and a starter mapping file, never overwriting."""

from __future__ import annotations

from pathlib import Path

import click

from cpdsync.config import render_config_toml, write_new_file
from cpdsync.errors import ConfigError
from cpdsync.mappings.frameworks import starter_mapping_text


@click.command("init")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), default=".")
def init(directory: Path) -> None:
    """Write cpdsync.toml (mode 0600) and a starter mapping file into DIRECTORY.

    Existing files are never overwritten.

    \b
    Example:
      cpdsync init /etc/cpdsync
    """
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"cannot create directory {directory}: {exc.strerror}") from None
    target = directory / "cpdsync.toml"
    mappings = directory / "mappings"
    # The config points at the mapping folder written beside it, wherever that is.
    write_new_file(target, render_config_toml({"mappings.paths": [str(mappings.resolve())]}))
    click.echo(f"wrote {target}")
    mappings.mkdir(exist_ok=True)
    write_new_file(mappings / "council.yaml", starter_mapping_text(), mode=0o644)
    click.echo(f"wrote {mappings / 'council.yaml'}")


COMMANDS = [init]
