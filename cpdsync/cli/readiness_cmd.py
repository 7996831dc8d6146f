"""Placeholder commands, replaced as each part of cpdsync lands."""

from __future__ import annotations

import click

from cpdsync.errors import CpdsyncError


@click.command("readiness")
def readiness_command() -> None:
    """Readiness for registration renewal against the current year.

    \b
    Example:
      cpdsync readiness --team 'Children North'
    """
    raise CpdsyncError("`cpdsync readiness` is not available in this version yet")


@click.command("export")
def export_command() -> None:
    """A worker's CPD for the year, laid out as SWE's online form asks.

    \b
    Example:
      cpdsync export EMP0001 --format swe
    """
    raise CpdsyncError("`cpdsync export` is not available in this version yet")


COMMANDS = [readiness_command, export_command]
