"""`cpdsync demo`: the whole product on the packaged sample council, with nothing installed.

A simulator of the sample council's Moodle runs on a free loopback port, one sync fills a
SQLite database in a temporary folder, and readiness is read back from it, exactly as an
admin's `cpdsync sync` and a manager's `cpdsync readiness` would.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from importlib import resources
from pathlib import Path

from pydantic import SecretStr

from cpdsync.app.cpd import list_entries
from cpdsync.app.report import load_report
from cpdsync.app.rules import packaged_rules
from cpdsync.app.sync import SyncResult, run_sync
from cpdsync.config import Config, DatabaseSettings, MappingsSettings, MoodleSettings, Settings
from cpdsync.readiness.calendar import year_of
from cpdsync.readiness.report_model import ReadinessReport
from cpdsync.records.cpd import ReflectionText, get_entry, save_reflection
from cpdsync.records.db import open_database
from cpdsync.records.worker_reads import worker_emails
from cpdsync.simulator import load_sample_council, serve_in_thread

# The packaged copy of examples/mappings/council.yaml (a test keeps the two identical).
SAMPLE_MAPPINGS = ("templates", "sample-council.yaml")


@dataclass(frozen=True)
class DemoRun:
    settings: Settings  # the demo database and mappings; valid inside demo_run()
    sync: SyncResult
    simulator_calls: dict[str, int]


@contextmanager
def demo_run(workdir: Path) -> Iterator[DemoRun]:
    """Yield the outcome of syncing the sample council into ``workdir``/demo.db; stop the
    simulator on exit. Raise the sync's CpdsyncError if it fails."""
    mapping_file = resources.files("cpdsync.mappings").joinpath(*SAMPLE_MAPPINGS)
    with resources.as_file(mapping_file) as mappings, serve_in_thread(load_sample_council()) as sim:
        settings = Settings(
            config=Config(
                moodle=MoodleSettings(url=sim.url),
                database=DatabaseSettings(url=f"sqlite:///{workdir / 'demo.db'}"),
                mappings=MappingsSettings(paths=[mappings]),
            ),
            source=None,
            token=SecretStr(sim.token),
        )
        report = run_sync(settings)
        yield DemoRun(settings=settings, sync=report, simulator_calls=sim.stats())


@dataclass(frozen=True)
class DemoResult:
    """What the demo did: the sync, the sample reflections, and readiness read back."""

    as_of: date
    sync: SyncResult
    reflections_written: int
    team: ReadinessReport  # every worker
    shown: str | None  # the worker whose detail is shown (None when there are no workers)
    detail: ReadinessReport | None  # that worker alone


def run_demo(as_of: date) -> DemoResult:
    """Sync the sample council into a temporary folder, write sample reflections, and return
    readiness as on ``as_of``; nothing outside the temporary folder is touched. Raise the
    sync's CpdsyncError if it fails."""
    with tempfile.TemporaryDirectory(prefix="cpdsync-demo-") as tmp, demo_run(Path(tmp)) as run:
        written = write_sample_reflections(run.settings, as_of)
        team = load_report(run.settings, workers=None, team=None, as_of=as_of)
        shown = pick_worker({w.worker.email: (w.status, len(w.gaps)) for w in team.workers})
        detail = None
        if shown is not None:
            detail = load_report(run.settings, workers=[shown], team=None, as_of=as_of)
        return DemoResult(as_of, run.sync, written, team, shown, detail)


def pick_worker(statuses: dict[str, tuple[str, int]]) -> str | None:
    """Return the worker whose page shows the product best: the at-risk worker with the most
    gaps (ties by name), else the first; ``statuses`` maps a worker to (status, gap count)."""
    ranked = sorted(statuses.items(), key=lambda kv: (kv[1][0] != "at_risk", -kv[1][1], kv[0]))
    return ranked[0][0] if ranked else None


def write_sample_reflections(settings: Settings, as_of: date) -> int:
    """Write reflections as some sample workers would with `cpdsync cpd reflect`: every other
    worker (by email) reflects on up to two pieces of this year's CPD, one with a peer; return
    how many reflections were written."""
    year = year_of(as_of, rules=packaged_rules().calendar)
    written = 0
    database = open_database(settings.config.database.url)
    try:
        with database.transaction() as session:
            for index, email in enumerate(worker_emails(session)[::2]):
                _, entries = list_entries(session, email, year)
                for number, view in enumerate(e for e in entries if e.reflection == "none"):
                    if number == 2:
                        break
                    entry = get_entry(session, view.id)
                    save_reflection(
                        session,
                        entry,
                        _sample_text(view.title, peer=number == 0, voice=index),
                        actor="demo",
                        now=datetime.now(UTC),
                    )
                    written += 1
    finally:
        database.close()
    return written


# Each sample worker writes in their own words, as real ones do: SWE looks for records that
# are the same from one worker to the next.
_LEARNT = (
    "'{title}' made me question how quickly I settle on a first explanation.",
    "From '{title}' I took a clearer sense of where my duties begin and end.",
    "'{title}' gave me words for something I had only half noticed on visits.",
    "'{title}' showed me how much the families I see rely on what I write down.",
    "The case studies in '{title}' were closer to my caseload than I expected.",
)
_IMPACT = (
    "I now plan each visit around what the person wants to get out of it.",
    "My case notes separate what I saw from what I concluded.",
    "I check my hypotheses with a colleague before I write an assessment up.",
    "I explain my role and its limits at the first meeting, not later.",
)
_PEER = (
    "My supervisor pointed out where I had moved from facts to opinion.",
    "A colleague in the team meeting suggested a simpler way to explain it to families.",
    "Talking it through with a senior practitioner showed me where to apply it first.",
)


def _sample_text(title: str, *, peer: bool, voice: int) -> ReflectionText:
    return ReflectionText(
        learnt=_LEARNT[voice % len(_LEARNT)].format(title=title),
        impact=_IMPACT[(voice // len(_LEARNT)) % len(_IMPACT)],
        peer_reflection=_PEER[voice % len(_PEER)] if peer else None,
        peer_role="Practice supervisor" if peer else None,
    )
