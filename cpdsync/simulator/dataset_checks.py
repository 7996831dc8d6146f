"""The checks a simulator dataset passes before it is served, beyond its schema: unique ids and
names, references that exist, no category loops, criteria counts that fit their course,
cohort members who are users, once each.

Rows too malformed to read are left to the schema check, so one run reports every problem.
"""

from __future__ import annotations

from typing import Any

FRONT_PAGE_ID = 1
RESERVED_USER_IDS = (1,)  # the guest user: on every site, never in an export
RESERVED_USERNAMES = ("guest",)


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
    problems += _unique(users, "users", "username", RESERVED_USERNAMES)
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
    problems += _criteria_done(_rows(raw, "enrolments"), courses)
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


def _criteria_done(enrolments: list[dict[str, Any]], courses: list[dict[str, Any]]) -> list[str]:
    """Messages for enrolments claiming more criteria met than their course has. (An enrolment
    that ends before it starts is sound: Moodle stores it, and it is simply not current.)"""
    counts = {
        c.get("id"): len(c["criteria"]) if isinstance(c.get("criteria"), list) else 1
        for c in courses
    }
    problems: list[str] = []
    for i, e in enumerate(enrolments):
        done, have = e.get("criteria_done", 0), counts.get(e.get("courseid"))
        if isinstance(done, int) and have is not None and done > have:
            problems.append(
                f"enrolments[{i}].criteria_done: {done}, but course {e.get('courseid')} has "
                f"{have} completion criteria"
            )
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
