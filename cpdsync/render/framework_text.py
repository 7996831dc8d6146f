"""The frameworks for people (text) and scripts (JSON): `cpdsync frameworks`.

Every item says how sure cpdsync is of its wording: ``confirmed`` (read, as written, on the
publisher's own page), ``paraphrase`` (read there, but the title is cpdsync's short label) or
``unconfirmed`` (not read on the publisher's page), with the page to check it against.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, Protocol

from cpdsync.timeutil import uk_day

UNVERIFIED = "[unverified]"
LEGEND = (
    "Wording: confirmed = the title was read, as written, on the publisher's own page; "
    "paraphrase = the item was read there but the title is cpdsync's short label; "
    "unconfirmed = not read on the publisher's page."
)


class FrameworkItemView(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def summary(self) -> str: ...
    @property
    def parent(self) -> str | None: ...
    @property
    def number(self) -> int | None: ...
    @property
    def wording(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def seen_at(self) -> str | None: ...
    @property
    def note(self) -> str | None: ...
    @property
    def placeholder(self) -> bool: ...


class LevelView(Protocol):
    """A level of a framework (e.g. a PCF level) or a pathway within one."""

    @property
    def id(self) -> str: ...
    @property
    def order(self) -> int: ...
    @property
    def title(self) -> str: ...
    @property
    def stage(self) -> str: ...
    @property
    def wording(self) -> str: ...
    @property
    def pathways(self) -> Sequence[LevelView]: ...


class FrameworkView(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def publisher(self) -> str: ...
    @property
    def version(self) -> str: ...
    @property
    def licence(self) -> str: ...
    @property
    def licence_verified(self) -> bool: ...
    @property
    def source(self) -> str: ...
    @property
    def in_force_from(self) -> date | None: ...
    @property
    def in_force_until(self) -> date | None: ...
    @property
    def superseded_by(self) -> str | None: ...
    @property
    def placeholder(self) -> bool: ...
    @property
    def origin(self) -> str: ...
    @property
    def notes(self) -> str: ...
    @property
    def items(self) -> Sequence[FrameworkItemView]: ...
    @property
    def levels(self) -> Sequence[LevelView]: ...
    def wording_counts(self) -> Mapping[str, int]: ...


def in_force_text(fw: FrameworkView) -> str:
    """Return the dates a framework is in force, e.g. ``until 31 March 2027``."""
    start, until = fw.in_force_from, fw.in_force_until
    if start and until:
        return f"{uk_day(start)} to {uk_day(until)}"
    if until:
        return f"until {uk_day(until)}"
    if start:
        return f"from {uk_day(start)}"
    return "no end date"


def render_framework_list(frameworks: Sequence[FrameworkView]) -> str:
    """Return a table of frameworks: id, items by wording state, dates in force, successor."""
    header = ("ID", "ITEMS", "CONFIRMED", "PARAPHRASE", "UNCONFIRMED", "IN FORCE", "THEN", "TITLE")
    rows: list[tuple[str, ...]] = [header]
    for fw in frameworks:
        counts = fw.wording_counts()
        numbers = (
            ("-", "-", "-", "-")
            if fw.placeholder
            else (
                str(len(fw.items)),
                *(str(counts[s]) for s in ("confirmed", "paraphrase", "unconfirmed")),
            )
        )
        title = fw.title + (" (placeholder: items not modelled)" if fw.placeholder else "")
        if fw.origin != "packaged":
            title += f" (council: {fw.origin})"
        rows.append((fw.id, *numbers, in_force_text(fw), fw.superseded_by or "-", title))
    widths = [max(len(row[i]) for row in rows) for i in range(len(header) - 1)]
    lines = []
    for row in rows:
        cells = [
            cell.rjust(width) if 0 < i < 5 else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=False))
        ]
        lines.append("  ".join(cells) + "  " + row[-1])
    return "\n".join(lines) + "\n\n" + LEGEND


def render_framework(fw: FrameworkView) -> str:
    """Return a framework's source, licence and dates, then every item with its wording state
    and the page it was (or is to be) read on, and its levels."""
    licence = fw.licence + ("" if fw.licence_verified else f" {UNVERIFIED}")
    lines = [
        f"{fw.id}: {fw.title}",
        f"  publisher: {fw.publisher}",
        f"  version:   {fw.version}",
        f"  licence:   {licence}",
        f"  source:    {fw.source}",
        f"  in force:  {in_force_text(fw)}",
    ]
    if fw.superseded_by:
        lines.append(f"  then:      {fw.superseded_by}")
    if fw.origin != "packaged":
        lines.append(f"  council file: {fw.origin}")
    if fw.placeholder:
        lines += [
            "",
            "A declared placeholder: its structure is not confirmed, so it has no items "
            "yet. Mapping files cannot name it and it cannot be exported.",
            "",
            fw.notes,
        ]
        return "\n".join(lines)
    lines.append("")
    for item in fw.items:
        lines += _item_lines(item)
    if fw.levels:
        lines.append("\nLevels:")
        for level in fw.levels:
            lines.append(f"  {level.order}. {level.id}  {level.title}  [{level.wording}]")
            for pathway in level.pathways:
                lines.append(f"       {pathway.id}  {pathway.title}  [{pathway.wording}]")
    counts = fw.wording_counts()
    lines.append(
        f"\n{counts['confirmed']} confirmed, {counts['paraphrase']} paraphrase, "
        f"{counts['unconfirmed']} unconfirmed of {len(fw.items)} items. {LEGEND}"
    )
    return "\n".join(lines)


def _item_lines(item: FrameworkItemView) -> list[str]:
    indent = "    " if item.parent else "  "
    number = f" (number {item.number})" if item.number is not None else ""
    mark = " [placeholder]" if item.placeholder else ""
    lines = [
        f"{indent}{item.id}  {item.title}  [{item.wording}]{mark}{number}",
        f"{indent}    {item.summary}",
        f"{indent}    source: {item.source}",
    ]
    if item.seen_at:
        lines.append(f"{indent}    seen at (third party): {item.seen_at}")
    if item.note:
        lines.append(f"{indent}    note: {item.note}")
    return lines


def framework_summary_json(fw: FrameworkView) -> dict[str, Any]:
    """Return a framework's identity, source, dates and item counts by wording as JSON."""
    return {
        "id": fw.id,
        "title": fw.title,
        "publisher": fw.publisher,
        "version": fw.version,
        "licence": fw.licence,
        "licence_verified": fw.licence_verified,
        "source": fw.source,
        "in_force_from": fw.in_force_from.isoformat() if fw.in_force_from else None,
        "in_force_until": fw.in_force_until.isoformat() if fw.in_force_until else None,
        "superseded_by": fw.superseded_by,
        "placeholder": fw.placeholder,
        "origin": fw.origin,
        "items": len(fw.items),
        "wording": dict(fw.wording_counts()),
    }


