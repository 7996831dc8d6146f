"""Mapping files and frameworks for people (text) and scripts (JSON): `cpdsync mappings` and
`cpdsync frameworks`."""

from __future__ import annotations

from typing import Any

from cpdsync.errors import InputFileError
from cpdsync.mappings.coverage import CoverageReport
from cpdsync.mappings.definitions import MappingSet
from cpdsync.mappings.frameworks import Framework, FrameworkLevel

UNVERIFIED = "[unverified]"


def _counts(mappings: MappingSet) -> dict[str, int]:
    return {
        "rules": len(mappings.rules),
        "requirements": len(mappings.requirements),
        "roles": len(mappings.roles),
        "files": len(mappings.sources),
    }


def render_valid(mappings: MappingSet) -> str:
    """Return ``OK: 3 rules, 1 requirements, 2 roles from 1 files``."""
    return (
        "OK: {rules} rules, {requirements} requirements, {roles} roles from {files} files".format(
            **_counts(mappings)
        )
    )


def validation_json(mappings: MappingSet | None, problems: InputFileError | None) -> dict[str, Any]:
    """Return ok with the counts and files read, or not ok with each problem's path and line."""
    if mappings is None:
        found = problems.problems if problems else []
        return {
            "ok": False,
            "problems": [{"path": p.path, "line": p.line, "message": p.message} for p in found],
        }
    return {"ok": True, **_counts(mappings), "sources": list(mappings.sources)}


def render_coverage(report: CoverageReport, mappings: MappingSet) -> str:
    """Return the courses no rule maps, items no course evidences, requirements unsatisfied."""
    lines = [f"{report.mapped} of {report.courses} courses mapped by {len(mappings.rules)} rules"]
    lines.append(f"Courses no rule maps ({len(report.unmapped_courses)}):")
    lines += [
        f"  {c.shortname} [{c.idnumber or 'no idnumber'}] {c.category_path}"
        for c in report.unmapped_courses
    ] or ["  none"]
    lines.append(f"Framework items no course evidences ({len(report.uncovered_items)}):")
    lines += [f"  {i.id}  {i.title}" for i in report.uncovered_items] or ["  none"]
    lines.append(f"Requirements no course satisfies ({len(report.unsatisfied_requirements)}):")
    lines += [f"  {r}" for r in report.unsatisfied_requirements] or ["  none"]
    return "\n".join(lines)


def render_framework_list(frameworks: list[Framework]) -> str:
    """Return one line per framework: id, items, unverified items, dates in force, title."""
    lines = []
    for fw in frameworks:
        until = f", in force until {fw.valid_until}" if fw.valid_until else ""
        later = f", then {fw.superseded_by}" if fw.superseded_by else ""
        unverified = f", {fw.unverified_count} unverified" if fw.unverified_count else ""
        lines.append(f"{fw.id:<8} {len(fw.items):>3} items{unverified}{until}{later}  {fw.title}")
    return "\n".join(lines)


def render_framework(fw: Framework) -> str:
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


def _mark(level: FrameworkLevel) -> str:
    return "" if level.verified else f" {UNVERIFIED}"


def framework_summary_json(fw: Framework) -> dict[str, Any]:
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


def framework_json(fw: Framework) -> dict[str, Any]:
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


def _level_json(level: FrameworkLevel) -> dict[str, Any]:
    return {
        "id": level.id,
        "order": level.order,
        "title": level.title,
        "stage": level.stage,
        "verified": level.verified,
        "pathways": [_level_json(p) for p in level.pathways],
    }
