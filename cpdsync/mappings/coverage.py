"""What the mappings leave uncovered, given the courses a site has.

Also reads course facts from a file (a JSON list of course facts, or a simulator dataset) so
L&D staff can check a mapping before the first sync.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cpdsync.errors import InputFileError, Problem
from cpdsync.mappings.definitions import CourseFacts, MappingSet
from cpdsync.mappings.frameworks import Framework
from cpdsync.mappings.matching import match_course


@dataclass(frozen=True)
class UncoveredItem:
    framework: str
    id: str
    title: str


@dataclass(frozen=True)
class CoverageReport:
    """Which courses no rule maps, which framework items and requirements no course reaches."""

    courses: int
    mapped: int
    unmapped_courses: tuple[CourseFacts, ...]
    frameworks: tuple[str, ...]  # the frameworks looked at: named by a role or a rule
    uncovered_items: tuple[UncoveredItem, ...]
    unsatisfied_requirements: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "courses": self.courses,
            "mapped": self.mapped,
            "unmapped_courses": [
                {
                    "courseid": c.courseid,
                    "shortname": c.shortname,
                    "idnumber": c.idnumber,
                    "fullname": c.fullname,
                    "category": c.category_path,
                }
                for c in self.unmapped_courses
            ],
            "frameworks": list(self.frameworks),
            "uncovered_items": [
                {"framework": i.framework, "id": i.id, "title": i.title}
                for i in self.uncovered_items
            ],
            "unsatisfied_requirements": list(self.unsatisfied_requirements),
        }


def coverage_report(
    mappings: MappingSet, frameworks: dict[str, Framework], courses: list[CourseFacts]
) -> CoverageReport:
    """Return what ``courses`` leave uncovered under ``mappings``: courses no rule maps, items of
    the frameworks in use that no course evidences, requirements no course satisfies."""
    evidenced: set[str] = set()
    satisfied: set[str] = set()
    unmapped: list[CourseFacts] = []
    for course in courses:
        matched = match_course(mappings, course)
        if matched is None:
            unmapped.append(course)
            continue
        evidenced.update(matched.capabilities)
        satisfied.update(matched.satisfies)
    item_framework = {item.id: fw.id for fw in frameworks.values() for item in fw.items}
    in_use = {role.coverage.framework for role in mappings.roles if role.coverage}
    in_use |= {
        item_framework[c] for r in mappings.rules for c in r.capabilities if c in item_framework
    }
    used = tuple(fw_id for fw_id in frameworks if fw_id in in_use)
    uncovered = tuple(
        UncoveredItem(fw_id, item.id, item.title)
        for fw_id in used
        for item in frameworks[fw_id].items
        if item.id not in evidenced
    )
    return CoverageReport(
        courses=len(courses),
        mapped=len(courses) - len(unmapped),
        unmapped_courses=tuple(unmapped),
        frameworks=used,
        uncovered_items=uncovered,
        unsatisfied_requirements=tuple(
            r.id for r in mappings.requirements if r.id not in satisfied
        ),
    )


def read_course_facts(path: Path) -> list[CourseFacts]:
    """Return the courses in a JSON file: a list of course facts, or a simulator dataset (whose
    courses without completion tracking are left out, as a sync never sees their completions).

    Raise InputFileError naming the file and the fault when it is neither.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputFileError([Problem(str(path), None, f"cannot read: {exc.strerror}")]) from exc
    except json.JSONDecodeError as exc:
        raise InputFileError(
            [Problem(str(path), exc.lineno, f"not valid JSON: {exc.msg}")]
        ) from exc
    try:
        if isinstance(data, dict) and "courses" in data:
            return _from_dataset(data)
        if isinstance(data, list):
            return [
                _course(raw, raw.get("category_path") or raw.get("category", "")) for raw in data
            ]
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        raise InputFileError(
            [Problem(str(path), None, f"a course lacks a field or has a bad value: {exc!r}")]
        ) from exc
    raise InputFileError(
        [Problem(str(path), None, "expected a JSON list of courses or a simulator dataset")]
    )


def _from_dataset(data: dict[str, Any]) -> list[CourseFacts]:
    categories = {int(c["id"]): c for c in data.get("categories", [])}

    def path_of(category_id: int) -> str:
        names: list[str] = []
        seen: set[int] = set()
        while category_id in categories and category_id not in seen:
            seen.add(category_id)
            names.append(str(categories[category_id]["name"]))
            category_id = int(categories[category_id].get("parent", 0))
        return " / ".join(reversed(names))

    return [
        _course(raw, path_of(int(raw.get("categoryid", 0))))
        for raw in data["courses"]
        if raw.get("enablecompletion", True)
    ]


def _course(raw: dict[str, Any], category_path: str) -> CourseFacts:
    return CourseFacts(
        courseid=int(raw.get("courseid", raw.get("id", 0))),
        shortname=str(raw.get("shortname", "")),
        fullname=str(raw.get("fullname", "")),
        idnumber=str(raw.get("idnumber", "")),
        category_path=str(category_path),
        tags=tuple(str(t) for t in raw.get("tags", ())),
        customfields={str(k): str(v) for k, v in (raw.get("customfields") or {}).items()},
    )
