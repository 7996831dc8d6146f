"""Completion functions of the simulated Moodle.

The dataset holds only each course completion's time. Moodle's cron, when it aggregates a
completion, stamps the course with the latest criterion time, so the simulator gives every
self or role criterion that same time: a client taking "the latest criterion time" gets the
true completion time, as it would from a cron-completed course on a real site. Activity
criteria are two pages done a day apart, the second at the completion time itself.
"""

from __future__ import annotations

from typing import Any

from cpdsync.simulator import shapes as r
from cpdsync.simulator.dataset import Course, SiteIndex
from cpdsync.simulator.params import Single, Value, validate
from cpdsync.simulator.site_state import State

COURSE_AND_USER = Single({"courseid": Value("int"), "userid": Value("int")})

_SELF = {
    "type": "Self completion",
    "criteria": "Self completion",
    "requirement": "Marking yourself complete",
    "status": "",
}
_ACTIVITY_GAP_S = 86400  # the two activities of an activity criterion, a day apart


def _expanded(course: Course) -> list[tuple[str, int]]:
    """Return (criterion, offset in days before completion); "activity" means two pages."""
    out: list[tuple[str, int]] = []
    for criterion in course.criteria:
        if criterion == "activity":
            out += [("activity", 1), ("activity", 0)]
        else:
            out.append((criterion, 0))
    return out


def _criterion(
    course: Course, state: State, criterion: str, activity_index: int
) -> tuple[int, str, dict[str, str]]:
    """Return Moodle's type number, title and details of one completion criterion."""
    if criterion == "self":
        return 1, "Self completion", dict(_SELF)
    if criterion == "role":
        details = {
            "type": "Manual completion by others",
            "criteria": "Teacher",
            "requirement": "Marked complete by Teacher",
            "status": "",
        }
        return 7, "Teacher", details
    name = f"{course.shortname} part {activity_index}"
    details = {
        "type": "Activity completion",
        "criteria": f'<a href="{state.site_url}/mod/page/view.php?id='
        f'{course.id * 10 + activity_index}">{name}</a>',
        "requirement": "Marking yourself complete",
        "status": "",
    }
    return 4, "Activity completion", details


def get_course_completion_status(
    site: SiteIndex, state: State, params: dict[str, Any]
) -> dict[str, Any]:
    p = validate(params, COURSE_AND_USER)
    course = site.courses.get(p["courseid"])
    if course is None:
        raise r.missing_record("course")
    if p["userid"] not in site.users:
        raise r.invalid_user()
    if not course.enablecompletion or not state.can("report/completion:view"):
        raise r.moodle_error("cannotviewreport", "You cannot view this report")
    enrolment = site.enrolment.get((p["userid"], course.id))
    if enrolment is None or not enrolment.is_active(state.now()):
        # Ended, suspended and future enrolments too, even when the user completed the course.
        raise r.moodle_error("usernotenroled", "User is not enrolled in this course")
    if not course.criteria:
        raise r.moodle_error("nocriteriaset", "No completion criteria set for this course")
    done = site.completion.get((p["userid"], course.id))
    completions: list[dict[str, Any]] = []
    activity_index = 0
    for criterion, days_before in _expanded(course):
        when = done.timecompleted - days_before * _ACTIVITY_GAP_S if done else None
        if criterion == "activity":
            activity_index += 1
        ctype, title, details = _criterion(course, state, criterion, activity_index)
        completions.append(
            {
                "type": ctype,
                "title": title,
                "status": "Yes" if when is not None else "No",
                "complete": when is not None,
                "timecompleted": when,
                "details": details,
            }
        )
    return {
        "completionstatus": {
            "completed": done is not None,
            "aggregation": 1,
            "completions": completions,
        },
        "warnings": [],
    }


def get_activities_completion_status(
    site: SiteIndex, state: State, params: dict[str, Any]
) -> dict[str, Any]:
    p = validate(params, COURSE_AND_USER)
    course = site.courses.get(p["courseid"])
    if course is None:
        raise r.missing_record("course")
    if p["userid"] not in site.users:
        raise r.invalid_user()
    if not state.can("report/progress:view"):
        raise r.no_permission("View activity completion reports")
    tracked = r.tracked_activities(course)
    enrolment = site.enrolment.get((p["userid"], course.id))
    is_tracked = enrolment is not None and enrolment.is_active(state.now())
    done = site.completion.get((p["userid"], course.id)) if is_tracked else None
    statuses: list[dict[str, Any]] = []
    for i in range(tracked):
        when = 0
        if done is not None:
            when = done.timecompleted - (tracked - 1 - i) * _ACTIVITY_GAP_S
        statuses.append(
            {
                "cmid": course.id * 10 + i + 1,
                "modname": "page",
                "instance": course.id * 10 + i + 1,
                "state": 1 if when else 0,
                "timecompleted": when,
                "tracking": 1,
                "overrideby": None,
                "valueused": False,
                "hascompletion": True,
                "isautomatic": False,
                "istrackeduser": is_tracked,
                "uservisible": True,
                "details": [],
                "isoverallcomplete": bool(when),
            }
        )
    return {"statuses": statuses, "warnings": []}
