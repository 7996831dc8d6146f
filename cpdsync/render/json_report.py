"""Reports as JSON: the readiness contract, version 2 (docs/readiness.md,
docs/readiness.schema.json), and any other command's document."""

from __future__ import annotations

import json

from cpdsync.readiness.report_model import ReadinessReport


def render_json(report: ReadinessReport) -> str:
    """Return the report as indented JSON, exactly the fields of docs/readiness.schema.json."""
    return report.model_dump_json(indent=2) + "\n"


def json_document(data: object) -> str:
    """Return a command's JSON document, indented; a value JSON has no type for (a date, a
    path) is written as its text."""
    return json.dumps(data, indent=2, default=str)
