"""Plain-text summaries of sync runs, for `cpdsync sync`, `cpdsync status` and the daemon log."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, Protocol

# The order kinds are shown in, following the run's own order.
KINDS = ("catalogue", "categories", "courses", "workers", "completions", "resets", "cpd_entries")


def counts_phrase(value: Any) -> str:
    """Return ``2 new, 0 changed, 5 unchanged`` (plus any other non-zero count) for one kind."""
    if not isinstance(value, dict):
        return str(value)
    parts = [f"{value.get(key, 0)} {key}" for key in ("new", "changed", "unchanged")]
    parts += [
        f"{number} {key}"
        for key, number in value.items()
        if key not in ("new", "changed", "unchanged") and isinstance(number, int) and number
    ]
    return ", ".join(parts)


def one_line(outcome: str, counts: dict[str, Any], warnings: list[dict[str, Any]]) -> str:
    """Return a one-line summary: outcome, new/changed per kind, and the warning count."""
    shown = []
    for kind in KINDS:
        value = counts.get(kind)
        if isinstance(value, dict):
            shown.append(f"{kind} +{value.get('new', 0)}/~{value.get('changed', 0)}")
        elif value:
            shown.append(f"{kind} {value}")
    text = f"sync {outcome}: " + (", ".join(shown) or "nothing read")
    if warnings:
        codes = sorted({str(w.get("code")) for w in warnings})
        text += f"; {len(warnings)} warning(s) ({', '.join(codes)})"
    return text


def warning_line(warning: dict[str, Any]) -> str:
    """Return ``code: message (wsfunction, user N, course M)`` for one run warning."""
    where = [str(warning["wsfunction"])] if warning.get("wsfunction") else []
    if warning.get("userid") is not None:
        where.append(f"user {warning['userid']}")
    if warning.get("courseid") is not None:
        where.append(f"course {warning['courseid']}")
    suffix = f" ({', '.join(where)})" if where else ""
    return f"{warning.get('code')}: {warning.get('message')}{suffix}"


class RunView(Protocol):
    """What one sync run did (or, for a dry run, would have done)."""

    @property
    def run_id(self) -> int | None: ...
    @property
    def dry_run(self) -> bool: ...
    @property
    def outcome(self) -> str: ...
    @property
    def site_url(self) -> str: ...
    @property
    def strategy(self) -> str: ...
    @property
    def since(self) -> int | None: ...
    @property
    def started(self) -> datetime: ...
    @property
    def finished(self) -> datetime: ...
    @property
    def counts(self) -> Mapping[str, Any]: ...
    @property
    def calls(self) -> Mapping[str, int]: ...
    @property
    def warnings(self) -> Sequence[dict[str, Any]]: ...


def render_run(report: RunView) -> str:
    """Return a run for people: outcome and site, counts per kind, Moodle calls, warnings."""
    seconds = (report.finished - report.started).total_seconds()
    head = "dry run" if report.dry_run else f"run {report.run_id}"
    read = "full read" if report.since is None else "incremental"
    lines = [
        f"{head}: {report.outcome} — {report.site_url} "
        f"(strategy {report.strategy}, {read}, {seconds:.1f} s)"
    ]
    for kind in KINDS:
        if kind in report.counts:
            lines.append(f"  {kind.replace('_', ' '):<12} {counts_phrase(report.counts[kind])}")
    lines.append(f"  Moodle calls {sum(report.calls.values())}")
    if report.warnings:
        lines.append(f"{len(report.warnings)} warning(s): records that could not be read")
        lines += [f"  {warning_line(w)}" for w in report.warnings]
    if report.dry_run:
        lines.append("Dry run: nothing was written.")
    return "\n".join(lines)
