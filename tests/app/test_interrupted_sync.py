"""`cpdsync sync` killed with SIGKILL at many points, and two syncs started at once."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

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

KILL_POINTS = 20
CPDSYNC = [sys.executable, "-m", "cpdsync"]


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


def _sync_process(config: Path, token: str) -> subprocess.Popen[str]:
    env = {**os.environ, "CPDSYNC_MOODLE_TOKEN": token}
    return subprocess.Popen(
        [*CPDSYNC, "--config", str(config), "sync"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture
def slow_sim() -> Iterator[Simulator]:
    # Latency spreads a run over a couple of seconds, so kills land in every phase.
    with serve_in_thread(dataset(council(workers=12, courses=6)), latency_ms=40) as running:
        yield running


def test_sync_killed_at_any_point_then_rerun_ends_with_the_records_of_one_clean_run(
    slow_sim: Simulator, db_url: str, tmp_path: Path
) -> None:
    with fresh_database(db_url, tmp_path, "clean") as clean_url:
        config = write_config(tmp_path / "clean", slow_sim.url, clean_url)
        started = time.monotonic()
        with _sync_process(config, slow_sim.token) as proc:
            out, err = proc.communicate(timeout=120)
        duration = time.monotonic() - started
        assert proc.returncode == 0, err
        reference = canonical_dump(clean_url)
    assert reference["completions"] and reference["cpd_entries"]

    killed_mid_run = 0
    for point in range(KILL_POINTS):
        delay = duration * (point + 0.5) / KILL_POINTS
        with fresh_database(db_url, tmp_path, f"kill{point}") as url:
            workdir = tmp_path / f"kill{point}"
            workdir.mkdir()
            config = write_config(workdir, slow_sim.url, url)
            with _sync_process(config, slow_sim.token) as proc:
                time.sleep(delay)
                proc.kill()
                proc.communicate(timeout=60)
            killed_mid_run += proc.returncode == -9
            try:
                run_sync(settings_for(config, slow_sim.token))
            except StorageError as exc:
                raise AssertionError(f"killed after {delay:.2f} s: {exc}") from exc
            assert canonical_dump(url) == reference, f"killed after {delay:.2f} s"
            assert run_outcomes(url)[-1] in ("ok", "partial")
    assert killed_mid_run >= KILL_POINTS - 2


def test_two_syncs_started_together_never_both_write(
    slow_sim: Simulator, db_url: str, tmp_path: Path
) -> None:
    config = write_config(tmp_path, slow_sim.url, db_url)
    with _sync_process(config, slow_sim.token) as first:
        # The second starts while the first is still reading Moodle.
        time.sleep(0.2)
        with _sync_process(config, slow_sim.token) as second:
            results = [p.communicate(timeout=120) for p in (first, second)]
    codes = sorted([first.returncode, second.returncode])
    assert codes == [0, 1], results
    loser = results[0] if first.returncode == 1 else results[1]
    assert "another sync of" in loser[1] and "since 20" in loser[1]
    assert run_outcomes(db_url) in (["ok"], ["partial"])
