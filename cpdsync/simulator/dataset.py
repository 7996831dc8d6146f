"""The simulator's dataset (its format is in docs/simulator.md): pydantic models, loading with
every problem reported, and the indexes the web-service handlers look things up in.

A dataset describes one Moodle site's people and courses. The integration user (the token's
owner), the guest user (id 1), the admin (id 2) and the front page (course id 1) are Moodle's
own and are supplied by the simulator, so a dataset may not use those ids.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from cpdsync.errors import InputFileError, Problem

Criterion = Literal["self", "role", "activity"]

RESERVED_USER_IDS = (1, 2)  # guest and admin exist on every Moodle site
FRONT_PAGE_ID = 1


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class SiteInfo(_Strict):
    sitename: str = "Council Learning"
    release: str = "4.5 (Build: 20241007)"
    version: int = 2024100700


class User(_Strict):
    id: int = Field(gt=0)
    username: str = Field(min_length=1)
    firstname: str
    lastname: str
    email: str
    idnumber: str = ""
    suspended: bool = False
    customfields: dict[str, str] = Field(default_factory=dict)


class Category(_Strict):
    id: int = Field(gt=0)
    name: str
    parent: int = Field(default=0, ge=0)


def _self_only() -> list[Criterion]:
    return ["self"]


class Course(_Strict):
    id: int = Field(gt=0)
    shortname: str = Field(min_length=1)
    fullname: str
    idnumber: str = ""
    categoryid: int = Field(gt=0)
    enablecompletion: bool = True
    visible: bool = True
    customfields: dict[str, str] = Field(default_factory=dict)
    tags: list[str] = Field(default_factory=list)
    criteria: list[Criterion] = Field(default_factory=_self_only)
    summary: str = ""  # HTML; empty: "<p>FULLNAME.</p>", as the sample data always had

    def summary_html(self) -> str:
        """Return the course summary Moodle would give."""
        return self.summary or f"<p>{self.fullname}.</p>"


class _Pair(_Strict):
    userid: int
    courseid: int


class Enrolment(_Pair):
    status: Literal["active", "suspended"] = "active"
    timestart: int = Field(default=0, ge=0)
    timeend: int = Field(default=0, ge=0)

    def is_active(self, now: float) -> bool:
        """Return whether Moodle counts this enrolment as current at ``now`` (Unix seconds)."""
        if self.status != "active":
            return False
        if self.timestart and self.timestart > now:
            return False
        return not (self.timeend and self.timeend < now)


class Completion(_Pair):
    timecompleted: int = Field(gt=0)


class Cohort(_Strict):
    """A site cohort (system context) and its members' user ids."""

    id: int = Field(gt=0)
    idnumber: str = ""
    name: str = Field(min_length=1)
    members: list[int] = Field(default_factory=list)


class Dataset(_Strict):
    site: SiteInfo = Field(default_factory=SiteInfo)
    users: list[User] = Field(default_factory=list)
    categories: list[Category] = Field(default_factory=list)
    courses: list[Course] = Field(default_factory=list)
    enrolments: list[Enrolment] = Field(default_factory=list)
    completions: list[Completion] = Field(default_factory=list)
    cohorts: list[Cohort] = Field(default_factory=list)


@dataclass
class SiteIndex:
    """A dataset plus the lookups the handlers need, built once per dataset."""

    data: Dataset
    users: dict[int, User] = field(default_factory=dict)
    courses: dict[int, Course] = field(default_factory=dict)
    categories: dict[int, Category] = field(default_factory=dict)
    enrolments_by_course: dict[int, list[Enrolment]] = field(default_factory=dict)
    enrolments_by_user: dict[int, list[Enrolment]] = field(default_factory=dict)
    enrolment: dict[tuple[int, int], Enrolment] = field(default_factory=dict)
    completion: dict[tuple[int, int], Completion] = field(default_factory=dict)
    cohorts: dict[int, Cohort] = field(default_factory=dict)
    integration_userid: int = 3

    @classmethod
    def build(cls, data: Dataset) -> SiteIndex:
        """Return the indexed dataset; the dataset must already be validated."""
        index = cls(data=data)
        index.users = {u.id: u for u in data.users}
        index.courses = {c.id: c for c in data.courses}
        index.categories = {c.id: c for c in data.categories}
        by_course: dict[int, list[Enrolment]] = defaultdict(list)
        by_user: dict[int, list[Enrolment]] = defaultdict(list)
        for e in data.enrolments:
            by_course[e.courseid].append(e)
            by_user[e.userid].append(e)
            index.enrolment[(e.userid, e.courseid)] = e
        index.enrolments_by_course = dict(by_course)
        index.enrolments_by_user = dict(by_user)
        index.completion = {(c.userid, c.courseid): c for c in data.completions}
        index.cohorts = {c.id: c for c in data.cohorts}
        # The integration user is created after the workers, as on a real site.
        index.integration_userid = max([*index.users, *RESERVED_USER_IDS]) + 1
        return index

    def category_path(self, categoryid: int) -> list[int]:
        """Return the ids from the top-level category down to ``categoryid``."""
        path: list[int] = []
        current = self.categories.get(categoryid)
        while current is not None and current.id not in path:
            path.insert(0, current.id)
            current = self.categories.get(current.parent)
        return path


