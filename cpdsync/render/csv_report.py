"""The readiness report as CSV, one row per worker, safe to open in a spreadsheet.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would be run as a
formula by Excel or LibreOffice; such text cells get a leading apostrophe so they show as text.
Names, emails and course titles come from Moodle, where anyone with a profile can type them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from cpdsync.readiness.report_model import ReadinessReport

FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")

COLUMNS = (
    "email",
    "name",
    "idnumber",
    "swe_number",
    "role",
    "team",
    "status",
    "previous_year",
    "previous_outcome",
    "days_to_deadline",
    "activities",
    "reflected",
    "peer_reflected",
    "required",
    "peer_required",
    "gap_codes",
    "first_gap",
    "suggested_courses",
)

Cell = str | int | float | None


def safe_cell(value: Cell) -> str | int | float:
    """Return ``value`` ready for a spreadsheet: text that could be a formula is neutralised."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_LEADS):
        return "'" + value
    return value


def write_rows(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> str:
    """Return CSV text (RFC 4180 quoting, CRLF line ends) with every cell made safe."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return out.getvalue()


def render_csv(report: ReadinessReport) -> str:
    """Return one CSV row per worker: identity, status, CPD counts and the gaps in brief."""
    rows = []
    for w in report.workers:
        first = w.gaps[0] if w.gaps else None
        rows.append(
            (
                w.worker.email,
                w.worker.name,
                w.worker.idnumber,
                w.worker.swe_number,
                w.worker.role,
                w.detail.team,
                w.status,
                w.previous_year.label if w.previous_year else None,
                w.previous_year.outcome if w.previous_year else None,
                report.days_to_deadline,
                w.cpd.activities,
                w.cpd.reflected,
                w.cpd.peer_reflected,
                w.cpd.required,
                w.cpd.peer_required,
                " ".join(g.code for g in w.gaps),
                first.message if first else "",
                "; ".join(c.name for c in first.suggested_courses) if first else "",
            )
        )
    return write_rows(COLUMNS, rows)
