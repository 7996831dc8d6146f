"""The packaged frameworks for people (text) and scripts (JSON): `cpdsync frameworks`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, Protocol

UNVERIFIED = "[unverified]"


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
    def verified(self) -> bool: ...


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
    def verified(self) -> bool: ...
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
    def valid_from(self) -> date | None: ...
    @property
    def valid_until(self) -> date | None: ...
    @property
    def superseded_by(self) -> str | None: ...
    @property
    def items(self) -> Sequence[FrameworkItemView]: ...
    @property
    def levels(self) -> Sequence[LevelView]: ...
    @property
    def unverified_count(self) -> int: ...


def render_framework_list(frameworks: Sequence[FrameworkView]) -> str:
    """Return one line per framework: id, items, unverified items, dates in force, title."""
    lines = []
    for fw in frameworks:
        until = f", in force until {fw.valid_until}" if fw.valid_until else ""
        later = f", then {fw.superseded_by}" if fw.superseded_by else ""
        unverified = f", {fw.unverified_count} unverified" if fw.unverified_count else ""
        lines.append(f"{fw.id:<8} {len(fw.items):>3} items{unverified}{until}{later}  {fw.title}")
    return "\n".join(lines)


def render_framework(fw: FrameworkView) -> str:
    """Return a framework's source, licence and dates, every item (unverified ones marked),
    and its levels."""
    lines = [
        f"{fw.id}: {fw.title}",
        f"  publisher: {fw.publisher}",
        f"  version:   {fw.version}",
        f"  licence:   {fw.licence}{'' if fw.licence_verified else ' ' + UNVERIFIED}",
        f"  source:    {fw.source}",
        f"  in force:  {fw.valid_from or 'unknown'} to {fw.valid_until or 'open-ended'}",
    ]
    if fw.superseded_by:
        lines.append(f"  superseded by: {fw.superseded_by}")
    lines.append("")
    for item in fw.items:
        indent = "    " if item.parent else "  "
        mark = "" if item.verified else f" {UNVERIFIED}"
        lines.append(f"{indent}{item.id}  {item.title}{mark}")
        lines.append(f"{indent}    {item.summary}")
    if fw.levels:
        lines.append("\nLevels:")
        for level in fw.levels:
            lines.append(f"  {level.order}. {level.id}  {level.title}{_mark(level)}")
            for pathway in level.pathways:
                lines.append(f"       {pathway.id}  {pathway.title}{_mark(pathway)}")
    if fw.unverified_count:
        lines.append(
            f"\n{fw.unverified_count} of {len(fw.items)} items are {UNVERIFIED}: their title or "
            f"numbering has not been checked against {fw.source}"
        )
    return "\n".join(lines)


def _mark(level: LevelView) -> str:
    return "" if level.verified else f" {UNVERIFIED}"


def framework_summary_json(fw: FrameworkView) -> dict[str, Any]:
    """Return a framework's identity, source, dates and item counts as JSON."""
    return {
        "id": fw.id,
        "title": fw.title,
        "publisher": fw.publisher,
        "version": fw.version,
        "licence": fw.licence,
        "licence_verified": fw.licence_verified,
        "source": fw.source,
        "valid_from": fw.valid_from.isoformat() if fw.valid_from else None,
        "valid_until": fw.valid_until.isoformat() if fw.valid_until else None,
        "superseded_by": fw.superseded_by,
        "items": len(fw.items),
        "unverified_items": fw.unverified_count,
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
            "verified": item.verified,
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
        "verified": level.verified,
        "pathways": [_level_json(p) for p in level.pathways],
    }
