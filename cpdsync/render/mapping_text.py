"""Mapping files for people (text) and scripts (JSON): `cpdsync mappings validate|coverage`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from cpdsync.errors import InputFileError, Problem
from cpdsync.mappings.definitions import CourseFacts, MappingSet


class ItemView(Protocol):
    """A framework item no course evidences."""

    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...


class CoverageView(Protocol):
    """Which courses no rule maps, which framework items and requirements no course reaches."""

    @property
    def courses(self) -> int: ...
    @property
    def mapped(self) -> int: ...
    @property
    def unmapped_courses(self) -> Sequence[CourseFacts]: ...
    @property
    def uncovered_items(self) -> Sequence[ItemView]: ...
    @property
    def unsatisfied_requirements(self) -> Sequence[str]: ...


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


def render_warnings(warnings: Sequence[Problem]) -> list[str]:
    """Return one ``warning: file:line: message`` line per warning."""
    return [f"warning: {w}" for w in warnings]


def _problem_json(problem: Problem) -> dict[str, Any]:
    return {"path": problem.path, "line": problem.line, "message": problem.message}


def validation_json(
    mappings: MappingSet | None,
    problems: InputFileError | None,
    warnings: Sequence[Problem] = (),
) -> dict[str, Any]:
    """Return ok with the counts, files read and warnings, or not ok with each problem's path
    and line."""
    if mappings is None:
        found = problems.problems if problems else []
        return {"ok": False, "problems": [_problem_json(p) for p in found]}
    return {
        "ok": True,
        **_counts(mappings),
        "sources": list(mappings.sources),
        "warnings": [_problem_json(w) for w in warnings],
    }


def render_coverage(report: CoverageView, mappings: MappingSet) -> str:
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
