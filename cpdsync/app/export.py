"""`cpdsync export`: one worker's CPD for the year, with the fields of SWE's online form."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cpdsync.app.report import load_report
from cpdsync.app.rules import packaged_rules
from cpdsync.config import Settings
from cpdsync.errors import NotFoundError
from cpdsync.readiness.report_model import ReadinessReport, WorkerReadiness
from cpdsync.readiness.swe_rules import CpdForm


@dataclass(frozen=True)
class WorkerExport:
    report: ReadinessReport
    worker: WorkerReadiness
    form: CpdForm  # the fields of SWE's CPD record form, in the form's order


def worker_export(
    settings: Settings, worker: str, *, as_of: date, site: str | None = None
) -> WorkerExport:
    """Return the readiness of ``worker`` (of ``site``, default as every report:
    app/site_scope.py) in the registration year holding ``as_of`` and the form to lay their
    CPD out in; raise NotFoundError when no worker matches."""
    report = load_report(settings, workers=[worker], team=None, as_of=as_of, site=site)
    if not report.workers:
        raise NotFoundError(f"no worker matches {worker!r}")
    return WorkerExport(report, report.workers[0], packaged_rules().cpd_form)
