"""What a sync does with changes in Moodle between runs, and with a token revoked mid-run."""

from __future__ import annotations

import copy
import threading
from typing import Any

import pytest

from cpdsync.app.sync import run_sync
from cpdsync.config import Settings
from cpdsync.errors import MoodleFatalError
from cpdsync.simulator import Simulator
from tests.app.conftest import (
    DAY,
    canonical_dump,
    completions_cursor,
    dataset,
    run_outcomes,
)


def test_completion_removed_from_moodle_is_kept_and_marked_reset(
    settings: Settings, sim: Simulator, council_data: dict[str, Any], db_url: str
) -> None:
    run_sync(settings)
    held_before = len(canonical_dump(db_url)["completions"])
    changed = copy.deepcopy(council_data)
    gone = next(c for c in changed["completions"] if c["courseid"] != 101)
    changed["completions"].remove(gone)
    sim.replace_dataset(dataset(changed))
    report = run_sync(settings)
    assert report.record.counts.resets == 1
    held = canonical_dump(db_url)["completions"]
    assert len(held) == held_before
    reset = [row for row in held if row[4]]
    assert [(row[0], row[1], row[2]) for row in reset] == [
        (gone["userid"], gone["courseid"], gone["timecompleted"])
    ]
    # Marked once: a third run finds nothing more to reset.
    assert run_sync(settings).record.counts.resets == 0


def test_completion_dated_inside_the_lookback_window_behind_the_cursor_is_picked_up(
    settings: Settings, sim: Simulator, council_data: dict[str, Any], db_url: str
) -> None:
    run_sync(settings)
    cursor = completions_cursor(db_url)
    assert cursor is not None
    # Moodle's cron writes a completion late: dated an hour before the cursor.
    late = {"userid": 11, "courseid": 102, "timecompleted": int(cursor) - 3600}
    changed = copy.deepcopy(council_data)
    changed["completions"].append(late)
    sim.replace_dataset(dataset(changed))
    report = run_sync(settings)
    assert report.since == int(cursor) - 7 * DAY
    assert report.record.counts.completions.new == 1
    assert (11, 102) in {(row[0], row[1]) for row in canonical_dump(db_url)["completions"]}
    cursor_after = completions_cursor(db_url)
    assert cursor_after is not None and int(cursor_after) >= int(cursor)


def test_full_sync_ignores_the_cursor(settings: Settings) -> None:
    run_sync(settings)
    assert run_sync(settings, full=True).since is None


@pytest.mark.parametrize("revoked_at_call", [1, 3, 6])  # site info, course list, a batched read
def test_token_revoked_mid_run_writes_nothing_and_leaves_the_cursor(
    settings: Settings,
    sim: Simulator,
    council_data: dict[str, Any],
    db_url: str,
    revoked_at_call: int,
) -> None:
    run_sync(settings)
    cursor, held = completions_cursor(db_url), canonical_dump(db_url)
    changed = copy.deepcopy(council_data)
    changed["completions"].append({"userid": 11, "courseid": 102, "timecompleted": 1764000000})
    sim.replace_dataset(dataset(changed))
    # The admin revokes the token while Moodle holds the run's call: that call and every
    # later one are refused, wherever the run is in wall-clock time.
    hold = sim.hold_call(revoked_at_call)

    def revoke() -> None:
        if hold.wait(60):
            sim.token = "revoked-by-admin"
        hold.release()

    revoker = threading.Thread(target=revoke)
    revoker.start()
    try:
        with pytest.raises(MoodleFatalError) as caught:
            # --full: the catalogue is read too, so the run has calls to cut.
            run_sync(settings, full=True)
    finally:
        hold.release()
        revoker.join()
    assert hold.arrived
    assert caught.value.exit_code == 3
    assert completions_cursor(db_url) == cursor
    assert canonical_dump(db_url) == held
    assert run_outcomes(db_url) == ["ok", "failed"]
