"""A run cut short — Moodle going into maintenance, the database connection dropped — keeps
nothing it read, leaves the cursor where it was, and the next run completes it: nothing lost,
nothing doubled."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from cpdsync.errors import MoodleRetriableError, StorageError
from cpdsync.simulator import serve_in_thread
from tests.faults.helpers import (
    STATUS,
    canonical_dump,
    cursors,
    engine_for,
    session_acting_after,
    settings_for,
    small_council,
    sync,
    write_config,
)

# Whole syncs cut short: `make test` runs them, `make test-fast` leaves them out.
pytestmark = pytest.mark.slow

POSTGRES_URL = os.environ.get("CPDSYNC_TEST_POSTGRES_URL", "")


def clean_dump(tmp_path: Path) -> dict[str, list[tuple[object, ...]]]:
    db_url = f"sqlite:///{tmp_path / 'clean.db'}"
    with serve_in_thread(small_council()) as sim:
        sync(settings_for(write_config(tmp_path / "clean", sim.url, db_url), sim.token))
    return canonical_dump(db_url)


def test_maintenance_opening_mid_sync_fails_the_run_clearly_and_the_next_run_completes_it(
    tmp_path: Path, db_url: str
) -> None:
    expected = clean_dump(tmp_path)
    with serve_in_thread(small_council()) as sim:
        settings = settings_for(write_config(tmp_path / "run", sim.url, db_url), sim.token)
        opens = session_acting_after(STATUS, 5, lambda: sim.set_maintenance(True))
        with pytest.raises(MoodleRetriableError) as caught:
            sync(settings, http_session=opens)
        assert "maintenance" in caught.value.message
        assert caught.value.exit_code == 4
        assert canonical_dump(db_url) == {"completions": [], "cpd_entries": []}
        assert cursors(db_url) == []

        sim.set_maintenance(False)
        assert sync(settings).outcome in ("ok", "partial")
        assert canonical_dump(db_url) == expected
        sync(settings)  # and once more: nothing doubled
        assert canonical_dump(db_url) == expected


@pytest.mark.skipif(
    not POSTGRES_URL, reason="needs PostgreSQL: set CPDSYNC_TEST_POSTGRES_URL (CI sets it)"
)
def test_postgresql_connection_dropped_mid_run_rolls_back_and_the_next_run_completes_it(
    tmp_path: Path, db_url: str
) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("this fault is PostgreSQL's; the SQLite run of this test is the one above")
    expected = clean_dump(tmp_path)
    # A name of our own on the run's connections, so only they are cut (other suites may be
    # using the same server).
    name = f"cpdsync-fault-{uuid.uuid4().hex[:8]}"
    run_url = f"{db_url}&application_name={name}"
    council = small_council()
    grown = council.model_copy(
        update={"completions": council.completions[: len(council.completions) // 2]}
    )
    with serve_in_thread(grown) as sim:
        settings = settings_for(write_config(tmp_path / "run", sim.url, run_url), sim.token)
        sync(settings)  # a first run, so a cursor exists and must stay put
        before, cursor_before = canonical_dump(db_url), cursors(db_url)
        sim.replace_dataset(council)

        def cut() -> None:
            admin = engine_for(db_url)
            with admin.begin() as conn:
                killed = conn.execute(
                    sa.text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE application_name = :name AND state LIKE 'idle in transaction%'"
                    ),
                    {"name": name},
                ).all()
            admin.dispose()
            assert killed, "the run held no open transaction to cut"

        with pytest.raises(StorageError) as caught:
            sync(settings, http_session=session_acting_after(STATUS, 1, cut))
        assert "database" in caught.value.message
        assert canonical_dump(db_url) == before
        assert cursors(db_url) == cursor_before

        assert sync(settings).outcome in ("ok", "partial")
        assert canonical_dump(db_url) == expected
