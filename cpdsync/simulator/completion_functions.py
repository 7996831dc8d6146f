"""Completion functions of the simulated Moodle.

The dataset holds each course completion's time, and for a course not yet complete how many of
its criteria the user has met (``criteria_done``). Each criterion of a completed course is met
at the completion time: Moodle's cron stamps a course with its latest criterion time, so a
client taking "the latest criterion time" gets the true time, as it would on a real site. The
first ``criteria_done`` criteria of a course in progress are met a day after the enrolment
started. Each ``activity`` criterion is one page with manual completion.

Completion tracks only a current enrolment in a role Moodle reports on (student); for anyone
else completion status answers ``usernotenroled``. A hidden course needs
moodle/course:viewhiddencourses (the integration role's, not the worker's).
"""

from __future__ import annotations

from typing import Any

from cpdsync.simulator import shapes as r
from cpdsync.simulator.dataset import Course, Enrolment, SiteIndex
from cpdsync.simulator.params import Single, Value, validate
from cpdsync.simulator.site_state import State

COURSE_AND_USER = Single({"courseid": Value("int"), "userid": Value("int")})
DAY_S = 86400

_SELF = {
    "type": "Self completion",
    "criteria": "Self completion",
    "requirement": "Marking yourself complete",
    "status": "",
}


def criteria_times(site: SiteIndex, state: State, course: Course, userid: int) -> list[int | None]:
    """Return when ``userid`` met each of ``course``'s criteria, in order (None: not met)."""
    done = site.completion.get((userid, course.id))
    if done is not None:
        return [done.timecompleted for _ in course.criteria]
    enrolment = site.enrolment.get((userid, course.id))
    met = min(enrolment.criteria_done if enrolment else 0, len(course.criteria))
    when = _partial_time(enrolment, state) if enrolment else None
    return [when] * met + [None] * (len(course.criteria) - met)


def _partial_time(enrolment: Enrolment, state: State) -> int:
    start = enrolment.timestart or r.START_DATE
    return int(min(state.now(), start + DAY_S))


def activity_times(site: SiteIndex, state: State, course: Course, userid: int) -> list[int | None]:
    """Return when ``userid`` completed each of the course's pages (one per activity criterion)."""
    if not course.enablecompletion:
        return []
    times = criteria_times(site, state, course, userid)
    return [t for c, t in zip(course.criteria, times, strict=True) if c == "activity"]


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
    details = {
        "type": "Activity completion",
        "criteria": f'<a href="{state.site_url}/mod/page/view.php?id='
        f'{r.page_cmid(course, activity_index)}">Course material {activity_index}</a>',
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
    if not state.may_enter(course):
        raise r.require_login()
    if not course.enablecompletion or not state.can("report/completion:view"):
        raise r.moodle_error("cannotviewreport", "You cannot view this report")
    enrolment = site.enrolment.get((p["userid"], course.id))
    if enrolment is None or not enrolment.is_tracked(state.now()):
        # Ended, suspended and future enrolments too, even when the user completed the course;
        # and a teacher's, whose completion Moodle does not track.
        raise r.moodle_error("usernotenroled", "User is not enrolled in this course")
    if not course.criteria:
        raise r.moodle_error("nocriteriaset", "No completion criteria set for this course")
    completions: list[dict[str, Any]] = []
    activity_index = 0
    times = criteria_times(site, state, course, p["userid"])
    for criterion, when in zip(course.criteria, times, strict=True):
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
            "completed": (p["userid"], course.id) in site.completion,
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
    if not state.may_enter(course):
        raise r.require_login()
    if not state.can("report/progress:view"):
        raise r.no_permission("View activity completion reports")
    enrolment = site.enrolment.get((p["userid"], course.id))
    is_tracked = enrolment is not None and enrolment.is_tracked(state.now())
    statuses: list[dict[str, Any]] = []
    # An activity's completion outlives the enrolment: an ended one still shows it.
    for i, when in enumerate(activity_times(site, state, course, p["userid"]), start=1):
        statuses.append(
            {
                "cmid": r.page_cmid(course, i),
                "modname": "page",
                "instance": r.page_cmid(course, i),
                "state": 1 if when else 0,
                "timecompleted": when or 0,
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
