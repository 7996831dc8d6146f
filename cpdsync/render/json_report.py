"""The readiness report as JSON: the contract of DESIGN §4.3 (docs/readiness.schema.json)."""

from __future__ import annotations

from cpdsync.readiness.report_model import ReadinessReport


def render_json(report: ReadinessReport) -> str:
    """Return the report as indented JSON, exactly the fields of DESIGN §4.3."""
    return report.model_dump_json(indent=2) + "\n"
