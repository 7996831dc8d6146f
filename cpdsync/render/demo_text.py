"""What `cpdsync demo` prints: the sync, the sample reflections, the team and one worker."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Protocol

from cpdsync.readiness.report_model import ReadinessReport
from cpdsync.render.run_summary import SyncView, render_run
from cpdsync.render.text import render_team, render_worker

CLOSING = (
    "Try the same against your Moodle: `cpdsync init`, then `cpdsync check` and `cpdsync sync`."
)


class DemoView(Protocol):
    @property
    def as_of(self) -> date: ...
    @property
    def sync(self) -> SyncView: ...
    @property
    def reflections_written(self) -> int: ...
    @property
    def team(self) -> ReadinessReport: ...
    @property
    def shown(self) -> str | None: ...
    @property
    def detail(self) -> ReadinessReport | None: ...


def render_demo(result: DemoView, *, html_dir: Path | None = None) -> str:
    """Return the demo's story in sections; ``html_dir`` is where its pages were written."""
    parts = [
        "== Sync: the sample council's Moodle (simulated) into SQLite ==",
        render_run(result.sync),
        "",
        f"== Half the workers write {result.reflections_written} reflections, as with "
        "`cpdsync cpd reflect` ==",
        "",
        f"== Readiness of every worker on {result.as_of.isoformat()} ==",
        render_team(result.team),
    ]
    if result.detail is None:
        return "\n".join(parts) + "\n"
    parts += [
        "",
        f"== One worker's detail: {result.shown} ==",
        render_worker(result.detail, result.detail.workers[0]),
    ]
    if html_dir is not None:
        parts.append(f"HTML pages written to {html_dir}/team.html and worker.html")
    parts += ["", CLOSING]
    return "\n".join(parts) + "\n"
