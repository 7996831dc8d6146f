"""A Moodle that fails one call in ten still ends in exactly the records of a clean run."""

from __future__ import annotations

from pathlib import Path

import pytest

from cpdsync.simulator import serve_in_thread
from tests.faults.helpers import canonical_dump, settings_for, small_council, sync, write_config

# Whole syncs through injected faults: `make test` runs them, `make test-fast` leaves them out.
pytestmark = pytest.mark.slow

FAULT_RATE = 0.10


def clean_dump(tmp_path: Path, strategy: str) -> dict[str, list[tuple[object, ...]]]:
    db_url = f"sqlite:///{tmp_path / 'clean.db'}"
    with serve_in_thread(small_council()) as sim:
        config = write_config(tmp_path / "clean", sim.url, db_url, strategy=strategy)
        report = sync(settings_for(config, sim.token))
    assert report.outcome in ("ok", "partial")
    return canonical_dump(db_url)


def flaky_sync_dump(
    tmp_path: Path, strategy: str, seed: int
) -> tuple[dict[str, list[tuple[object, ...]]], dict[str, int]]:
    db_url = f"sqlite:///{tmp_path / 'flaky.db'}"
    # Slow replies come well after the client's timeout (1 s; Moodle's default is 35 s). The
    # timeout is long beside a loopback reply, even on a loaded machine, and any reply that
    # still outlasts it is retried like a slow one.
    with serve_in_thread(small_council(), fault_rate=FAULT_RATE, seed=seed, slow_s=5.0) as sim:
        config = write_config(tmp_path / "flaky", sim.url, db_url, strategy=strategy, timeout_s=1.0)
        report = sync(settings_for(config, sim.token))
        faults = sim.report()["faults"]
    assert report.outcome in ("ok", "partial"), report.error
    return canonical_dump(db_url), faults


def test_full_sync_through_ten_percent_faults_ends_with_the_records_of_a_clean_run(
    tmp_path: Path,
) -> None:
    expected = clean_dump(tmp_path, "standard")
    got, faults = flaky_sync_dump(tmp_path, "standard", seed=3)
    # The seed gives every kind of fault at least once; the test proves nothing otherwise.
    assert {"503", "slow", "truncated", "html"} <= set(faults), faults
    assert expected["completions"], "the clean run found no completions to compare"
    assert got == expected


def test_batched_sync_through_ten_percent_faults_ends_with_the_records_of_a_clean_run(
    tmp_path: Path,
) -> None:
    expected = clean_dump(tmp_path, "batched")
    got, faults = flaky_sync_dump(tmp_path, "batched", seed=2)
    assert sum(faults.values()) > 0, faults
    assert got == expected
