"""The run record: what one sync run did, written as the run goes and read by `cpdsync status`.

One typed model serves the sync's own report (`cpdsync sync --json`), the daemon's log lines and
`cpdsync status`; its JSON writes every time with ``timeutil.iso_utc``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from cpdsync.errors import StorageError
from cpdsync.records.schema import RUN_OUTCOMES, SiteRow, SyncRunRow
from cpdsync.records.site_rows import site_key
from cpdsync.records.write_counts import Counts, EntryCounts, RosterCounts
from cpdsync.timeutil import iso_utc

INTERRUPTED = "interrupted: the process stopped before the run finished"


@dataclass(frozen=True)
class RunWarning:
    """One record a run could not read or write, and where (Moodle function, user, course)."""

    code: str
    message: str
    wsfunction: str | None = None
    userid: int | None = None
    courseid: int | None = None

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RunWarning:
        return cls(
            code=str(data.get("code", "")),
            message=str(data.get("message", "")),
            wsfunction=data.get("wsfunction"),
            userid=data.get("userid"),
            courseid=data.get("courseid"),
        )


@dataclass
class RunCounts:
    """What a run wrote, kind by kind; a kind the run did not write is None (left out of the
    JSON). ``catalogue`` says whether the catalogue was ``refreshed`` from Moodle or ``held``;
    ``roster`` who is on the roster after a refresh that read one. ``notes`` are what a person
    should know that is not a failure (a roster row without a Moodle account, workers left out
    of reports)."""

    catalogue: str | None = None
    catalogue_refreshed_because: str | None = None
    categories: Counts | None = None
    courses: Counts | None = None
    workers: Counts | None = None
    roster: RosterCounts | None = None
    completions: Counts | None = None
    resets: int | None = None
    cpd_entries: EntryCounts | None = None
    notes: list[str] | None = None
    erased: int | None = None  # workers erased by retention.years (None: no retention set)

    def writes(self) -> Iterator[tuple[str, Counts]]:
        """Yield each kind whose write reported counts, in the run's order."""
        for item in fields(self):
            value = getattr(self, item.name)
            if isinstance(value, Counts):
                yield item.name, value

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for item in fields(self):
            value = getattr(self, item.name)
            if value is not None:
                data[item.name] = value.as_json() if isinstance(value, Counts) else value
        if isinstance(self.roster, RosterCounts):
            # The roster is not a write of its own: its "skipped" is always 0.
            data["roster"].pop("skipped", None)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RunCounts:
        """Return the counts a run record stored."""
        counts = cls(
            catalogue=data.get("catalogue"),
            catalogue_refreshed_because=data.get("catalogue_refreshed_because"),
            resets=data.get("resets"),
            notes=[str(note) for note in data["notes"]]
            if isinstance(data.get("notes"), list)
            else None,
            erased=data.get("erased"),
        )
        for name in ("categories", "courses", "workers", "completions"):
            if isinstance(data.get(name), dict):
                setattr(counts, name, Counts.from_json(data[name]))
        if isinstance(data.get("roster"), dict):
            counts.roster = RosterCounts.from_json(data["roster"])
        if isinstance(data.get("cpd_entries"), dict):
            counts.cpd_entries = EntryCounts.from_json(data["cpd_entries"])
        return counts


@dataclass(frozen=True)
class RunRecord:
    """One sync run: ``id`` is None for a dry run (nothing was recorded) and ``finished`` None
    while it runs; ``outcome`` is running, ok, partial (committed, some records unreadable) or
    failed."""

    id: int | None
    site_url: str
    started: datetime
    finished: datetime | None
    outcome: str
    strategy: str
    counts: RunCounts = field(default_factory=RunCounts)
    calls: dict[str, int] = field(default_factory=dict)
    warnings: tuple[RunWarning, ...] = ()
    error: str | None = None

    @property
    def duration_s(self) -> float | None:
        if self.finished is None:
            return None
        return round((self.finished - self.started).total_seconds(), 3)

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "site_url": self.site_url,
            "started": iso_utc(self.started),
            "finished": iso_utc(self.finished) if self.finished else None,
            "outcome": self.outcome,
            "strategy": self.strategy,
            "counts": self.counts.as_json(),
            "calls": dict(self.calls),
            "warnings": [warning.as_json() for warning in self.warnings],
            "error": self.error,
            "duration_s": self.duration_s,
        }


def start_run(session: Session, site: SiteRow | str, *, strategy: str, now: datetime) -> int:
    """Record a run as ``running`` for a site row (or its URL when Moodle was not reached yet);
    return its id.

    Runs of the same site still marked ``running`` are closed as failed (interrupted): the
    caller holds the site's run lock, so no other run of it can be alive.
    """
    site_id = site.id if isinstance(site, SiteRow) else None
    url = site.url if isinstance(site, SiteRow) else site_key(site)
    session.execute(
        update(SyncRunRow)
        .where(SyncRunRow.site_url == url, SyncRunRow.outcome == "running")
        .values(outcome="failed", finished=now, error=INTERRUPTED)
    )
    row = SyncRunRow(
        site_id=site_id,
        site_url=url,
        started=now,
        outcome="running",
        strategy=strategy,
        counts={},
        calls={},
        warnings=[],
    )
    session.add(row)
    session.flush()
    return row.id


def finish_run(session: Session, run_id: int, record: RunRecord) -> None:
    """Close run ``run_id`` with the outcome, counts, calls, warnings, error and finish time of
    ``record``; raise StorageError when the run does not exist, the outcome is not ok, partial
    or failed, or the record has no finish time."""
    if record.outcome not in RUN_OUTCOMES or record.outcome == "running":
        raise StorageError(f"run outcome {record.outcome!r} is not one of ok, partial, failed")
    if record.finished is None:
        raise StorageError(f"sync run {run_id} has no finish time; it cannot be finished")
    row = session.get(SyncRunRow, run_id)
    if row is None:
        raise StorageError(f"sync run {run_id} is not in the database; it cannot be finished")
    row.outcome = record.outcome
    row.counts = record.counts.as_json()
    row.calls = dict(record.calls)
    row.warnings = [warning.as_json() for warning in record.warnings]
    row.error = record.error
    row.finished = record.finished
    session.flush()


def _record(row: SyncRunRow) -> RunRecord:
    return RunRecord(
        id=row.id,
        site_url=row.site_url,
        started=row.started,
        finished=row.finished,
        outcome=row.outcome,
        strategy=row.strategy,
        counts=RunCounts.from_json(dict(row.counts)),
        calls={str(name): int(number) for name, number in row.calls.items()},
        warnings=tuple(RunWarning.from_json(dict(item)) for item in row.warnings),
        error=row.error,
    )


def list_runs(session: Session, site_url: str | None = None, limit: int = 10) -> list[RunRecord]:
    """Return the latest runs, newest first, of one site (by URL) or of all."""
    query = select(SyncRunRow).order_by(SyncRunRow.started.desc(), SyncRunRow.id.desc())
    if site_url is not None:
        query = query.where(SyncRunRow.site_url == site_key(site_url))
    return [_record(row) for row in session.scalars(query.limit(limit))]


# Outcomes of a run that committed what it read.
SUCCESS_OUTCOMES = ("ok", "partial")


def last_success(session: Session, site_url: str | None = None) -> datetime | None:
    """Return when the last successful (ok or partial) run finished, of one site or of any;
    None when none has."""
    query = select(func.max(SyncRunRow.finished)).where(SyncRunRow.outcome.in_(SUCCESS_OUTCOMES))
    if site_url is not None:
        query = query.where(SyncRunRow.site_url == site_key(site_url))
    return session.scalar(query)
