"""Importing reflections from a CSV file (for L&D): every row checked first, every bad row
reported with its line number, and nothing imported unless every row is good."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from cpdsync.app.worker_values import find_worker
from cpdsync.errors import CpdsyncError, InputFileError, Problem
from cpdsync.records.cpd import ReflectionText, check_owner, get_entry, save_reflection
from cpdsync.records.schema import CpdEntryRow

REQUIRED = ("entry", "worker", "learnt", "impact")
OPTIONAL = ("peer_reflection", "peer_role", "status")
STATUSES = ("submitted", "draft")


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rows: int = 0


@dataclass(frozen=True)
class _Row:
    line: int
    entry: CpdEntryRow
    text: ReflectionText


def _read(path: Path) -> str:
    try:
        # utf-8-sig: spreadsheets save CSV with a byte-order mark.
        return path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputFileError([Problem(str(path), None, f"cannot read: {exc.strerror}")]) from exc
    except UnicodeDecodeError as exc:
        raise InputFileError(
            [Problem(str(path), None, "not UTF-8 text; save the file as CSV UTF-8")]
        ) from exc


def _header_problems(where: str, header: list[str]) -> list[Problem]:
    problems = []
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        problems.append(Problem(where, 1, f"missing column(s): {', '.join(missing)}"))
    unknown = [name for name in header if name not in REQUIRED + OPTIONAL]
    if unknown:
        known = ", ".join(REQUIRED + OPTIONAL)
        problems.append(Problem(where, 1, f"unknown column(s): {', '.join(unknown)} ({known})"))
    return problems


def _check_row(
    session: Session, where: str, line: int, cells: dict[str, str], problems: list[Problem]
) -> _Row | None:
    found: list[str] = []
    raw_entry = cells.get("entry", "").strip()
    entry = None
    if not raw_entry.isdigit():
        found.append(f"entry {raw_entry!r} is not a CPD entry number")
    else:
        try:
            entry = get_entry(session, int(raw_entry))
            check_owner(entry, find_worker(session, cells.get("worker", "")))
        except CpdsyncError as exc:
            found.append(exc.message)
    status = (cells.get("status") or "submitted").strip().lower()
    if status not in STATUSES:
        found.append(f"status {status!r} is not submitted or draft")
    text = ReflectionText(
        learnt=cells.get("learnt", ""),
        impact=cells.get("impact", ""),
        peer_reflection=cells.get("peer_reflection") or None,
        peer_role=cells.get("peer_role") or None,
        draft=status == "draft",
    )
    found += text.problems()
    problems.extend(Problem(where, line, message) for message in found)
    return _Row(line, entry, text) if entry is not None and not found else None


def import_reflections(session: Session, path: Path, *, actor: str, now: datetime) -> ImportResult:
    """Save the reflection of every row of the CSV file at ``path``; return what changed.

    Raise InputFileError listing every bad row (``file:line: message``) and save nothing when
    any row is bad: columns, an unknown worker or entry, another worker's entry, an empty text,
    a peer reflection without the peer's role, or the same entry twice.
    """
    where = str(path)
    reader = csv.reader(io.StringIO(_read(path), newline=""))
    header = [name.strip().lower() for name in next(reader, [])]
    if not header:
        raise InputFileError([Problem(where, 1, "the file is empty; it needs a header row")])
    problems = _header_problems(where, header)
    if problems:
        raise InputFileError(problems, summary=f"{where}: nothing was imported")
    rows: list[_Row] = []
    first_line: dict[int, int] = {}
    line = reader.line_num
    for record in reader:
        start, line = line + 1, reader.line_num  # a quoted cell may span lines
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(header):
            problems.append(
                Problem(where, start, f"{len(record)} cells, the header has {len(header)}")
            )
            continue
        checked = _check_row(
            session, where, start, dict(zip(header, record, strict=True)), problems
        )
        if checked is None:
            continue
        if checked.entry.id in first_line:
            problems.append(
                Problem(
                    where,
                    start,
                    f"entry {checked.entry.id} is already on line {first_line[checked.entry.id]}",
                )
            )
            continue
        first_line[checked.entry.id] = start
        rows.append(checked)
    if problems:
        raise InputFileError(problems, summary=f"{where}: nothing was imported")
    result = ImportResult(rows=len(rows))
    for row in rows:
        action = save_reflection(session, row.entry, row.text, actor=actor, now=now)
        setattr(result, action, getattr(result, action) + 1)
    return result
