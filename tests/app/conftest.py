"""A small council on the simulator, a config pointing at it, and a canonical dump of what a
sync wrote (for comparing runs)."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from cpdsync.config import Settings, load_settings
from cpdsync.records.db import Database, open_database
from cpdsync.records.schema import (
    CompletionRow,
    CourseRow,
    CpdEntryRow,
    CursorRow,
    SyncRunRow,
    WorkerRow,
)
from cpdsync.simulator import Dataset, Simulator, serve_in_thread

# 2025-11-15 12:00 UTC, inside the 2025-26 registration year.
T0 = 1763208000
DAY = 86400

MAPPINGS = """\
version: 1
rules:
  - match: {idnumber: "SG-*"}
    capabilities: [KSS-CF-5, SWE-PS-3.1]
    cpd_hours: 6
    cpd_type: training_course
  - match: {category: "Practice*"}
    capabilities: [PCF-5]
    hours_from: customfield.cpdhours
    cpd_type: e_learning
"""


def council(workers: int = 6, courses: int = 4, hidden: tuple[int, ...] = ()) -> dict[str, Any]:
    """Return a dataset: every worker enrolled on every course; worker i completed course j
    when (i + j) is even, on day i + j after T0. Course 1 has no completion criteria, yet
    Moodle lists worker 1 as having completed it (its completion status answers nocriteriaset,
    so there is no criterion time to read). Courses numbered in ``hidden`` are hidden."""
    data: dict[str, Any] = {
        "site": {"sitename": "Test Council Learning"},
        "users": [],
        "categories": [
            {"id": 2, "name": "Safeguarding", "parent": 0},
            {"id": 3, "name": "Practice skills", "parent": 0},
        ],
        "courses": [],
        "enrolments": [],
        "completions": [],
    }
    for c in range(1, courses + 1):
        course_id = 100 + c
        data["courses"].append(
            {
                "id": course_id,
                "shortname": f"C{c}",
                "fullname": f"Course {c}",
                "idnumber": f"SG-{c:02d}" if c % 2 else f"PR-{c:02d}",
                "categoryid": 2 if c % 2 else 3,
                "customfields": {"cpdhours": str(c)},
                "criteria": [] if c == 1 else ["self"],
                "visible": c not in hidden,
            }
        )
    for w in range(1, workers + 1):
        user_id = 10 + w
        data["users"].append(
            {
                "id": user_id,
                "username": f"worker{w}",
                "firstname": "Worker",
                "lastname": f"Number{w}",
                "email": f"worker{w}@council.example",
                "idnumber": f"EMP{w:04d}",
                "customfields": {"swenumber": f"SW{100000 + w}", "jobrole": "Social Worker"},
            }
        )
        for c in range(1, courses + 1):
            data["enrolments"].append({"userid": user_id, "courseid": 100 + c})
            if (c != 1 and (w + c) % 2 == 0) or (c == 1 and w == 1):
                data["completions"].append(
                    {"userid": user_id, "courseid": 100 + c, "timecompleted": T0 + (w + c) * DAY}
                )
    return data


def dataset(data: dict[str, Any]) -> Dataset:
    return Dataset.model_validate(copy.deepcopy(data))


@pytest.fixture
def council_data() -> dict[str, Any]:
    return council()


@pytest.fixture
def sim(council_data: dict[str, Any]) -> Iterator[Simulator]:
    with serve_in_thread(dataset(council_data)) as running:
        yield running


def write_config(tmp_path: Path, url: str, db_url: str, **sync: str) -> Path:
    """Write cpdsync.toml and the mapping file into ``tmp_path``; return the config path."""
    mappings = tmp_path / "mappings"
    mappings.mkdir(parents=True, exist_ok=True)
    (mappings / "council.yaml").write_text(MAPPINGS, encoding="utf-8")
    sync_lines = "".join(f'{key} = "{value}"\n' for key, value in sync.items())
    path = tmp_path / "cpdsync.toml"
    path.write_text(
        f'[moodle]\nurl = "{url}"\n'
        f'[database]\nurl = "{db_url}"\n'
        f'[mappings]\npaths = ["{mappings}"]\n'
        f"[sync]\n{sync_lines}",
        encoding="utf-8",
    )
    return path


def settings_for(config: Path, token: str) -> Settings:
    return load_settings(config, environ={"CPDSYNC_MOODLE_TOKEN": token})


@pytest.fixture
def settings(tmp_path: Path, sim: Simulator, db_url: str) -> Settings:
    return settings_for(write_config(tmp_path, sim.url, db_url), sim.token)


def canonical_dump(db_url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Return the completions and CPD entries held, keyed by Moodle ids, without run-specific
    columns (row ids, first/last seen, derivation times, and the time of a completion dated
    when a run saw it) so two clean runs compare equal."""
    url = db_url.replace("postgresql://", "postgresql+psycopg://", 1)
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            completions = conn.execute(
                sa.select(
                    WorkerRow.moodle_id,
                    CourseRow.moodle_id,
                    CompletionRow.timecompleted,
                    CompletionRow.date_source,
                    CompletionRow.reset_observed_at.is_not(None),
                )
                .join(WorkerRow, CompletionRow.worker_id == WorkerRow.id)
                .join(CourseRow, CompletionRow.course_id == CourseRow.id)
                .order_by(WorkerRow.moodle_id, CourseRow.moodle_id, CompletionRow.timecompleted)
            ).all()
            entries = conn.execute(
                sa.select(
                    WorkerRow.moodle_id,
                    CpdEntryRow.title,
                    CpdEntryRow.activity_date,
                    CpdEntryRow.hours,
                    CpdEntryRow.cpd_type,
                    CpdEntryRow.capabilities,
                    CpdEntryRow.retired_at.is_not(None),
                    CompletionRow.date_source,
                )
                .join(WorkerRow, CpdEntryRow.worker_id == WorkerRow.id)
                .outerjoin(CompletionRow, CpdEntryRow.completion_id == CompletionRow.id)
                .order_by(WorkerRow.moodle_id, CpdEntryRow.title, CpdEntryRow.activity_date)
            ).all()
    finally:
        engine.dispose()
    return {
        "completions": [_unobserved(tuple(row), 2, 3) for row in completions],
        "cpd_entries": [_unobserved(tuple(row), 2, 7)[:-1] for row in entries],
    }


def _unobserved(row: tuple[Any, ...], when: int, source: int) -> tuple[Any, ...]:
    """Return ``row`` with its time left out when it is the time a run saw the completion."""
    if row[source] != "observed":
        return row
    return (*row[:when], "observed", *row[when + 1 :])


def engine_for(db_url: str) -> sa.Engine:
    return sa.create_engine(db_url.replace("postgresql://", "postgresql+psycopg://", 1))


def completions_cursor(db_url: str) -> str | None:
    """Return the committed completions cursor (one site per test database)."""
    engine = engine_for(db_url)
    try:
        with engine.connect() as conn:
            return conn.execute(
                sa.select(CursorRow.value).where(CursorRow.name == "completions")
            ).scalar_one_or_none()
    finally:
        engine.dispose()


def run_outcomes(db_url: str) -> list[str]:
    """Return the outcome of every recorded run, oldest first."""
    engine = engine_for(db_url)
    try:
        with engine.connect() as conn:
            return list(
                conn.execute(sa.select(SyncRunRow.outcome).order_by(SyncRunRow.id)).scalars()
            )
    finally:
        engine.dispose()


@pytest.fixture
def database(db_url: str) -> Iterator[Database]:
    """An opened, migrated database (SQLite, and PostgreSQL when configured)."""
    db = open_database(db_url)
    yield db
    db.close()
