"""A small generated council, a fast retry policy, a canonical dump of what a sync wrote, and an
HTTP session that lets a test act when Moodle has answered a given call (e.g. open a
maintenance window mid-sync)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import requests
import sqlalchemy as sa

from cpdsync.app.sync import run_sync
from cpdsync.config import Settings, load_settings
from cpdsync.connector.retry import RetryPolicy
from cpdsync.records.run_log import RunRecord
from cpdsync.records.schema import CursorRow
from cpdsync.simulator import Dataset
from cpdsync.simulator.generate import generate

# One canonical dump serves every test that compares the records of two runs.
from tests.app.conftest import canonical_dump as canonical_dump
from tests.app.conftest import engine_for

# The run's clock is fixed so completions Moodle gives no time for ("observed") get the same
# time in every run, and two runs can be compared row for row.
RUN_TIME = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
AS_OF = dt.date(2026, 3, 1)
STATUS = "core_completion_get_course_completion_status"

# Production waits (seconds, Retry-After up to 20 s) squeezed to milliseconds; attempts as in
# production so the same number of faults is survived.
FAST_RETRY = RetryPolicy(
    attempts=5, total_s=30.0, backoff_base_s=0.01, backoff_cap_s=0.05, retry_after_cap_s=0.05
)

MAPPINGS = """\
version: 1
rules:
  - match: {idnumber: "SG-*"}
    capabilities: [KSS-CF-5, SWE-PS-3.1]
    cpd_hours: 6
    cpd_type: training_course
  - match: {idnumber: "RPG-*"}
    capabilities: [SWE-PS-4.6]
    cpd_hours: 1.5
    cpd_type: peer_discussion
    peer_reflection: true
  - match: {category: "Practice*"}
    capabilities: [PCF-5]
    hours_from: customfield.cpdhours
    cpd_type: e_learning
"""


def small_council(workers: int = 10, courses: int = 14) -> Dataset:
    """Return a reproducible council with the generator's oddities (suspended and future
    enrolments, a course without criteria, a hidden course)."""
    return generate(workers=workers, courses=courses, years=2, seed=7, as_of=AS_OF)


def write_config(
    folder: Path, url: str, db_url: str, *, strategy: str = "standard", **moodle: Any
) -> Path:
    """Write cpdsync.toml and a mapping file into ``folder``; return the config path."""
    folder.mkdir(parents=True, exist_ok=True)
    mappings = folder / "mappings"
    mappings.mkdir(exist_ok=True)
    (mappings / "council.yaml").write_text(MAPPINGS, encoding="utf-8")
    extra = "".join(f"{key} = {value}\n" for key, value in moodle.items())
    path = folder / "cpdsync.toml"
    path.write_text(
        f'[moodle]\nurl = "{url}"\n{extra}'
        f'[database]\nurl = "{db_url}"\n'
        f'[mappings]\npaths = ["{mappings}"]\n'
        f'[sync]\nstrategy = "{strategy}"\ninterval = "1s"\n',
        encoding="utf-8",
    )
    return path


def settings_for(config: Path, token: str) -> Settings:
    return load_settings(config, environ={"CPDSYNC_MOODLE_TOKEN": token})


def sync(settings: Settings, **options: Any) -> RunRecord:
    """Run one sync with the fixed clock and the fast retry policy; return its run record."""
    return run_sync(settings, clock=lambda: RUN_TIME, retry=FAST_RETRY, **options).record


def wsfunction_of(response: requests.Response) -> str:
    body = response.request.body or ""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    return parse_qs(text).get("wsfunction", [""])[0]


def session_acting_after(
    wsfunction: str, count: int, action: Callable[[], None]
) -> requests.Session:
    """Return a session that runs ``action`` once, when Moodle has answered ``wsfunction``
    ``count`` times."""
    seen = {"n": 0}
    session = requests.Session()

    def hook(response: requests.Response, *args: Any, **kwargs: Any) -> None:
        if wsfunction_of(response) == wsfunction:
            seen["n"] += 1
            if seen["n"] == count:
                action()

    session.hooks["response"].append(hook)
    return session


def cursors(db_url: str) -> list[tuple[Any, ...]]:
    """Return every sync-state row (the completions cursor among them)."""
    engine = engine_for(db_url)
    try:
        with engine.connect() as conn:
            return [
                tuple(row) for row in conn.execute(sa.select(CursorRow.name, CursorRow.value)).all()
            ]
    finally:
        engine.dispose()
