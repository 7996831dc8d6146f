"""Placeholder commands, replaced as each part of cpdsync lands."""

from __future__ import annotations

import click

from cpdsync.errors import CpdsyncError


@click.command("cpd")
def cpd_command() -> None:
    """A worker's CPD records: list, reflect, add.

    \b
    Example:
      cpdsync cpd list EMP0001
    """
    raise CpdsyncError("`cpdsync cpd` is not available in this version yet")


COMMANDS = [cpd_command]
