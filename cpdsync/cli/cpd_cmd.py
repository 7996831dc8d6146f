"""`cpdsync cpd`: a worker's CPD records, reflections, CPD done outside Moodle."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from cpdsync.app.cpd import add_cpd, import_reflection_file, reflect_on_entry, worker_cpd
from cpdsync.app.declarations import declare_renewal
from cpdsync.cli.context import AppContext, pass_app
from cpdsync.cli.options import DateParam, json_option, site_option
from cpdsync.errors import UsageError
from cpdsync.records.cpd import ReflectionText
from cpdsync.records.declarations import EntryDeclaration
from cpdsync.render.cpd_text import (
    cpd_list_json,
    import_counts_json,
    render_cpd_list,
    render_import_counts,
    render_reflect_outcome,
    render_renewal_outcome,
)
from cpdsync.render.json_report import json_document
from cpdsync.timeutil import uk_today

ACTOR_HELP = "Who is making the change, for the audit log (default: the OS user)."


@click.group("cpd")
def cpd_group() -> None:
    """A worker's CPD records: list, reflect, add, import reflections, declare the renewal.

    \b
    Example:
      cpdsync cpd list jo.smith@council.example
    """


@cpd_group.command("list")
@click.argument("worker")
@click.option("--year", "year_label", metavar="LABEL", help="Registration year, e.g. 2025-26.")
@site_option()
@json_option("Print JSON instead of a table.")
@pass_app
def list_command(
    app: AppContext, worker: str, year_label: str | None, site: str | None, as_json: bool
) -> None:
    """List a worker's CPD entries with their reflection status.

    WORKER is an email, Moodle username, staff idnumber or SWE number.

    \b
    Example:
      cpdsync cpd list SW104455 --year 2025-26
    """
    cpd = worker_cpd(app.settings(), worker, year_label, site=site)
    click.echo(json_document(cpd_list_json(cpd)) if as_json else render_cpd_list(cpd))


def _text(
    entry: int,
    learnt: str | None,
    impact: str | None,
    peer: tuple[str | None, str | None],
    draft: bool,
    declaring: bool,
) -> ReflectionText | None:
    """The reflection text to write, asking in a terminal for what is missing; None when only
    a declaration is made (no text given with --recorded-on-swe/--peer-recorded-on-swe)."""
    peer_reflection, peer_role = peer
    given = (learnt, impact, peer_reflection, peer_role)
    if declaring and all(value is None for value in given) and not draft:
        return None
    if (learnt is None or impact is None) and not sys.stdin.isatty():
        raise UsageError(
            f"--learnt and --impact are needed to write a reflection; type: cpdsync cpd reflect "
            f'{entry} --learnt "what you learnt" --impact "the impact on your practice" '
            f"(or, if it is already recorded on your Social Work England account: cpdsync cpd "
            f"reflect {entry} --recorded-on-swe); in a terminal you are asked for them"
        )
    return ReflectionText(
        learnt if learnt is not None else click.prompt("What did you learn"),
        impact if impact is not None else click.prompt("What is the impact on your practice"),
        peer_reflection,
        peer_role,
        draft,
    )


@cpd_group.command("reflect")
@click.argument("entry", type=int)
@click.option("--learnt", help="What you learnt.")
@click.option("--impact", help="The impact on your practice.")
@click.option("--peer-reflection", help="What you learnt from discussing it with a peer.")
@click.option("--peer-role", help="The peer's role, e.g. 'senior practitioner'.")
@click.option("--draft", is_flag=True, help="Save as a draft (a draft does not count yet).")
@click.option(
    "--recorded-on-swe/--not-recorded-on-swe",
    default=None,
    help="Declare the piece recorded on your Social Work England account (it then counts "
    "without text here), or withdraw that declaration.",
)
@click.option(
    "--peer-recorded-on-swe/--peer-not-recorded-on-swe",
    default=None,
    help="Declare it recorded there with its peer reflection, or withdraw that.",
)
@click.option("--worker", help="Check the entry is this worker's (default: the entry's owner).")
@click.option("--actor", help=ACTOR_HELP)
@pass_app
def reflect_command(
    app: AppContext,
    entry: int,
    learnt: str | None,
    impact: str | None,
    peer_reflection: str | None,
    peer_role: str | None,
    draft: bool,
    recorded_on_swe: bool | None,
    peer_recorded_on_swe: bool | None,
    worker: str | None,
    actor: str | None,
) -> None:
    """Write the reflection on one CPD entry, or declare it recorded on your SWE account.

    ENTRY is the entry number `cpdsync cpd list WORKER` and the readiness report show. In a
    terminal, what you leave out of --learnt and --impact is asked for. A piece counts once
    its reflection is submitted (not a draft) or it is declared recorded on SWE; it counts
    as peer-reflected with --peer-reflection (and --peer-role) or --peer-recorded-on-swe.

    \b
    Example:
      cpdsync cpd reflect 113
      cpdsync cpd reflect 113 --learnt "How to apply thresholds" \\
        --impact "Earlier, clearer referrals" \\
        --peer-reflection "Discussed with my supervisor" --peer-role "practice supervisor"
      cpdsync cpd reflect 113 --peer-recorded-on-swe
    """
    declaration = EntryDeclaration(recorded_on_swe, peer_recorded_on_swe)
    text = _text(entry, learnt, impact, (peer_reflection, peer_role), draft, declaration.given())
    outcome = reflect_on_entry(
        app.settings(), entry, worker=worker, text=text, declaration=declaration, actor=actor
    )
    click.echo(render_reflect_outcome(outcome))


@cpd_group.command("renewal")
@click.argument("worker")
@click.option(
    "--year",
    "year_label",
    metavar="LABEL",
    help="Registration year, e.g. 2025-26 (default: the year holding today).",
)
@click.option("--submitted", is_flag=True, help="Declare the renewal submitted.")
@click.option("--withdraw", is_flag=True, help="Withdraw that declaration.")
@click.option("--actor", help=ACTOR_HELP)
@pass_app
def renewal_command(
    app: AppContext,
    worker: str,
    year_label: str | None,
    submitted: bool,
    withdraw: bool,
    actor: str | None,
) -> None:
    """Declare a worker's registration renewal submitted, or withdraw that.

    Renewal is three steps by 23:59 on 30 November: the CPD recorded on the worker's Social
    Work England account, the application form, and the fee. cpdsync cannot see the SWE
    account, so it shows the steps until the worker declares the renewal submitted. WORKER is
    an email, Moodle username, staff idnumber or SWE number.

    \b
    Example:
      cpdsync cpd renewal jo.smith@council.example --submitted
      cpdsync cpd renewal SW104455 --year 2025-26 --withdraw
    """
    if submitted == withdraw:
        raise UsageError("give one of --submitted or --withdraw")
    outcome = declare_renewal(
        app.settings(),
        worker,
        year=year_label,
        submitted=submitted,
        today=uk_today(),
        actor=actor,
    )
    click.echo(render_renewal_outcome(outcome))


@cpd_group.command("add")
@click.argument("worker")
@click.option("--title", required=True, help="What the CPD was.")
@click.option("--date", "when", type=DateParam(), required=True, help="When it took place.")
@click.option(
    "--type",
    "cpd_type",
    required=True,
    help="supervision, reading, conference, peer_discussion, research, shadowing, other …",
)
@click.option("--hours", type=float, help="Hours spent (optional; SWE sets no minimum).")
@click.option(
    "--capability", "capabilities", multiple=True, help="A framework item id, e.g. KSS-CF-5."
)
@click.option("--actor", help=ACTOR_HELP)
@pass_app
def add_command(
    app: AppContext,
    worker: str,
    title: str,
    when: date,
    cpd_type: str,
    hours: float | None,
    capabilities: tuple[str, ...],
    actor: str | None,
) -> None:
    """Add a piece of CPD done outside Moodle (supervision, reading, a conference).

    \b
    Example:
      cpdsync cpd add jo.smith@council.example --title "Reading: Munro review" \\
        --date 2026-02-10 --type reading --hours 2 --capability KSS-CF-5
    """
    entry_id = add_cpd(
        app.settings(),
        worker,
        title=title,
        activity_date=when,
        cpd_type=cpd_type,
        hours=hours,
        capabilities=capabilities,
        actor=actor,
    )
    click.echo(
        f"added CPD entry {entry_id}; add its reflection with `cpdsync cpd reflect {entry_id}`"
    )


@cpd_group.command("import-reflections")
@click.argument("csv_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--actor", help=ACTOR_HELP)
@json_option("Print the counts as JSON.")
@pass_app
def import_command(app: AppContext, csv_file: Path, actor: str | None, as_json: bool) -> None:
    """Import reflections from a CSV file; nothing is imported if any row is bad.

    Columns: entry, worker, learnt, impact, and optionally peer_reflection, peer_role,
    status (submitted or draft), recorded_on_swe and peer_recorded_on_swe (yes or no; with
    yes, learnt and impact may be empty). See docs/records.md.

    \b
    Example:
      cpdsync cpd import-reflections reflections-2026-02.csv
    """
    result = import_reflection_file(app.settings(), csv_file, actor=actor)
    click.echo(
        json_document(import_counts_json(result)) if as_json else render_import_counts(result)
    )


COMMANDS = [cpd_group]
