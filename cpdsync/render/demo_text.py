"""What `cpdsync demo` prints: the sync, the sample input, the team, one worker, and (on the
demo's fixed date) the same council before the renewal window and after the deadline."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Protocol

from cpdsync.readiness.report_model import ReadinessReport
from cpdsync.render.run_summary import SyncView, render_run
from cpdsync.render.text import render_team, render_worker
from cpdsync.render.wording import missed_banner, status_summary
from cpdsync.timeutil import uk_day

CLOSING = (
    "Try the same against your Moodle: `cpdsync init`, then `cpdsync check` and `cpdsync sync`."
)


class InputCounts(Protocol):
    @property
    def reflections(self) -> int: ...
    @property
    def declarations(self) -> int: ...
    @property
    def renewals(self) -> int: ...


class DemoView(Protocol):
    @property
    def as_of(self) -> date: ...
    @property
    def fixed_date(self) -> bool: ...
    @property
    def sync(self) -> SyncView: ...
    @property
    def written(self) -> InputCounts: ...
    @property
    def team(self) -> ReadinessReport: ...
    @property
    def shown(self) -> str | None: ...
    @property
    def detail(self) -> ReadinessReport | None: ...
    @property
    def before_window(self) -> ReadinessReport | None: ...
    @property
    def after_deadline(self) -> ReadinessReport | None: ...


def _when(result: DemoView) -> str:
    day = uk_day(result.as_of)
    if result.fixed_date:
        return (
            f"As on {day}, a date in the renewal window, so the demo looks the same any day "
            "(choose another date with --as-of)."
        )
    return f"As on {day} (--as-of)."


def _other_dates(result: DemoView) -> list[str]:
    parts: list[str] = []
    before = result.before_window
    if before is not None:
        parts += [
            "",
            f"== The same council on {uk_day(before.as_of)}, before the renewal window opens ==",
            f"{status_summary(before.workers)}: a worker with a gap is 'in progress' until "
            "91 days remain (the renewal window), then 'at risk'.",
        ]
    after = result.after_deadline
    if after is not None:
        missed = [w.worker.name for w in after.workers if w.status == "missed"]
        parts += [
            "",
            f"== The day after the deadline, {uk_day(after.as_of)}, if nothing changes ==",
            missed_banner(after) or "Nobody missed the deadline.",
            *(f"  - {name}" for name in missed),
            f"{status_summary(after.workers)}. See it all with "
            f"`cpdsync demo --as-of {after.as_of.isoformat()}`.",
        ]
    return parts


def render_demo(result: DemoView, *, html_dir: Path | None = None) -> str:
    """Return the demo's story in sections; ``html_dir`` is where its pages were written."""
    written = result.written
    parts = [
        "== Sync: the sample council's Moodle (simulated) into SQLite ==",
        render_run(result.sync),
        "",
        f"== The workers write {written.reflections} reflections, declare "
        f"{written.declarations} pieces recorded on their SWE account and "
        f"{written.renewals} renewals submitted, as with `cpdsync cpd reflect` and "
        "`cpdsync cpd renewal` ==",
        "",
        f"== Readiness of every worker on {result.as_of.isoformat()} ==",
        _when(result),
        render_team(result.team),
    ]
    if result.detail is not None:
        parts += [
            "",
            f"== One worker's detail: {result.shown} ==",
            render_worker(result.detail, result.detail.workers[0]),
        ]
    parts += _other_dates(result)
    if html_dir is not None and result.detail is not None:
        parts.append(f"HTML pages written to {html_dir}/team.html and worker.html")
    parts += ["", CLOSING]
    return "\n".join(parts) + "\n"
