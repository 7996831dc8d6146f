"""Placeholder commands, replaced as each part of cpdsync lands."""

from __future__ import annotations

import click

from cpdsync.errors import CpdsyncError


@click.command("check")
def check_command() -> None:
    """Validate config and mappings, reach Moodle and list the functions the token may call.

    \b
    Example:
      cpdsync check --json
    """
    raise CpdsyncError("`cpdsync check` is not available in this version yet")


COMMANDS = [check_command]
