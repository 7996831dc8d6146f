"""The daemon re-reads the mapping files before each run; a broken file never stops it."""

from __future__ import annotations

import logging
import random
import threading
from pathlib import Path

import pytest

from cpdsync.app.daemon import serve
from cpdsync.simulator import serve_in_thread
from tests.faults.helpers import (
    canonical_dump,
    session_acting_after,
    settings_for,
    small_council,
    sync,
    write_config,
)

# The daemon through two whole syncs: `make test` runs it, `make test-fast` leaves it out.
pytestmark = pytest.mark.slow

BROKEN = "version: 1\nrules:\n  - match: {idnumber: 'SG-*'}\n    capabilities: [NOT-A-CAPABILITY]\n"


def test_daemon_given_an_invalid_mapping_file_on_reload_keeps_the_last_valid_mappings_and_says_so(
    tmp_path: Path, db_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    reference_url = f"sqlite:///{tmp_path / 'reference.db'}"
    with serve_in_thread(small_council()) as sim:
        sync(settings_for(write_config(tmp_path / "ref", sim.url, reference_url), sim.token))
        config = write_config(tmp_path / "daemon", sim.url, db_url)
        mapping_file = tmp_path / "daemon" / "mappings" / "council.yaml"

        def break_mappings() -> None:
            mapping_file.write_text(BROKEN, encoding="utf-8")

        # The file breaks during the first run, so the second run's reload meets it.
        session = session_acting_after("core_webservice_get_site_info", 1, break_mappings)
        caplog.set_level(logging.INFO, logger="cpdsync")
        state = serve(
            settings_for(config, sim.token),
            stop=threading.Event(),
            max_runs=2,
            http_session=session,
            rng=random.Random(1),  # noqa: S311 - jitter between runs, not security
        )
    assert mapping_file.read_text(encoding="utf-8") == BROKEN
    assert state.runs == 2
    assert state.failures == 0
    said = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert any("keeps the last valid mappings" in text for text in said), said
    assert any("council.yaml" in text and "NOT-A-CAPABILITY" in text for text in said), said
    assert canonical_dump(db_url) == canonical_dump(reference_url)
