"""What `cpdsync status` and `cpdsync completions` show: runs, health, records held."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, Protocol

from cpdsync.render.check_line import HealthView, render_check_line
from cpdsync.render.run_summary import RunCountsView, counts_phrase, shown_counts


class HeldRunView(Protocol):
    """One recorded sync run."""

    @property
    def id(self) -> int | None: ...
    @property
    def started(self) -> datetime: ...
    @property
    def finished(self) -> datetime | None: ...
    @property
    def outcome(self) -> str: ...
    @property
    def counts(self) -> RunCountsView: ...
    @property
    def warnings(self) -> Sequence[Any]: ...
    @property
    def error(self) -> str | None: ...


class UnconfirmedView(Protocol):
    """A reminder whose delivery Moodle never confirmed."""

    @property
    def email(self) -> str: ...
    @property
    def registration_year(self) -> str: ...
    @property
    def threshold(self) -> str: ...
    @property
    def sent_at(self) -> datetime: ...


class StatusView(Protocol):
    @property
    def site_url(self) -> str | None: ...
    @property
    def health(self) -> HealthView: ...
    @property
    def warnings(self) -> Sequence[str]: ...
    @property
    def next_due(self) -> datetime | None: ...
    @property
    def interval_s(self) -> int: ...
    @property
    def records(self) -> Mapping[str, int]: ...
    @property
    def reminders_unconfirmed(self) -> Sequence[UnconfirmedView]: ...
    @property
    def runs(self) -> Sequence[HeldRunView]: ...


class CompletionView(Protocol):
    """One held completion."""

    @property
    def completed_at(self) -> str: ...
    @property
    def worker_moodle_id(self) -> int: ...
    @property
    def worker_email(self) -> str: ...
    @property
    def course_id(self) -> int: ...
    @property
    def course_shortname(self) -> str: ...
    @property
    def date_source(self) -> str: ...
    @property
    def first_seen(self) -> str: ...
    @property
    def reset_observed_at(self) -> str | None: ...


def render_status(report: StatusView) -> str:
    """Return first the line a monitor reads (render_check_line), then the site, when the next
    run is due, records held, reminders of unknown delivery, and the last runs newest first."""
    lines = [render_check_line(report.health)]
    lines.append(f"site: {report.site_url or 'none held yet'}")
    if len(report.health.alerts) > 1:
        lines.append("problems:")
        lines += [f"  {alert.state}: {alert.text}" for alert in report.health.alerts]
    lines += [f"warning: {warning}" for warning in report.warnings]
    due = report.next_due.isoformat(timespec="seconds") if report.next_due else "now"
    lines.append(f"next run due: {due} (every {report.interval_s} s)")
    lines.append("records held: " + ", ".join(f"{k} {v}" for k, v in report.records.items()))
    if report.reminders_unconfirmed:
        lines.append(
            f"reminders with delivery unknown (cpdsync stopped while sending; not sent again): "
            f"{len(report.reminders_unconfirmed)}"
        )
        lines += [
            f"  {u.email} [{u.registration_year} {u.threshold}]"
            for u in report.reminders_unconfirmed
        ]
    lines.append("last runs:")
    if not report.runs:
        lines.append("  none")
    for run in report.runs:
        lines += _run_lines(run)
    return "\n".join(lines)


def _run_lines(run: HeldRunView) -> list[str]:
    took = f"{(run.finished - run.started).total_seconds():.1f} s" if run.finished else "running"
    counts = "; ".join(f"{kind} {counts_phrase(value)}" for kind, value in shown_counts(run.counts))
    lines = [
        f"  #{run.id} {run.started.isoformat(timespec='seconds')} {run.outcome:<7} {took}"
        + (f" — {counts}" if counts else "")
        + (f" — {len(run.warnings)} warning(s)" if run.warnings else "")
    ]
    if run.error:
        lines.append(f"      error: {run.error}")
    return lines


def render_completions(records: Sequence[CompletionView], worker: str | None) -> str:
    """Return one line per held completion, or say none is held (for ``worker`` when given)."""
    if not records:
        return "no completions held" + (f" for {worker}" if worker else "")
    return "\n".join(_completion_line(record) for record in records)


def _completion_line(record: CompletionView) -> str:
    reset = f"  RESET observed {record.reset_observed_at}" if record.reset_observed_at else ""
    return (
        f"{record.completed_at}  user {record.worker_moodle_id} <{record.worker_email}>  "
        f"course {record.course_id} {record.course_shortname}  "
        f"[{record.date_source}, first seen {record.first_seen}]{reset}"
    )
