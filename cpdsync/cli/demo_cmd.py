"""Placeholder commands, replaced as each part of cpdsync lands."""

from __future__ import annotations

import click

from cpdsync.errors import CpdsyncError


@click.command("demo")
def demo_command() -> None:
    """Run the whole product on a built-in sample council.

    \b
    Example:
      cpdsync demo
    """
    raise CpdsyncError("`cpdsync demo` is not available in this version yet")


COMMANDS = [demo_command]
