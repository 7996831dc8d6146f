"""The `cpdsync` command: thin commands over the library.

Library errors become one line on stderr and an exit code here, in one place.
"""

from __future__ import annotations

import importlib
import logging
import sys
from pathlib import Path
from typing import Any, cast

import click

from cpdsync import __version__
from cpdsync.cli.context import AppContext
from cpdsync.errors import CpdsyncError

log = logging.getLogger("cpdsync")


# Command name -> module defining it. Modules are imported only when their command runs, so
# `cpdsync simulator serve` or `cpdsync --version` do not pay for the database stack.
_COMMAND_MODULES = {
    "init": "init_cmd",
    "check": "check_cmd",
    "sync": "sync_cmd",
    "daemon": "sync_cmd",
    "status": "status_cmd",
    "migrate": "database_cmd",
    "completions": "sync_cmd",
    "readiness": "readiness_cmd",
    "export": "readiness_cmd",
    "cpd": "cpd_cmd",
    "mappings": "mappings_cmd",
    "frameworks": "frameworks_cmd",
    "simulator": "simulator_cmd",
    "demo": "demo_cmd",
    "remind": "remind_cmd",
    "worker": "worker_cmd",
}


class CpdsyncGroup(click.Group):
    """Loads commands on demand, and maps every CpdsyncError to one message on stderr and the
    exit code of its class."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(_COMMAND_MODULES)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module_name = _COMMAND_MODULES.get(cmd_name)
        if module_name is None:
            return None
        module = importlib.import_module(f"cpdsync.cli.{module_name}")
        for command in module.COMMANDS:
            if command.name == cmd_name:
                return cast(click.Command, command)
        raise LookupError(f"cpdsync.cli.{module_name} does not define the {cmd_name} command")

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
    # Read by config.py, so an unreadable file is a ConfigError like any other config problem
    # (`status --check` turns it into UNKNOWN) rather than click's usage error.
    type=click.Path(dir_okay=False, readable=False, path_type=Path),
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
    # Alembic says "Context impl SQLiteImpl." on every open; cpdsync logs the migrations that
    # matter itself (records/migrate.py), so Alembic's own lines wait for -vv.
    logging.getLogger("alembic").setLevel(logging.DEBUG if verbose >= 2 else logging.WARNING)
    ctx.obj = AppContext(config_path=config_path)
