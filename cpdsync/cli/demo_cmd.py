"""`cpdsync demo`: sync the packaged sample council from a simulator and show readiness."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

import click

from cpdsync.app.demo import demo_run, pick_worker, write_sample_reflections
from cpdsync.app.report import load_report
from cpdsync.cli.readiness_cmd import DateParam, today_uk, write_output
from cpdsync.cli.sync_cmd import render_run
from cpdsync.render.html import render_html
from cpdsync.render.text import render_team, render_worker


@click.command("demo")
@click.option(
    "--as-of",
    "as_of",
    type=DateParam(),
    help="Assess readiness as on this UK date (default: today in the UK).",
)
@click.option(
    "--html-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Also write the team page and the shown worker's page as HTML into this folder.",
)
def demo_command(as_of: date | None, html_dir: Path | None) -> None:
    """Run the whole product on a built-in sample council.

    Starts a Moodle simulator of the sample council on a free loopback port, syncs it into a
    temporary SQLite database, prints the team's readiness and one worker's detail, and
    stops. Nothing outside the temporary folder is touched (unless --html-dir is given).

    \b
    Example:
      cpdsync demo
      cpdsync demo --html-dir demo-pages
    """
    as_of = as_of or today_uk()
    with tempfile.TemporaryDirectory(prefix="cpdsync-demo-") as tmp, demo_run(Path(tmp)) as run:
        click.echo("== Sync: the sample council's Moodle (simulated) into SQLite ==")
        click.echo(render_run(run.sync))
        written = write_sample_reflections(run.settings, as_of)
        click.echo("")
        click.echo(
            f"== Half the workers write {written} reflections, as with `cpdsync cpd reflect` =="
        )
        team = load_report(run.settings, workers=None, team=None, as_of=as_of)
        click.echo("")
        click.echo(f"== Readiness of every worker on {as_of.isoformat()} ==")
        click.echo(render_team(team))
        shown = pick_worker({w.worker.email: (w.status, len(w.gaps)) for w in team.workers})
        if shown is None:
            return
        detail = load_report(run.settings, workers=[shown], team=None, as_of=as_of)
        click.echo("")
        click.echo(f"== One worker's detail: {shown} ==")
        click.echo(render_worker(detail, detail.workers[0]))
        if html_dir is not None:
            html_dir.mkdir(parents=True, exist_ok=True)
            write_output(render_html(team, None), html_dir / "team.html")
            write_output(render_html(detail, None), html_dir / "worker.html")
            click.echo(f"HTML pages written to {html_dir}/team.html and worker.html")
        click.echo("")
        click.echo(
            "Try the same against your Moodle: `cpdsync init`, then `cpdsync check` and "
            "`cpdsync sync`."
        )


COMMANDS = [demo_command]