def framework_json(fw: FrameworkView) -> dict[str, Any]:
    """Return the summary with every item and level in place of the item count."""
    data = framework_summary_json(fw)
    data["items"] = [
        {
            "id": item.id,
            "title": item.title,
            "summary": item.summary,
            "parent": item.parent,
            "number": item.number,
            "wording": item.wording,
            "source": item.source,
            "seen_at": item.seen_at,
            "note": item.note,
            "placeholder": item.placeholder,
        }
        for item in fw.items
    ]
    data["levels"] = [_level_json(level) for level in fw.levels]
    return data


def _level_json(level: LevelView) -> dict[str, Any]:
    return {
        "id": level.id,
        "order": level.order,
        "title": level.title,
        "stage": level.stage,
        "wording": level.wording,
        "pathways": [_level_json(p) for p in level.pathways],
    }


def unconfirmed_export_warning(fw: FrameworkView) -> str | None:
    """Return the warning to give before exporting ``fw`` into Moodle when some of its items'
    wording is not confirmed, or None."""
    counts = fw.wording_counts()
    not_confirmed = counts["paraphrase"] + counts["unconfirmed"]
    if not not_confirmed:
        return None
    return (
        f"warning: {not_confirmed} of {len(fw.items)} {fw.id} items are not confirmed against "
        f"the publisher's wording ({counts['paraphrase']} paraphrase, {counts['unconfirmed']} "
        f"unconfirmed); Moodle will show their titles as cpdsync has them. Check them with "
        f"`cpdsync frameworks show {fw.id}` against {fw.source} before importing."
    )
