"""Placeholder commands, replaced as each part of cpdsync lands."""

from __future__ import annotations

import click

from cpdsync.errors import CpdsyncError


@click.command("frameworks")
def frameworks_command() -> None:
    """The packaged frameworks (SWE standards, KSS, PCF).

    \b
    Example:
      cpdsync frameworks list
    """
    raise CpdsyncError("`cpdsync frameworks` is not available in this version yet")


COMMANDS = [frameworks_command]
