"""Render docs/cli.md from the commands' own --help, so the reference cannot drift.

Run ``python -m cpdsync.cli.reference > docs/cli.md`` (``make docs``); a test checks it is current.
"""

from __future__ import annotations

import click

from cpdsync.cli import main


def _walk(
    command: click.Command, path: tuple[str, ...], parent: click.Context | None = None
) -> list[tuple[tuple[str, ...], str]]:
    # Contexts chain to their parent as when a user types the command, so settings the group
    # gives its subcommands (such as -h for help) show here as they do in a terminal.
    settings = dict(command.context_settings) if parent is None else {}
    ctx = click.Context(
        command, info_name=path[-1] if path else "cpdsync", parent=parent, **settings
    )
    # A fixed terminal width keeps the rendered help identical on every machine.
    ctx.terminal_width = 100
    ctx.max_content_width = 100
    pages = [(path, command.get_help(ctx))]
    if isinstance(command, click.Group):
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is not None:
                pages += _walk(sub, path + (name,), ctx)
    return pages


def render() -> str:
    """Return the markdown reference of every command, in command order."""
    out = [
        "# Command reference",
        "",
        "Generated from `cpdsync --help` by `make docs`; do not edit by hand.",
        "",
        "Exit codes: 0 success; 1 the work failed (or, for `readiness --fail-on-gaps`, gaps were "
        "found); 2 usage or configuration error; 3 Moodle refused the credentials or a needed "
        "function; 4 Moodle unreachable or unavailable after retries.",
        "",
    ]
    for path, text in _walk(main, ()):
        out += [f"## `cpdsync{''.join(' ' + p for p in path)}`", "", "```text", text, "```", ""]
    return "\n".join(out)


if __name__ == "__main__":
    click.echo(render(), nl=False)
