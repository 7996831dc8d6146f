"""Placeholder commands, replaced as each part of cpdsync lands."""

from __future__ import annotations

import click

from cpdsync.errors import CpdsyncError


@click.command("simulator")
def simulator_command() -> None:
    """A local Moodle simulator, and a generator of sample councils.

    \b
    Example:
      cpdsync simulator serve --port 8765
    """
    raise CpdsyncError("`cpdsync simulator` is not available in this version yet")


COMMANDS = [simulator_command]
