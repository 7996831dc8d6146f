"""Placeholder commands, replaced as each part of cpdsync lands."""

from __future__ import annotations

import click

from cpdsync.errors import CpdsyncError


@click.command("sync")
def sync_command() -> None:
    """Run one sync: completions from Moodle into CPD records.

    \b
    Example:
      cpdsync sync --dry-run
    """
    raise CpdsyncError("`cpdsync sync` is not available in this version yet")


@click.command("daemon")
def daemon_command() -> None:
    """Run a sync every sync.interval until SIGTERM.

    \b
    Example:
      cpdsync daemon
    """
    raise CpdsyncError("`cpdsync daemon` is not available in this version yet")


@click.command("status")
def status_command() -> None:
    """Last sync runs, records held and when the next run is due.

    \b
    Example:
      cpdsync status --json
    """
    raise CpdsyncError("`cpdsync status` is not available in this version yet")


@click.command("completions")
def completions_command() -> None:
    """List the completions held, and where each date came from.

    \b
    Example:
      cpdsync completions jo.smith@council.example
    """
    raise CpdsyncError("`cpdsync completions` is not available in this version yet")


COMMANDS = [sync_command, daemon_command, status_command, completions_command]
