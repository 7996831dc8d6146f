"""`cpdsync simulator serve|generate`: a local Moodle for demos, tests and benchmarks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from cpdsync.app.local_moodle import (
    GRANTABLE,
    LOCAL_TOKEN,
    REVOCABLE,
    ServeOptions,
    generate_council,
    serve_simulator,
)
from cpdsync.moodle_token import TOKEN_ENV
from cpdsync.render.simulator_text import render_call_counts, render_generated, render_listening


@click.group("simulator")
def simulator_group() -> None:
    """A local Moodle simulator, and a generator of sample councils.

    \b
    Example:
      cpdsync simulator generate --workers 200 --courses 40 --output council.json
      cpdsync simulator serve --dataset council.json --port 8765
    """


@simulator_group.command("serve")
@click.option(
    "--dataset",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Dataset file (JSON, see docs); default: the packaged sample council.",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8765, show_default=True, help="Port (0 picks a free one).")
@click.option(
    "--token",
    help=f"Token to accept (default: ${TOKEN_ENV}, else the fixed local token {LOCAL_TOKEN}).",
)
@click.option(
    "--functions",
    help="Comma-separated functions of the simulated service (default: every core function "
    "served); leave one out to exercise the 'missing function' paths.",
)
@click.option("--latency-ms", default=0, show_default=True, help="Delay added to every reply.")
@click.option(
    "--fault-rate", default=0.0, show_default=True, help="Share of requests given a fault (0-1)."
)
@click.option("--seed", default=0, show_default=True, help="Seed that fixes which requests fail.")
@click.option(
    "--grant",
    multiple=True,
    type=click.Choice(GRANTABLE),
    help="Give the integration role an extra capability (repeatable).",
)
@click.option(
    "--revoke",
    multiple=True,
    type=click.Choice(REVOCABLE),
    help="Take a capability from the integration role (repeatable), e.g. "
    "moodle/course:viewhiddencourses: hidden courses then vanish as on a real site.",
)
@click.option(
    "--refuse-messages",
    is_flag=True,
    help="Refuse every message per item, as Moodle's default privacy settings do.",
)
def serve_command(
    dataset: Path | None,
    host: str,
    port: int,
    token: str | None,
    functions: str | None,
    latency_ms: int,
    fault_rate: float,
    seed: int,
    grant: tuple[str, ...],
    revoke: tuple[str, ...],
    refuse_messages: bool,
) -> None:
    """Serve Moodle's web services from a dataset until Ctrl-C or SIGTERM.

    Call counts per function are at GET /_simulator/stats and are printed on exit.

    \b
    Example:
      cpdsync simulator serve --port 8765 --functions \\
        core_webservice_get_site_info,core_course_get_courses
    """
    options = ServeOptions(
        dataset=dataset,
        host=host,
        port=port,
        token=token,
        functions=functions.split(",") if functions is not None else None,
        latency_ms=latency_ms,
        fault_rate=fault_rate,
        seed=seed,
        grant=grant,
        refuse_messages=refuse_messages,
        revoke=revoke,
    )
    stats = serve_simulator(
        options, on_listening=lambda sim: click.echo(render_listening(sim), err=True)
    )
    click.echo(render_call_counts(stats), err=True)


@simulator_group.command("generate")
@click.option(
    "--workers",
    type=int,
    required=True,
    help="Number of social workers with Moodle activity; new starters with no enrolments (1 in "
    "20, at least 2) are added on top, and all but leavers form the cohort SW-REGISTERED.",
)
@click.option("--courses", type=int, required=True, help="Number of courses (at least 12).")
@click.option("--years", type=int, default=3, show_default=True, help="Registration years.")
@click.option("--seed", type=int, default=1, show_default=True, help="Same seed, same council.")
@click.option(
    "--as-of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Last day of activity (default: today in Europe/London).",
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="File to write.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def generate_command(
    workers: int,
    courses: int,
    years: int,
    seed: int,
    as_of: dt.datetime | None,
    output: Path,
    as_json: bool,
) -> None:
    """Write a realistic, reproducible council dataset for the simulator.

    \b
    Example:
      cpdsync simulator generate --workers 2000 --courses 300 --seed 7 --output council.json
    """
    council = generate_council(
        output,
        workers=workers,
        courses=courses,
        years=years,
        seed=seed,
        as_of=as_of.date() if as_of else None,
    )
    click.echo(render_generated(council, as_json=as_json))


COMMANDS = [simulator_group]
