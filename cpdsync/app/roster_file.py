"""The HR roster CSV (``workers.roster``): read whole and checked before anything is stored.

A header row naming ``email`` or ``idnumber`` (or both), and optionally ``team``, ``role``
(a role id or title from the mapping files) and ``name``, in any order and any case. What a
spreadsheet saves is accepted: a UTF-8 byte-order mark, and ``;`` or tab between cells
instead of ``,`` (found from the header row). A file that is not UTF-8 is refused, naming the
first line that is not, with the fix (docs/roster.md). Every problem is reported as
``file:line: message`` and the file is refused whole.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path

from cpdsync.errors import InputFileError, Problem
from cpdsync.mappings.definitions import Role

KEY_COLUMNS = ("email", "idnumber")
COLUMNS = (*KEY_COLUMNS, "team", "role", "name")
DELIMITERS = (",", ";", "\t")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class RosterRow:
    """One worker the HR roster lists, at ``line`` of its file; empty cells are None."""

    line: int
    email: str | None
    idnumber: str | None
    team: str | None = None
    role: str | None = None  # a role id of the mappings
    name: str | None = None

    @property
    def label(self) -> str:
        """Return how messages name the row: its email and idnumber."""
        return " / ".join(v for v in (self.email, self.idnumber) if v)


@dataclass(frozen=True)
class RosterFile:
    """A checked HR roster: its rows in file order, and a digest of its bytes."""

    path: Path
    rows: tuple[RosterRow, ...]
    digest: str

    def where(self, row: RosterRow) -> str:
        """Return ``file:line`` of ``row``."""
        return f"{self.path}:{row.line}"


def read_csv_rows(path: Path) -> tuple[bytes, list[tuple[int, list[str]]]]:
    """Return the bytes of the CSV file at ``path`` and its records, each with the line it
    starts on (the header first); raise InputFileError when it cannot be read or is not
    UTF-8 text."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputFileError([Problem(str(path), None, f"cannot read: {exc.strerror}")]) from exc
    try:
        # utf-8-sig: spreadsheets save CSV with a byte-order mark.
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputFileError(
            [
                Problem(
                    str(path),
                    line,
                    f"not UTF-8 text (byte 0x{data[exc.start]:02X}; a spreadsheet saving in "
                    "Windows-1252 does this to letters like é): save the file as "
                    '"CSV UTF-8 (Comma delimited)" and try again',
                )
            ]
        ) from exc
    first = text.split("\n", 1)[0]
    delimiter = max(DELIMITERS, key=first.count) if any(d in first for d in DELIMITERS) else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[tuple[int, list[str]]] = []
    line = 0
    try:
        for record in reader:
            records.append((line + 1, record))  # a quoted cell may span lines
            line = reader.line_num
    except csv.Error as exc:
        raise InputFileError([Problem(str(path), line + 1, f"not valid CSV: {exc}")]) from exc
    return data, records


def load_roster(path: Path, roles: tuple[Role, ...] | None) -> RosterFile:
    """Return the checked HR roster at ``path``, each role named by id or title resolved to
    the id (taken as given when ``roles`` is None: the mappings could not be read); raise
    InputFileError listing every problem (unreadable, not UTF-8, a missing or
    unknown column, a row without email and idnumber, a malformed email, an unknown role, an
    email or idnumber listed twice, or no worker at all)."""
    where = str(path)
    data, records = read_csv_rows(path)
    header = [cell.strip().lower() for cell in records[0][1]] if records else []
    problems = _header_problems(where, header)
    if problems:
        raise InputFileError(problems, summary=f"{where}: the HR roster (workers.roster)")
    rows: list[RosterRow] = []
    seen: dict[tuple[str, str], int] = {}
    for line, record in records[1:]:
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(header):
            problems.append(
                Problem(where, line, f"{len(record)} cells, the header has {len(header)}")
            )
            continue
        cells = {name: cell.strip() or None for name, cell in zip(header, record, strict=True)}
        row, found = _check_row(line, cells, roles, seen)
        problems += [Problem(where, line, message) for message in found]
        if row is not None and not found:
            rows.append(row)
    if not rows and not problems:
        problems.append(Problem(where, 1, "the roster lists no worker; add a row per worker"))
    if problems:
        raise InputFileError(problems, summary=f"{where}: the HR roster (workers.roster)")
    return RosterFile(path, tuple(rows), hashlib.sha256(data).hexdigest())


def _header_problems(where: str, header: list[str]) -> list[Problem]:
    if not header or not any(header):
        return [Problem(where, 1, "no header row; the first row must name the columns")]
    problems = []
    if not any(name in header for name in KEY_COLUMNS):
        problems.append(
            Problem(where, 1, "the header names neither email nor idnumber; add one of them")
        )
    unknown = [name for name in header if name not in COLUMNS]
    if unknown:
        problems.append(
            Problem(
                where,
                1,
                f"unknown column(s): {', '.join(repr(n) for n in unknown)} "
                f"(the columns are {', '.join(COLUMNS)})",
            )
        )
    repeated = sorted({name for name in header if header.count(name) > 1 and name})
    if repeated:
        problems.append(Problem(where, 1, f"column {repeated[0]!r} appears twice"))
    return problems


def _check_row(
    line: int,
    cells: dict[str, str | None],
    roles: tuple[Role, ...] | None,
    seen: dict[tuple[str, str], int],
) -> tuple[RosterRow | None, list[str]]:
    found: list[str] = []
    email, idnumber = cells.get("email"), cells.get("idnumber")
    if email is None and idnumber is None:
        found.append("neither email nor idnumber is given, so the worker cannot be found")
    if email is not None and not _EMAIL.match(email):
        found.append(f"{email!r} is not an email address")
    for column, value in (("email", email), ("idnumber", idnumber)):
        if value is None:
            continue
        first = seen.setdefault((column, value.casefold()), line)
        if first != line:
            found.append(f"{column} {value!r} is already on line {first}")
    role = _role_id(cells.get("role"), roles, found)
    row = RosterRow(line, email, idnumber, cells.get("team"), role, cells.get("name"))
    return (row if not found else None), found


def _role_id(value: str | None, roles: tuple[Role, ...] | None, found: list[str]) -> str | None:
    if value is None or roles is None:
        return value
    for role in roles:
        if value.casefold() in (role.id.casefold(), role.title.casefold()):
            return role.id
    known = ", ".join(role.id for role in roles) or "none: the mapping files define no roles"
    found.append(f"role {value!r} is not a role of the mapping files ({known})")
    return None
