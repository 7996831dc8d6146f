"""A worker's CPD entries (`cpdsync cpd list`) and a reflection import, for people and scripts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, Protocol


class EntryLine(Protocol):
    """One CPD entry as the list shows it."""

    @property
    def id(self) -> int: ...
    @property
    def title(self) -> str: ...
    @property
    def activity_date(self) -> date: ...
    @property
    def hours(self) -> float | None: ...
    @property
    def cpd_type(self) -> str: ...
    @property
    def reflection(self) -> str: ...
    @property
    def peer_reflection(self) -> bool: ...
    @property
    def retired(self) -> str | None: ...
    def as_json(self) -> dict[str, Any]: ...


class WorkerCpdView(Protocol):
    @property
    def email(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def swe_number(self) -> str | None: ...
    @property
    def year(self) -> str | None: ...
    @property
    def entries(self) -> Sequence[EntryLine]: ...


class ImportCounts(Protocol):
    @property
    def rows(self) -> int: ...
    @property
    def created(self) -> int: ...
    @property
    def updated(self) -> int: ...
    @property
    def unchanged(self) -> int: ...


def render_cpd_list(cpd: WorkerCpdView) -> str:
    """Return the worker, then one line per entry: id, date, hours, type, reflection, title."""
    lines = [f"{cpd.name} <{cpd.email}>" + (f" — {cpd.year}" if cpd.year else "")]
    if not cpd.entries:
        lines.append("no CPD entries" + (" in this year" if cpd.year else ""))
    for entry in cpd.entries:
        hours = f"{entry.hours:g}h" if entry.hours is not None else "-"
        peer = " +peer" if entry.peer_reflection else ""
        retired = f" (retired: {entry.retired})" if entry.retired else ""
        lines.append(
            f"{entry.id:>6}  {entry.activity_date.isoformat()}  {hours:>5}  {entry.cpd_type:<16}"
            f"  {entry.reflection}{peer:<6}  {entry.title}{retired}"
        )
    return "\n".join(lines)


def cpd_list_json(cpd: WorkerCpdView) -> dict[str, Any]:
    """Return the worker (email, name, SWE number), the year and every entry as JSON."""
    return {
        "worker": {"email": cpd.email, "name": cpd.name, "swe_number": cpd.swe_number},
        "year": cpd.year,
        "entries": [entry.as_json() for entry in cpd.entries],
    }


def import_counts_json(result: ImportCounts) -> dict[str, int]:
    """Return the rows read and the reflections created, updated and left unchanged."""
    return {
        "rows": result.rows,
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
    }


def render_import_counts(result: ImportCounts) -> str:
    """Return ``3 row(s): 1 created, 1 updated, 1 unchanged``."""
    return (
        f"{result.rows} row(s): {result.created} created, {result.updated} updated, "
        f"{result.unchanged} unchanged"
    )
