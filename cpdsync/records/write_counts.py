"""What each write reports back to the sync run: plain counts, JSON-ready."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any


@dataclass
class Counts:
    """How many records a write added, changed or found unchanged; ``skipped`` were not written.

    ``warnings`` name each record that was skipped and why, for the run record.
    """

    new: int = 0
    changed: int = 0
    unchanged: int = 0
    skipped: int = 0
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class DeriveCounts(Counts):
    """Counts of ``derive_cpd_entries``; ``unmapped`` completions no rule maps."""

    unmapped: int = 0
    retired: int = 0


@dataclass(frozen=True)
class RunRecord:
    """One sync run as `cpdsync status` shows it."""

    id: int
    site_url: str
    started: datetime
    finished: datetime | None
    outcome: str
    strategy: str
    counts: dict[str, Any]
    calls: dict[str, Any]
    warnings: list[Any]
    error: str | None

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["started"] = self.started.isoformat()
        data["finished"] = self.finished.isoformat() if self.finished else None
        data["duration_s"] = (
            (self.finished - self.started).total_seconds() if self.finished else None
        )
        return data


@dataclass(frozen=True)
class CompletionRecord:
    """One held completion as `cpdsync completions` shows it (DESIGN §4.2)."""

    site_url: str
    worker_moodle_id: int
    worker_email: str
    course_id: int
    course_shortname: str
    timecompleted: int
    completed_at: str  # ISO 8601, UTC
    date_source: str
    first_seen: str
    last_seen: str
    reset_observed_at: str | None

    def as_json(self) -> dict[str, Any]:
        return asdict(self)
