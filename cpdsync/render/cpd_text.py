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
    def recorded_on_swe(self) -> bool: ...
    @property
    def peer_recorded_on_swe(self) -> bool: ...
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
    @property
    def declarations(self) -> int: ...


def _state(entry: EntryLine) -> str:
    """``submitted +peer``, ``draft``, ``on SWE +peer``: the reflection and any declaration."""
    parts = [entry.reflection + (" +peer" if entry.peer_reflection else "")]
    if entry.recorded_on_swe or entry.peer_recorded_on_swe:
        parts.append("on SWE" + (" +peer" if entry.peer_recorded_on_swe else ""))
    return ", ".join(parts)


def render_cpd_list(cpd: WorkerCpdView) -> str:
    """Return the worker, then one line per entry: id, date, hours, type, reflection and
    declaration, title."""
    lines = [f"{cpd.name} <{cpd.email}>" + (f" — {cpd.year}" if cpd.year else "")]
    if not cpd.entries:
        lines.append("no CPD entries" + (" in this year" if cpd.year else ""))
    for entry in cpd.entries:
        hours = f"{entry.hours:g}h" if entry.hours is not None else "-"
        retired = f" (retired: {entry.retired})" if entry.retired else ""
        lines.append(
            f"{entry.id:>6}  {entry.activity_date.isoformat()}  {hours:>5}  {entry.cpd_type:<16}"
            f"  {_state(entry):<26}  {entry.title}{retired}"
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
    """Return the rows read, the reflections created, updated and left unchanged, and the
    declarations made or changed."""
    return {
        "rows": result.rows,
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "declarations": result.declarations,
    }


def render_import_counts(result: ImportCounts) -> str:
    """Return ``3 row(s): 1 created, 1 updated, 1 unchanged``, then the declarations changed
    when there are any."""
    text = (
        f"{result.rows} row(s): {result.created} created, {result.updated} updated, "
        f"{result.unchanged} unchanged"
    )
    if result.declarations:
        text += f"; {result.declarations} SWE declaration(s) made or changed"
    return text


class ReflectView(Protocol):
    @property
    def entry_id(self) -> int: ...
    @property
    def worker(self) -> str: ...
    @property
    def reflection(self) -> str | None: ...
    @property
    def draft(self) -> bool: ...
    @property
    def declaration(self) -> str | None: ...
    @property
    def recorded_on_swe(self) -> bool: ...
    @property
    def peer_recorded_on_swe(self) -> bool: ...


def render_reflect_outcome(outcome: ReflectView) -> str:
    """Return what `cpdsync cpd reflect` changed, one line for the text and one for the
    declaration."""
    lines = []
    if outcome.reflection is not None:
        state = "draft, does not count yet" if outcome.draft else "submitted"
        lines.append(
            f"reflection on CPD entry {outcome.entry_id} ({outcome.worker}) "
            f"{outcome.reflection} ({state})"
        )
    if outcome.declaration is not None:
        if outcome.peer_recorded_on_swe:
            now = "recorded on the SWE account with its peer reflection"
        elif outcome.recorded_on_swe:
            now = "recorded on the SWE account"
        else:
            now = "not declared recorded on the SWE account"
        lines.append(
            f"CPD entry {outcome.entry_id} ({outcome.worker}): {now} ({outcome.declaration})"
        )
    return "\n".join(lines)


class RenewalView(Protocol):
    @property
    def email(self) -> str: ...
    @property
    def year(self) -> str: ...
    @property
    def submitted(self) -> bool: ...
    @property
    def action(self) -> str: ...


def render_renewal_outcome(outcome: RenewalView) -> str:
    """Return what `cpdsync cpd renewal` changed."""
    state = "declared submitted" if outcome.submitted else "not declared submitted"
    return f"renewal {outcome.year} of {outcome.email}: {state} ({outcome.action})"
