"""The simulator's dataset (its format is in docs/simulator.md): pydantic models, loading with
every problem reported, and the indexes the web-service handlers look things up in.

A dataset describes one Moodle site's people and courses, and a dataset exported from a real
Moodle loads as it is. The guest user (id 1, never exported) and the front page (course id 1)
are supplied by the simulator, so a dataset may not use those ids. The admin (id 2) and the
integration user are ordinary records when the dataset has them (a real export does): the
token belongs to the user named ``cpdsync``. When the dataset lacks them the simulator supplies
an admin as id 2 and the integration user after the last user.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from cpdsync.errors import InputFileError, Problem
from cpdsync.simulator.dataset_checks import check_references

Criterion = Literal["self", "role", "activity"]

GUEST_ID = 1  # the guest user exists on every site; exports leave it out
ADMIN_ID = 2
INTEGRATION_USERNAME = "cpdsync"  # the simulated token's owner
# Completion tracks users holding moodle/course:isincompletionreports in the course, which of
# Moodle's standard roles only the student archetype has.
TRACKED_ROLES = frozenset({"student"})
# Roles that hold moodle/course:viewhiddencourses in their course (Moodle's archetypes).
SEES_HIDDEN_ROLES = frozenset({"manager", "coursecreator", "editingteacher", "teacher"})


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class SiteInfo(_Strict):
    sitename: str = "Council Learning"
    shortname: str | None = None  # the front page's own short name; default: the site name
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


def _student() -> list[str]:
    return ["student"]


class Enrolment(_Pair):
    status: Literal["active", "suspended"] = "active"
    timestart: int = Field(default=0, ge=0)
    timeend: int = Field(default=0, ge=0)
    roles: list[str] = Field(default_factory=_student)  # course roles, by shortname
    criteria_done: int = Field(default=0, ge=0)  # criteria met while the course is not complete

    def is_active(self, now: float) -> bool:
        """Return whether Moodle counts this enrolment as current at ``now`` (Unix seconds); one
        that ends before it starts never is."""
        if self.status != "active":
            return False
        if self.timestart and self.timestart > now:
            return False
        return not (self.timeend and self.timeend < now)

    def is_tracked(self, now: float) -> bool:
        """Return whether completion tracks this user here: a current enrolment in a role that
        Moodle reports on (a student's; a teacher's is not)."""
        return self.is_active(now) and bool(TRACKED_ROLES.intersection(self.roles))

    def sees_hidden(self) -> bool:
        """Return whether the user holds moodle/course:viewhiddencourses in the course."""
        return bool(SEES_HIDDEN_ROLES.intersection(self.roles))


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
    # Every account on the site, by id: guest, the admin, the dataset's users, the token's owner.
    accounts: list[User] = field(default_factory=list)
    # Where Moodle sorts each course: by category, the newest course of each first.
    course_order: dict[int, tuple[int, int]] = field(default_factory=dict)
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
        index.accounts = _accounts(data)
        categories = {c.id: i for i, c in enumerate(data.categories)}
        index.course_order = {
            c.id: (categories.get(c.categoryid, len(categories)), -i)
            for i, c in enumerate(data.courses)
        }
        index.integration_userid = next(
            u.id for u in index.accounts if u.username == INTEGRATION_USERNAME
        )
        return index

    def category_path(self, categoryid: int) -> list[int]:
        """Return the ids from the top-level category down to ``categoryid``."""
        path: list[int] = []
        current = self.categories.get(categoryid)
        while current is not None and current.id not in path:
            path.insert(0, current.id)
            current = self.categories.get(current.parent)
        return path


def _accounts(data: Dataset) -> list[User]:
    """Return the site's accounts by id, supplying guest, and the admin and integration user
    when the dataset lacks them (the integration user after the last user, as on a real site)."""
    domain = "council.example"
    if data.users:
        domain = data.users[0].email.rpartition("@")[2] or domain
    accounts = [
        User(
            id=GUEST_ID,
            username="guest",
            firstname="Guest user",
            lastname=" ",
            email="root@localhost",
        ),
        *data.users,
    ]
    ids = {u.id for u in accounts}
    names = {u.username for u in accounts}
    if ADMIN_ID not in ids and "admin" not in names:
        accounts.append(
            User(
                id=ADMIN_ID,
                username="admin",
                firstname="Admin",
                lastname="User",
                email="admin@example.org",
            )
        )
        ids.add(ADMIN_ID)
    if INTEGRATION_USERNAME not in names:
        accounts.append(
            User(
                id=max(ids) + 1,
                username=INTEGRATION_USERNAME,
                firstname="CPD",
                lastname="Sync Service",
                email=f"cpdsync@{domain}",
                idnumber="SVC-CPDSYNC",
            )
        )
    return sorted(accounts, key=lambda u: u.id)


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
