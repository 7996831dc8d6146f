"""The `cpdsync` command: thin commands over the library.

Library errors become one line on stderr and an exit code here, in one place.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

import click

from cpdsync import __version__
from cpdsync.cli.context import AppContext
from cpdsync.errors import CpdsyncError

log = logging.getLogger("cpdsync")


class CpdsyncGroup(click.Group):
    """Maps every CpdsyncError to one message on stderr and the exit code of its class."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CpdsyncError as exc:
            click.echo(f"cpdsync: error: {exc.message}", err=True)
            sys.exit(exc.exit_code)


@click.group(cls=CpdsyncGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cpdsync")
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Config file (default: $CPDSYNC_CONFIG, ./cpdsync.toml, /etc/cpdsync/cpdsync.toml).",
)
@click.option("-v", "--verbose", count=True, help="More log detail on stderr (-vv for debug).")
@click.pass_context
def main(ctx: click.Context, config_path: Path | None, verbose: int) -> None:
    """Keep social workers' Social Work England registration on track from Moodle.

    \b
    Example:
      cpdsync init /etc/cpdsync && cpdsync check && cpdsync sync
    """
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(
        level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )
    ctx.obj = AppContext(config_path=config_path)


def _register() -> None:
    # Each command family lives in its own module; importing here keeps registration in one place.
    from cpdsync.cli import (
        check_cmd,
        cpd_cmd,
        demo_cmd,
        frameworks_cmd,
        init_cmd,
        mappings_cmd,
        readiness_cmd,
        simulator_cmd,
        sync_cmd,
    )

    for module in (
        init_cmd,
        check_cmd,
        sync_cmd,
        readiness_cmd,
        cpd_cmd,
        mappings_cmd,
        frameworks_cmd,
        simulator_cmd,
        demo_cmd,
    ):
        for command in module.COMMANDS:
            main.add_command(command)


_register()
