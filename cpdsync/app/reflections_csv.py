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
from cpdsync.records.declarations import EntryDeclaration, declare_entry
from cpdsync.records.schema import CpdEntryRow

REQUIRED = ("entry", "worker")
TEXT = ("learnt", "impact")  # required columns unless a declaration column is present
DECLARATIONS = ("recorded_on_swe", "peer_recorded_on_swe")
OPTIONAL = (*TEXT, "peer_reflection", "peer_role", "status", *DECLARATIONS)
STATUSES = ("submitted", "draft")
YES_NO = {"yes": True, "no": False, "": None}


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rows: int = 0
    declarations: int = 0  # declarations made, changed or withdrawn


@dataclass(frozen=True)
class _Row:
    line: int
    entry: CpdEntryRow
    text: ReflectionText | None  # None: the row only declares
    declaration: EntryDeclaration


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
    needed = REQUIRED if any(name in header for name in DECLARATIONS) else REQUIRED + TEXT
    missing = [name for name in needed if name not in header]
    if missing:
        problems.append(Problem(where, 1, f"missing column(s): {', '.join(missing)}"))
    unknown = [name for name in header if name not in REQUIRED + OPTIONAL]
    if unknown:
        known = ", ".join(REQUIRED + OPTIONAL)
        problems.append(Problem(where, 1, f"unknown column(s): {', '.join(unknown)} ({known})"))
    return problems


def _declaration(cells: dict[str, str], found: list[str]) -> EntryDeclaration:
    values = []
    for name in DECLARATIONS:
        raw = (cells.get(name) or "").strip().lower()
        if raw not in YES_NO:
            found.append(f"{name} {raw!r} is not yes or no")
        values.append(YES_NO.get(raw))
    return EntryDeclaration(*values)


def _text(cells: dict[str, str], draft: bool, declaring: bool) -> ReflectionText | None:
    """The row's reflection; None when it only declares (no words, a declaration given)."""
    words = [cells.get(name, "").strip() for name in (*TEXT, "peer_reflection", "peer_role")]
    if declaring and not any(words):
        return None
    return ReflectionText(
        learnt=cells.get("learnt", ""),
        impact=cells.get("impact", ""),
        peer_reflection=cells.get("peer_reflection") or None,
        peer_role=cells.get("peer_role") or None,
        draft=draft,
    )


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
    declaration = _declaration(cells, found)
    declaring = any((cells.get(name) or "").strip() for name in DECLARATIONS)
    text = _text(cells, status == "draft", declaring)
    if text is not None:
        found += text.problems()
    problems.extend(Problem(where, line, message) for message in found)
    return _Row(line, entry, text, declaration) if entry is not None and not found else None


def import_reflections(session: Session, path: Path, *, actor: str, now: datetime) -> ImportResult:
    """Save the reflection of every row of the CSV file at ``path``; return what changed.

    A row with ``recorded_on_swe`` or ``peer_recorded_on_swe`` (``yes``/``no``) declares the
    entry recorded on the worker's SWE account, or withdraws that; with a declaration, the
    text columns may be empty (then no reflection is written).

    Raise InputFileError listing every bad row (``file:line: message``) and save nothing when
    any row is bad: columns, an unknown worker or entry, another worker's entry, an empty text,
    a peer reflection without the peer's role, a declaration that is not yes or no, or the
    same entry twice.
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
        if row.text is not None:
            action = save_reflection(session, row.entry, row.text, actor=actor, now=now)
            setattr(result, action, getattr(result, action) + 1)
        if row.declaration.given():
            done = declare_entry(session, row.entry, row.declaration, actor=actor, now=now)
            result.declarations += done != "unchanged"
    return result
