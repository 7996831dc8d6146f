"""User and enrolment functions of the simulated Moodle."""

from __future__ import annotations

import re
from typing import Any

from cpdsync.simulator import shapes as r
from cpdsync.simulator.completion_functions import activity_times
from cpdsync.simulator.dataset import Course, Enrolment, SiteIndex, User
from cpdsync.simulator.params import Multiple, Single, Value, validate
from cpdsync.simulator.site_state import State


def site_users(site: SiteIndex) -> list[User]:
    """Return every account on the site: guest, the admin, the workers, the integration user."""
    return site.accounts


ENROLLED = Single(
    {
        "courseid": Value("int"),
        "options": Multiple(
            Single({"name": Value("alphanumext"), "value": Value("raw")}),
            required=False,
            default=[],
        ),
    }
)
_SORTABLE = ("id", "firstname", "lastname", "siteorder")


def get_enrolled_users(
    site: SiteIndex, state: State, params: dict[str, Any]
) -> list[dict[str, Any]]:
    p = validate(params, ENROLLED)
    course = site.courses.get(p["courseid"])
    if course is None:
        raise r.missing_record("course")
    if not state.may_enter(course):
        raise r.course_context_not_valid(course.id)
    opts = {o["name"]: o["value"] for o in p["options"]}  # unknown names are ignored silently
    if "withcapability" in opts:
        raise r.no_permission("Review permissions for others")
    sortby = opts.get("sortby", "id")
    direction = opts.get("sortdirection", "ASC").upper()
    if sortby not in _SORTABLE or direction not in ("ASC", "DESC"):
        raise r.invalid_parameter()
    limitfrom = _int_option(opts, "limitfrom")
    limitnumber = _int_option(opts, "limitnumber")
    now = state.now()
    enrolments = site.enrolments_by_course.get(course.id, [])
    if _flag(opts, "onlyactive"):
        enrolments = [e for e in enrolments if e.is_active(now)]
    elif _flag(opts, "onlysuspended"):
        enrolments = [e for e in enrolments if not e.is_active(now)]
    key = "id" if sortby == "siteorder" else sortby
    enrolments = sorted(
        enrolments,
        key=lambda e: (getattr(site.users[e.userid], key), e.userid),
        reverse=direction == "DESC",
    )[limitfrom:]
    if limitnumber > 0:
        enrolments = enrolments[:limitnumber]
    fields = None
    if opts.get("userfields"):
        fields = {f.strip() for f in opts["userfields"].split(",")} | {"id", "fullname"}
    return [_enrolled_record(site, state, e, fields) for e in enrolments]


def _int_option(opts: dict[str, str], name: str) -> int:
    value = opts.get(name, "0")
    if not re.fullmatch(r"\d+", value):
        raise r.invalid_parameter()
    return int(value)


def _flag(opts: dict[str, str], name: str) -> bool:
    return opts.get(name, "0") not in ("0", "", "false")


def _enrolled_record(
    site: SiteIndex, state: State, enrolment: Enrolment, fields: set[str] | None
) -> dict[str, Any]:
    user = site.users[enrolment.userid]
    all_details = state.can("moodle/user:viewalldetails")
    rec = r.user_identity(
        user,
        state.site_url,
        fullnames=state.can("moodle/site:viewfullnames"),
        all_details=all_details,
        display=False,
    )
    rec.update({"lastcourseaccess": 0, "city": "Leeds", "country": "GB"})
    rec.update(r.picture_urls(state.site_url))
    custom = r.profile_fields(user, all_details=all_details, display=False)
    if custom:
        rec["customfields"] = custom
    rec["roles"] = r.role_records(enrolment.roles)
    rec["enrolledcourses"] = [
        {"id": c.id, "fullname": c.fullname, "shortname": c.shortname}
        for c in _listed_courses(site, state, user.id)
    ]
    if fields is None:
        return rec
    return {k: v for k, v in rec.items() if k in fields}


BY_FIELD = Single({"field": Value("alpha"), "values": Multiple(Value("raw"))})
_USER_FIELDS = ("id", "idnumber", "username", "email")


def get_users_by_field(
    site: SiteIndex, state: State, params: dict[str, Any]
) -> list[dict[str, Any]]:
    p = validate(params, BY_FIELD)
    field = p["field"]
    if field not in _USER_FIELDS:
        raise r.coding_error("invalid field parameter")
    if not state.can("moodle/user:viewalldetails"):
        # Workers share no course with the integration user, so Moodle returns none of them.
        return []
    wanted = set(p["values"])
    found = [u for u in site_users(site) if str(getattr(u, field)) in wanted and u.id != 1]
    return [_core_record(state, u) for u in sorted(found, key=lambda u: u.id)]


def _core_record(state: State, user: User) -> dict[str, Any]:
    return r.core_user_record(
        user,
        state.site_url,
        fullnames=state.can("moodle/site:viewfullnames"),
        all_details=state.can("moodle/user:viewalldetails"),
    )


GET_USERS = Single({"criteria": Multiple(Single({"key": Value("alpha"), "value": Value("raw")}))})
_EXACT = ("id", "auth", "idnumber", "username")
_LIKE = ("email", "firstname", "lastname")


