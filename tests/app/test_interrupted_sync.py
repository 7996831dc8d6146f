"""`cpdsync sync` killed with SIGKILL at every point of a run, and two syncs started at once.

Kill points are chosen by what the run has done, never by the clock: the process is killed
while the simulator holds one of its Moodle calls unanswered (every call of a clean run is a
point), or while held_sync.py holds it just before a database write or its commit. Either way
the process is certainly mid-run when it dies, however loaded the machine.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from cpdsync.app.sync import run_sync
from cpdsync.errors import StorageError
from cpdsync.simulator import Simulator, serve_in_thread
from tests.app.conftest import (
    canonical_dump,
    council,
    dataset,
    engine_for,
    run_outcomes,
    settings_for,
    write_config,
)

pytestmark = pytest.mark.slow

CPDSYNC = [sys.executable, "-m", "cpdsync"]
HELD_SYNC = [sys.executable, str(Path(__file__).with_name("held_sync.py"))]
WAIT_S = 120  # a bound for a broken test, never a pace: every wait below ends on an event

# A clean run of the council below makes this many HTTP calls to Moodle (site, categories,
# courses, then batched enrolment reads, course lists, the hidden course's participants and
# completion status); each is a kill point.
MOODLE_CALLS = 8
# Database points, in the order a first run meets them: mid-migration, the run opened, the
# completions and CPD entries written, the cursor moved, and the transaction about to commit.
DATABASE_POINTS = [
    "create:cpd_entries",  # some tables created, others not yet
    "write:sync_runs",
    "write:completions",
    "write:audit_log",
    "write:cursors",
    "commit",
]
NOTHING = {"completions": [], "cpd_entries": []}


@contextmanager
def fresh_database(db_url: str, tmp_path: Path, name: str) -> Iterator[str]:
    """Yield another empty database on the same backend as ``db_url``."""
    if db_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / (name + '.db')}"
        return
    schema = f"k_{uuid.uuid4().hex[:12]}"
    admin = engine_for(db_url.split("?")[0])
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield db_url.split("?")[0] + f"?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _sync_process(config: Path, token: str, command: list[str] = CPDSYNC) -> subprocess.Popen[str]:
    env = {**os.environ, "CPDSYNC_MOODLE_TOKEN": token}
    return subprocess.Popen(
        [*command, "--config", str(config), "sync"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def held_rows(db_url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Return the canonical dump, or nothing when the schema was never committed."""
    engine = engine_for(db_url)
    try:
        migrated = sa.inspect(engine).has_table("completions")
    finally:
        engine.dispose()
    return canonical_dump(db_url) if migrated else NOTHING


@pytest.fixture(scope="module")
def moodle() -> Iterator[Simulator]:
    # One simulator for the module: every test holds calls of its own sync only.
    # Course 6 is hidden: its completions are read through its participants.
    with serve_in_thread(dataset(council(workers=12, courses=6, hidden=(6,)))) as running:
        yield running


@pytest.fixture(scope="module")
def references() -> dict[str, dict[str, list[tuple[Any, ...]]]]:
    return {}


@pytest.fixture
def reference(
    moodle: Simulator,
    db_url: str,
    tmp_path: Path,
    references: dict[str, dict[str, list[tuple[Any, ...]]]],
) -> dict[str, list[tuple[Any, ...]]]:
    """The records of one clean `cpdsync sync` on this test's backend (run once per backend)."""
    backend = db_url.split(":", 1)[0]
    if backend not in references:
        with fresh_database(db_url, tmp_path, "clean") as clean_url:
            config = write_config(tmp_path / "clean", moodle.url, clean_url)
            before = sum(moodle.stats().values())
            with _sync_process(config, moodle.token) as proc:
                out, err = proc.communicate(timeout=WAIT_S)
            assert proc.returncode == 0, err
            calls = sum(moodle.stats().values()) - before
            assert calls == MOODLE_CALLS, f"a clean run makes {calls} calls: update MOODLE_CALLS"
            references[backend] = canonical_dump(clean_url)
    found = references[backend]
    assert found["completions"] and found["cpd_entries"]
    return found


def rerun_and_compare(
    moodle: Simulator, config: Path, db_url: str, reference: dict[str, Any], where: str
) -> None:
    """The killed run kept nothing; one more run ends with exactly the clean run's records."""
    assert held_rows(db_url) == NOTHING, f"killed {where}: the killed run kept records"
    try:
        run_sync(settings_for(config, moodle.token))
    except StorageError as exc:
        raise AssertionError(f"killed {where}: {exc}") from exc
    assert canonical_dump(db_url) == reference, f"killed {where}"
    assert run_outcomes(db_url)[-1] in ("ok", "partial")


@pytest.mark.parametrize("call", range(1, MOODLE_CALLS + 1))
def test_sync_killed_while_moodle_answers_any_call_then_rerun_ends_with_one_clean_runs_records(
    moodle: Simulator, reference: dict[str, Any], db_url: str, tmp_path: Path, call: int
) -> None:
    config = write_config(tmp_path, moodle.url, db_url)
    hold = moodle.hold_call(call)
    try:
        with _sync_process(config, moodle.token) as proc:
            while not hold.wait(0.05):  # polls only to notice a run that ended early
                assert proc.poll() is None, f"the run ended before call {call}: {proc.stderr}"
            proc.kill()
            proc.communicate(timeout=WAIT_S)
    finally:
        hold.release()
    assert proc.returncode == -9
    rerun_and_compare(moodle, config, db_url, reference, f"at Moodle call {call}")


@pytest.mark.parametrize("point", DATABASE_POINTS)
def test_sync_killed_at_any_point_of_its_database_work_then_rerun_ends_with_one_clean_runs_records(
    moodle: Simulator, reference: dict[str, Any], db_url: str, tmp_path: Path, point: str
) -> None:
    config = write_config(tmp_path, moodle.url, db_url)
    with _sync_process(config, moodle.token, [*HELD_SYNC, point]) as proc:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        proc.kill()
        out, err = proc.communicate(timeout=WAIT_S)
    assert line == "held\n", f"the run never reached {point}: {line}{out}{err}"
    assert proc.returncode == -9
    rerun_and_compare(moodle, config, db_url, reference, f"at {point}")


def test_two_syncs_started_together_never_both_write(
    moodle: Simulator, db_url: str, tmp_path: Path
) -> None:
    config = write_config(tmp_path, moodle.url, db_url)
    # The first run takes the run lock before it calls Moodle: held at its first call, it
    # certainly holds the lock while the second starts.
    hold = moodle.hold_call(1)
    try:
        with _sync_process(config, moodle.token) as first:
            while not hold.wait(0.05):
                assert first.poll() is None, "the first run ended before calling Moodle"
            with _sync_process(config, moodle.token) as second:
                loser = second.communicate(timeout=WAIT_S)
            hold.release()
            winner = first.communicate(timeout=WAIT_S)
    finally:
        hold.release()
    assert (first.returncode, second.returncode) == (0, 1), (winner, loser)
    assert "another sync of" in loser[1] and "since 20" in loser[1]
    assert run_outcomes(db_url) in (["ok"], ["partial"])