def load_dataset(path: str | Path) -> Dataset:
    """Return the dataset in the JSON file ``path``; raise InputFileError listing every problem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputFileError(
            [Problem(str(path), None, f"cannot read the dataset: {exc.strerror}")]
        ) from exc
    return parse_dataset(text, str(path))


def parse_dataset(text: str, source: str) -> Dataset:
    """Return the dataset in JSON ``text``; raise InputFileError naming ``source`` and each path."""
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputFileError(
            [Problem(source, exc.lineno, f"not valid JSON: {exc.msg} (column {exc.colno})")]
        ) from exc
    messages: list[str] = []
    data: Dataset | None = None
    try:
        data = Dataset.model_validate(raw)
    except ValidationError as exc:
        messages += [f"{_json_path(err['loc'])}: {err['msg']}" for err in exc.errors()]
    # References are checked on the raw rows too, so one run reports every problem.
    messages += check_references(raw)
    if messages or data is None:
        raise InputFileError(
            [Problem(source, None, m) for m in messages],
            summary=f"{source} is not a valid simulator dataset",
        )
    return data


def _json_path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def _rows(raw: Any, section: str) -> list[dict[str, Any]]:
    rows = raw.get(section) if isinstance(raw, dict) else None
    if not isinstance(rows, list):
        return []
    return [row if isinstance(row, dict) else {} for row in rows]


def check_references(raw: Any) -> list[str]:
    """Return one message per duplicate id or dangling reference in the raw JSON dataset
    (empty when sound); rows too malformed to read are left to the schema check."""
    users, courses, categories = (
        _rows(raw, "users"),
        _rows(raw, "courses"),
        _rows(raw, "categories"),
    )
    problems = _unique(users, "users", "id", RESERVED_USER_IDS)
    problems += _unique(users, "users", "username", ("guest", "admin"))
    problems += _unique(users, "users", "idnumber")
    problems += _unique(categories, "categories", "id")
    problems += _unique(courses, "courses", "id", (FRONT_PAGE_ID,))
    problems += _unique(courses, "courses", "shortname")
    problems += _unique(courses, "courses", "idnumber")
    problems += _category_references(categories, courses)
    user_ids = {u.get("id") for u in users}
    course_ids = {c.get("id") for c in courses}
    for section in ("enrolments", "completions"):
        problems += _pair_references(_rows(raw, section), section, user_ids, course_ids)
    for i, e in enumerate(_rows(raw, "enrolments")):
        start, end = e.get("timestart", 0), e.get("timeend", 0)
        if isinstance(start, int) and isinstance(end, int) and start and end and end < start:
            problems.append(f"enrolments[{i}].timeend: {end} is before timestart {start}")
    return problems + _cohort_references(_rows(raw, "cohorts"), user_ids)


def _cohort_references(cohorts: list[dict[str, Any]], user_ids: set[Any]) -> list[str]:
    """Messages for repeated cohort ids or idnumbers, and members who are not users or are
    listed twice (Moodle keeps one membership per user and cohort)."""
    problems = _unique(cohorts, "cohorts", "id") + _unique(cohorts, "cohorts", "idnumber")
    for i, cohort in enumerate(cohorts):
        members = cohort.get("members")
        if not isinstance(members, list):
            continue
        seen: set[Any] = set()
        for j, userid in enumerate(members):
            where = f"cohorts[{i}].members[{j}]"
            if userid not in user_ids:
                problems.append(f"{where}: no user with id {userid}")
            elif userid in seen:
                problems.append(f"{where}: user {userid} is already a member")
            seen.add(userid)
    return problems


def _unique(
    rows: list[dict[str, Any]], section: str, key: str, reserved: tuple[Any, ...] = ()
) -> list[str]:
    """Messages for values of ``key`` that repeat, or that Moodle keeps for its own records."""
    problems: list[str] = []
    seen: dict[Any, int] = {}
    for i, row in enumerate(rows):
        value = row.get(key)
        if value in ("", None) or isinstance(value, dict | list):
            continue
        where = f"{section}[{i}].{key}"
        if value in reserved:
            problems.append(f"{where}: {value} is reserved for Moodle's own record; use another")
        elif value in seen:
            problems.append(
                f"{where}: duplicate {key} {value!r} (first at {section}[{seen[value]}])"
            )
        else:
            seen[value] = i
    return problems


def _category_references(
    categories: list[dict[str, Any]], courses: list[dict[str, Any]]
) -> list[str]:
    """Messages for parents and course categories that do not exist, and parent loops."""
    problems: list[str] = []
    parents = {c.get("id"): c.get("parent", 0) for c in categories}
    for i, cat in enumerate(categories):
        parent = cat.get("parent", 0)
        if parent and parent not in parents:
            problems.append(f"categories[{i}].parent: no category with id {parent}")
        seen, current = {cat.get("id")}, parent
        while current in parents:
            if current in seen:
                problems.append(
                    f"categories[{i}].parent: category {cat.get('id')} is its own ancestor"
                )
                break
            seen.add(current)
            current = parents[current]
    for i, course in enumerate(courses):
        if "categoryid" in course and course["categoryid"] not in parents:
            problems.append(f"courses[{i}].categoryid: no category with id {course['categoryid']}")
    return problems


def _pair_references(
    rows: list[dict[str, Any]], section: str, user_ids: set[Any], course_ids: set[Any]
) -> list[str]:
    """Messages for rows naming a missing user or course, or a (user, course) pair twice."""
    problems: list[str] = []
    pairs: dict[tuple[Any, Any], int] = {}
    for i, row in enumerate(rows):
        userid, courseid = row.get("userid"), row.get("courseid")
        if "userid" in row and userid not in user_ids:
            problems.append(f"{section}[{i}].userid: no user with id {userid}")
        if "courseid" in row and courseid not in course_ids:
            problems.append(f"{section}[{i}].courseid: no course with id {courseid}")
        pair = (userid, courseid)
        if isinstance(userid, int) and isinstance(courseid, int) and pair in pairs:
            problems.append(
                f"{section}[{i}]: user {userid} and course {courseid} already "
                f"appear at {section}[{pairs[pair]}]"
            )
        else:
            pairs[pair] = i
    return problems