def get_users(site: SiteIndex, state: State, params: dict[str, Any]) -> dict[str, Any]:
    p = validate(params, GET_USERS)
    warnings: list[dict[str, Any]] = []
    users = site_users(site)
    fullnames = state.can("moodle/site:viewfullnames")
    for criterion in p["criteria"]:
        key, value = criterion["key"], criterion["value"]
        if key not in _EXACT + _LIKE:
            # Moodle drops the criterion with a warning and searches without it.
            warnings.append(
                {
                    "item": key,
                    "warningcode": "invalidfieldparameter",
                    "message": f"The search key '{key}' is not supported, "
                    "look at the web service documentation",
                }
            )
            continue
        if key in ("firstname", "lastname") and not fullnames:
            return {"users": [], "warnings": warnings}
        if key == "auth":
            users = [u for u in users if value == "manual"]
        elif key in _EXACT:
            users = [u for u in users if str(getattr(u, key)) == value]
        else:
            pattern = _like(value)
            users = [u for u in users if pattern.fullmatch(str(getattr(u, key)))]
    return {"users": [_core_record(state, u) for u in users], "warnings": warnings}


def _like(value: str) -> re.Pattern[str]:
    parts = [".*" if ch == "%" else "." if ch == "_" else re.escape(ch) for ch in value]
    return re.compile("".join(parts), re.IGNORECASE | re.DOTALL)


USERS_COURSES = Single(
    {"userid": Value("int"), "returnusercount": Value("bool", required=False, default=True)}
)


def _listed_courses(site: SiteIndex, state: State, userid: int) -> list[Course]:
    """Return the courses a user's course list shows the token's user: current enrolments only,
    a hidden course only when the USER holds moodle/course:viewhiddencourses in it (a teacher)
    and the token's user may enter it (lib/enrollib.php, enrol_get_users_courses)."""
    now = state.now()
    listed = []
    for enrolment in site.enrolments_by_user.get(userid, []):
        course = site.courses[enrolment.courseid]
        if not enrolment.is_active(now) or not state.may_enter(course):
            continue
        if course.visible or enrolment.sees_hidden():
            listed.append(course)
    return sorted(listed, key=lambda c: (not c.visible, site.course_order[c.id]))


def get_users_courses(
    site: SiteIndex, state: State, params: dict[str, Any]
) -> list[dict[str, Any]]:
    p = validate(params, USERS_COURSES)
    userid = p["userid"]
    if userid not in site.users:
        return []
    out: list[dict[str, Any]] = []
    for course in _listed_courses(site, state, userid):
        rec: dict[str, Any] = {
            "id": course.id,
            "shortname": course.shortname,
            "fullname": course.fullname,
            "displayname": course.fullname,
        }
        if p["returnusercount"]:
            # Moodle counts every enrolment here, current or not.
            rec["enrolledusercount"] = len(site.enrolments_by_course.get(course.id, []))
        rec.update(_course_fields(course, state))
        rec.update(_progress_fields(site, state, course, userid))
        rec.update(_list_tail(course))
        out.append(rec)
    return out


def _course_fields(course: Course, state: State) -> dict[str, Any]:
    return {
        "idnumber": course.idnumber,
        "visible": int(course.visible),
        "summary": course.summary_html(),
        "summaryformat": 1,
        "format": "topics",
        "courseimage": f"{state.site_url}/pluginfile.php/{course.id}/course/generated/course.svg",
        "showgrades": True,
        "lang": "",
        "enablecompletion": course.enablecompletion,
    }


def _progress_fields(site: SiteIndex, state: State, course: Course, userid: int) -> dict[str, Any]:
    """completionhascriteria, completionusertracked, category, progress and completed as
    Moodle computes them (core_completion\\progress, completion_info::is_course_complete)."""
    if not course.enablecompletion:
        return {
            "completionhascriteria": False,
            "completionusertracked": False,
            "category": course.categoryid,
            "progress": None,
            "completed": None,
        }
    enrolment = site.enrolment[(userid, course.id)]
    tracked = enrolment.is_tracked(state.now())
    # is_course_complete reads the completion record whoever holds it; progress needs tracking.
    done = (userid, course.id) in site.completion
    progress: int | float | None = None
    pages = activity_times(site, state, course, userid)
    if tracked and done:
        progress = 100
    elif tracked and pages:
        share = sum(1 for t in pages if t is not None) * 100 / len(pages)
        progress = int(share) if share.is_integer() else share
    return {
        "completionhascriteria": r.has_criteria(course),
        "completionusertracked": tracked,
        "category": course.categoryid,
        "progress": progress,
        "completed": done,
    }


def _list_tail(course: Course) -> dict[str, Any]:
    return {
        "startdate": r.START_DATE,
        "enddate": 0,
        "marker": 0,
        "lastaccess": None,
        "isfavourite": False,
        "hidden": False,
        "overviewfiles": [],
        "showactivitydates": False,
        "showcompletionconditions": True if course.enablecompletion else None,
        "timemodified": r.TIME_CREATED,
    }
