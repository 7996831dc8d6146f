"""Reads for `cpdsync status` and `cpdsync completions`."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from cpdsync.records.counts import CompletionRecord, RunRecord
from cpdsync.records.models import WorkerRow


def list_runs(session: Session, site_url: str | None = None, limit: int = 10) -> list[RunRecord]:
    """Return the latest runs, newest first, of one site or all."""
    raise NotImplementedError


def records_held(session: Session) -> dict[str, int]:
    """Return how many rows each kind of record holds (sites, workers, completions …)."""
    raise NotImplementedError


def list_completions(
    session: Session, worker: WorkerRow | None = None, since: datetime | None = None
) -> list[CompletionRecord]:
    """Return the completions held (one worker's, completed since ``since``), oldest first."""
    raise NotImplementedError
