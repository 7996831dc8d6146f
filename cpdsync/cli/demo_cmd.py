"""`cpdsync demo`: sync the packaged sample council from a simulator and show readiness."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from cpdsync.app.demo import run_demo
from cpdsync.cli.options import as_of_option, write_output
from cpdsync.render.demo_text import render_demo
from cpdsync.render.html import render_html


@click.command("demo")
@as_of_option(
    "Assess readiness as on this UK date (default: 22 November 2026, a date in the renewal "
    "window, so the demo looks the same any day)."
)
@click.option(
    "--html-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Also write the team page and the shown worker's page as HTML into this folder.",
)
def demo_command(as_of: date | None, html_dir: Path | None) -> None:
    """Run the whole product on a built-in sample council.

    Starts a Moodle simulator of the sample council on a free loopback port, syncs it into a
    temporary SQLite database, writes the sample workers' reflections and declarations,
    prints the team's readiness and one worker's detail as on 22 November 2026 (with the same
    council before the renewal window and the day after the deadline), and stops. Nothing
    outside the temporary folder is touched (unless --html-dir is given).

    \b
    Example:
      cpdsync demo
      cpdsync demo --as-of 2026-12-01
      cpdsync demo --html-dir demo-pages
    """
    result = run_demo(as_of)
    if html_dir is not None and result.detail is not None:
        html_dir.mkdir(parents=True, exist_ok=True)
        write_output(render_html(result.team), html_dir / "team.html")
        write_output(render_html(result.detail), html_dir / "worker.html")
    click.echo(render_demo(result, html_dir=html_dir), nl=False)


COMMANDS = [demo_command]
