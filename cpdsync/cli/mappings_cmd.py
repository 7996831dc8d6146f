"""Placeholder commands, replaced as each part of cpdsync lands."""

from __future__ import annotations

import click

from cpdsync.errors import CpdsyncError


@click.command("mappings")
def mappings_command() -> None:
    """Check mapping files, show coverage, import and export CSV.

    \b
    Example:
      cpdsync mappings validate examples/
    """
    raise CpdsyncError("`cpdsync mappings` is not available in this version yet")


COMMANDS = [mappings_command]
