"""Reports as JSON: the readiness contract, schema 2 (docs/readiness.md,
docs/readiness.schema.json, generated from the report's models by ``readiness_schema``), and
any other command's document."""

from __future__ import annotations

import json
from typing import Any

from cpdsync.readiness.report_model import ReadinessReport

SCHEMA_ID = "https://cpdsync.example/docs/readiness.schema.json"
DATE_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


def render_json(report: ReadinessReport) -> str:
    """Return the report as indented JSON, exactly the fields of docs/readiness.schema.json."""
    return report.model_dump_json(indent=2, by_alias=True) + "\n"


def json_document(data: object) -> str:
    """Return a command's JSON document, indented; a value JSON has no type for (a date, a
    path) is written as its text."""
    return json.dumps(data, indent=2, default=str)


def readiness_schema() -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of `cpdsync readiness --json`, generated from
    the report's pydantic models: docs/readiness.schema.json is this, written by `make docs`."""
    schema = _tidy(ReadinessReport.model_json_schema(mode="serialization", by_alias=True))
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
        "title": "cpdsync readiness report",
    }


def _tidy(node: Any) -> Any:
    """Dates get a pattern (validators need not check ``format``); descriptions taken from
    docstrings lose their line breaks."""
    if isinstance(node, list):
        return [_tidy(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _tidy(value) for key, value in node.items()}
    if out.get("format") == "date":
        out["pattern"] = DATE_PATTERN
    if isinstance(out.get("description"), str):
        out["description"] = " ".join(out["description"].split())
    return out


def readiness_schema_text() -> str:
    """Return the schema as the text of docs/readiness.schema.json."""
    return json.dumps(readiness_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":  # `make docs`: python -m cpdsync.render.json_report
    print(readiness_schema_text(), end="")
