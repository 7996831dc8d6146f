"""Plain-text summaries of sync runs, for `cpdsync sync`, `cpdsync status` and the daemon log.

The run record is described here by what these summaries read of it (protocols), so render
lays out a run without depending on where it is stored.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Protocol

# The order kinds are shown in, following the run's own order.
KINDS = (
    "catalogue",
    "categories",
    "courses",
    "workers",
    "roster",
    "completions",
    "resets",
    "cpd_entries",
    "erased",
)


class CountsView(Protocol):
    """How many records one write added, changed or kept (and any other count it keeps)."""

    @property
    def new(self) -> int: ...
    @property
    def changed(self) -> int: ...
    def as_json(self) -> Mapping[str, int]: ...


class WarningView(Protocol):
    """One record a run could not read or write."""

    @property
    def code(self) -> str: ...
    @property
    def message(self) -> str: ...
    @property
    def wsfunction(self) -> str | None: ...
    @property
    def userid(self) -> int | None: ...
    @property
    def courseid(self) -> int | None: ...


class RunCountsView(Protocol):
    """What a run wrote, kind by kind (the kinds of ``KINDS``); None when not written."""

    @property
    def catalogue(self) -> str | None: ...
    @property
    def categories(self) -> CountsView | None: ...
    @property
    def courses(self) -> CountsView | None: ...
    @property
    def workers(self) -> CountsView | None: ...
    @property
    def roster(self) -> CountsView | None: ...
    @property
    def completions(self) -> CountsView | None: ...
    @property
    def resets(self) -> int | None: ...
    @property
    def cpd_entries(self) -> CountsView | None: ...
    @property
    def notes(self) -> Sequence[str] | None: ...
    @property
    def erased(self) -> int | None: ...


class RunView(Protocol):
    """What a summary line shows of a run: its outcome, counts by kind, and warnings."""

    @property
    def outcome(self) -> str: ...
    @property
    def counts(self) -> RunCountsView: ...
    @property
    def warnings(self) -> Sequence[WarningView]: ...


def shown_counts(counts: RunCountsView) -> list[tuple[str, CountsView | int | str]]:
    """Return the kinds a run counted, in ``KINDS`` order, with their counts."""
    found = ((kind, getattr(counts, kind)) for kind in KINDS)
    return [(kind, value) for kind, value in found if value is not None]


def counts_phrase(value: CountsView | int | str) -> str:
    """Return ``7 read: 2 new, 0 changed, 5 unchanged`` (plus any other non-zero count) for one
    kind; ``N read:`` only when the run read that kind from Moodle."""
    if isinstance(value, int | str):
        return str(value)
    numbers = value.as_json()
    parts = [f"{numbers[key]} {key}" for key in ("new", "changed", "unchanged")]
    parts += [
        f"{number} {key.replace('_', ' ')}"
        for key, number in numbers.items()
        if key not in ("read", "new", "changed", "unchanged") and number
    ]
    head = f"{numbers['read']} read: " if "read" in numbers else ""
    return head + ", ".join(parts)


def one_line(run: RunView) -> str:
    """Return a one-line summary: outcome, new/changed per kind, and the warning count."""
    shown = []
    for kind, value in shown_counts(run.counts):
        if not isinstance(value, int | str):
            shown.append(f"{kind} +{value.new}/~{value.changed}")
        elif value:
            shown.append(f"{kind} {value}")
    text = f"sync {run.outcome}: " + (", ".join(shown) or "nothing read")
    if run.warnings:
        codes = sorted({w.code for w in run.warnings})
        text += f"; {len(run.warnings)} warning(s) ({', '.join(codes)})"
    return text


def warning_line(warning: WarningView) -> str:
    """Return ``code: message (wsfunction, user N, course M)`` for one run warning."""
    where = [warning.wsfunction] if warning.wsfunction else []
    if warning.userid is not None:
        where.append(f"user {warning.userid}")
    if warning.courseid is not None:
        where.append(f"course {warning.courseid}")
    suffix = f" ({', '.join(where)})" if where else ""
    return f"{warning.code}: {warning.message}{suffix}"


class RunRecordView(RunView, Protocol):
    """One run as `cpdsync sync` shows it: also where, how, when, and the Moodle calls."""

    @property
    def id(self) -> int | None: ...
    @property
    def site_url(self) -> str: ...
    @property
    def strategy(self) -> str: ...
    @property
    def started(self) -> datetime: ...
    @property
    def finished(self) -> datetime | None: ...
    @property
    def calls(self) -> Mapping[str, int]: ...


class SyncView(Protocol):
    """What one sync did (or, for a dry run, would have done), and how it was asked to run."""

    @property
    def record(self) -> RunRecordView: ...
    @property
    def dry_run(self) -> bool: ...
    @property
    def since(self) -> int | None: ...


def render_run(result: SyncView) -> str:
    """Return a run for people: outcome and site, counts per kind, Moodle calls, warnings."""
    run = result.record
    seconds = (run.finished - run.started).total_seconds() if run.finished else 0.0
    head = "dry run" if result.dry_run else f"run {run.id}"
    read = "full read" if result.since is None else "incremental"
    lines = [
        f"{head}: {run.outcome} — {run.site_url} (strategy {run.strategy}, {read}, {seconds:.1f} s)"
    ]
    for kind, value in shown_counts(run.counts):
        lines.append(f"  {kind.replace('_', ' '):<12} {counts_phrase(value)}")
    lines.append(f"  Moodle calls {sum(run.calls.values())}")
    lines += [f"Note: {note}" for note in run.counts.notes or ()]
    if run.warnings:
        lines.append(f"{len(run.warnings)} warning(s): records that could not be read")
        lines += [f"  {warning_line(w)}" for w in run.warnings]
    if result.dry_run:
        lines.append("Dry run: nothing was written.")
    return "\n".join(lines)
