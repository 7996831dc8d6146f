"""Sync state: the completions cursor and the arithmetic around it (STYLE 13).

The cursor is the Unix time at which a run that committed began: every completion Moodle had
written before that moment was read. It only moves forward, never past the run's start, and it
is written in the same transaction as the rows it covers, so a run that dies leaves it where it
was. Each run re-reads ``lookback`` behind it, because Moodle's cron writes completion times
late (a completion dated 09:00 may appear at 09:40, after a run at 09:30 moved the cursor).
"""

from __future__ import annotations

from datetime import datetime, timedelta

COMPLETIONS_CURSOR = "completions"


def cursor_value(run_started: datetime) -> str:
    """Return the cursor a run that started at ``run_started`` may commit (whole seconds, down)."""
    return str(int(run_started.timestamp()))


def read_since(cursor: str | None, lookback: timedelta, *, full: bool) -> int | None:
    """Return the Unix time to read completions from (cursor less lookback), or None for a full
    read: when ``full`` is asked for or no run has committed a cursor yet."""
    if full or cursor is None:
        return None
    return max(0, int(cursor) - int(lookback.total_seconds()))
